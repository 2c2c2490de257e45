// One process at a time works on a data directory: the server (and `vigie recordings rebuild-index`, which
// must not race the recorder) hold <dataDir>/vigie.lock, created exclusively and naming the holder's pid.
// A lock left by a process that died (kill -9, power cut) is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { VigieError } from './errors.js';

export const LOCK_FILE = 'vigie.lock';

export interface DataDirLock {
  release(): void;
}

interface LockHolder {
  readonly pid: number;
  readonly holder: string;
}

/**
 * Takes the data directory's lock for `holder` ("the Vigie server"), or throws VIGIE_DATA_DIR_IN_USE naming the
 * live process that holds it, followed by `advice`. Other errors (EACCES, EROFS…) are thrown as they are.
 */
export function lockDataDir(dataDir: string, holder: string, advice: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  // Two rounds: the second comes after removing a stale lock.
  for (let round = 0; round < 2; round += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readHolder(file);
      if (current !== undefined && isAlive(current.pid)) {
        throw new VigieError('VIGIE_DATA_DIR_IN_USE', `data directory ${dataDir} is in use by ${current.holder} (pid ${current.pid}): ${advice}`, {
          status: 409,
          context: { dataDir, pid: current.pid },
        });
      }
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify({ pid: process.pid, holder } satisfies LockHolder)}\n`);
    } finally {
      closeSync(fd);
    }
    return { release: () => releaseIfOurs(file) };
  }
  throw new VigieError('VIGIE_DATA_DIR_IN_USE', `data directory ${dataDir}: another process took ${LOCK_FILE} at the same time: ${advice}`, { status: 409, context: { dataDir } });
}

/** Undefined when the file is gone or unreadable as a lock (a holder that died between creating and writing it). */
function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.holder === 'string' ? { pid: parsed.pid, holder: parsed.holder } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Only our own lock is removed: a process that took over a lock we lost keeps its own. */
function releaseIfOurs(file: string): void {
  if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
}

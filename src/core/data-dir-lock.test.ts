// The data directory's lock: one holder at a time, a dead holder's lock taken over, only one's own lock released.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LOCK_FILE, lockDataDir } from './data-dir-lock.js';

describe('data directory lock', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-lock-'));
  const lockFile = join(dataDir, LOCK_FILE);
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is held by one holder at a time, and released', () => {
    const lock = lockDataDir(dataDir, 'a Vigie server', 'stop it');
    assert.deepEqual(JSON.parse(readFileSync(lockFile, 'utf8')), { pid: process.pid, holder: 'a Vigie server' });
    assert.throws(
      () => lockDataDir(dataDir, 'vigie recordings rebuild-index', 'stop it first'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'VIGIE_DATA_DIR_IN_USE');
        assert.equal(error.message, `data directory ${dataDir} is in use by a Vigie server (pid ${process.pid}): stop it first`);
        return true;
      },
    );
    lock.release();
    assert.equal(existsSync(lockFile), false);
  });

  it('takes over the lock of a process that died', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lockFile, JSON.stringify({ pid: Number(dead.stdout), holder: 'a Vigie server' }));
    const lock = lockDataDir(dataDir, 'a Vigie server', 'stop it');
    assert.equal((JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number }).pid, process.pid);
    lock.release();
  });

  it('leaves a lock it no longer holds to its new holder', () => {
    const lock = lockDataDir(dataDir, 'a Vigie server', 'stop it');
    writeFileSync(lockFile, JSON.stringify({ pid: 1, holder: 'another server' }));
    lock.release();
    assert.equal(existsSync(lockFile), true);
    rmSync(lockFile);
  });
});

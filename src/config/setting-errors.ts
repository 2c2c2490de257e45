// Turns the low-level error that stopped Vigie (a port already taken, a database out of reach, a data directory
// it cannot write) into one line naming the setting to change, with its flag and environment variable.
import { isAbsolute, relative, resolve } from 'node:path';
import { VigieError } from '../core/errors.js';
import { settingAndOverrides } from './load.js';
import type { Config } from './schema.js';

const LISTEN_REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied: ports below 1024 need privileges',
  EADDRNOTAVAIL: 'no such address on this machine',
};

const FILE_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a file stands where a directory is needed',
  ENOSPC: 'no space left on the device',
};

/** Network failures reaching PostgreSQL, and its SQLSTATEs for a wrong password, user or database name. */
const DATABASE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', '28P01', '28000', '3D000']);

const PORT_SETTINGS = ['http.port', 'media.rtspPort', 'media.simulatorPort'] as const;

interface SystemError {
  readonly code?: unknown;
  readonly syscall?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  readonly path?: unknown;
  readonly message?: unknown;
}

/** A VigieError whose message names the setting to change, or the error itself when no setting is to blame. */
export function blameSetting(error: unknown, config: Config): unknown {
  for (const cause of causes(error)) {
    const blame = explain(cause, config);
    if (blame !== undefined)
      return new VigieError('VIGIE_SETTING_FAILED', `${blame.problem}: change ${blame.settings.map(settingAndOverrides).join(' or ')}`, { cause: error, context: { settings: blame.settings } });
  }
  return error;
}

function explain(error: SystemError, config: Config): { problem: string; settings: string[] } | undefined {
  const code = typeof error.code === 'string' ? error.code : '';
  if (error.syscall === 'listen' && code in LISTEN_REASONS) {
    const problem = `cannot listen on ${String(error.address)}:${String(error.port)} (${LISTEN_REASONS[code]})`;
    if (code === 'EADDRNOTAVAIL') return { problem, settings: ['http.host'] };
    const settings = PORT_SETTINGS.filter((path) => portOf(config, path) === error.port);
    return settings.length === 0 ? undefined : { problem, settings };
  }
  const postgres = /^postgres(ql)?:\/\//.test(config.database.url);
  if (postgres && DATABASE_CODES.has(code)) return { problem: `cannot reach the PostgreSQL database ${withoutPassword(config.database.url)} (${describe(error)})`, settings: ['database.url'] };
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM')) {
    return { problem: `cannot open the SQLite database (${describe(error)})`, settings: [config.database.url === '' ? 'dataDir' : 'database.url'] };
  }
  if (code in FILE_REASONS && typeof error.path === 'string') {
    const onVolume = config.recording.volumes.some((volume) => related(resolve(volume), error.path as string));
    return { problem: `cannot write ${error.path} (${FILE_REASONS[code]})`, settings: [onVolume ? 'recording.volumes' : 'dataDir'] };
  }
  return undefined;
}

function portOf(config: Config, path: (typeof PORT_SETTINGS)[number]): number {
  if (path === 'http.port') return config.http.port;
  return path === 'media.rtspPort' ? config.media.rtspPort : config.media.simulatorPort;
}

/** The error, what caused it, and the attempts of an AggregateError (one per address of a host name). */
function causes(error: unknown): SystemError[] {
  const found: SystemError[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && found.length < 20) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null) continue;
    found.push(next as SystemError);
    queue.push((next as { cause?: unknown }).cause);
    if (next instanceof AggregateError) queue.push(...next.errors);
  }
  return found;
}

function describe(error: SystemError): string {
  return typeof error.message === 'string' && error.message !== '' ? error.message : String(error.code);
}

/** One path inside the other (a parent of the data directory that cannot be created counts too). */
function related(a: string, b: string): boolean {
  const inside = (parent: string, child: string): boolean => {
    const path = relative(parent, child);
    return !path.startsWith('..') && !isAbsolute(path);
  };
  return inside(a, b) || inside(b, a);
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

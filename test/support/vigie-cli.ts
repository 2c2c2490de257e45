// Runs the `vigie` command as an installer would: a spawned process on a test database's data directory
// (SQLite) or URL (PostgreSQL, through VIGIE_DATABASE_URL), with its exit code and output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './databases.js';

const VIGIE = fileURLToPath(new URL('../../bin/vigie.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runVigie(database: TestDatabase, args: readonly string[], stdin = ''): Promise<CliRun> {
  return runVigieCommand([...args, '--data', database.dataDir], { env: { VIGIE_DATABASE_URL: database.url }, stdin });
}

/** Runs `vigie ARGS` with the test environment plus `env`; killed (and rejected) after `timeoutMs`. */
export function runVigieCommand(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number; uid?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, VIGIE_LOG_LEVEL: 'warn', ...options.env };
    const child = spawn(process.execPath, [VIGIE, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vigie ${args.join(' ')} still running after ${options.timeoutMs ?? 60_000} ms:\n${stdout}${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

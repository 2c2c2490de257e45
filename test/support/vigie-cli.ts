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
  return new Promise((resolve, reject) => {
    const env = { ...process.env, VIGIE_DATABASE_URL: database.url, VIGIE_LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, [VIGIE, ...args, '--data', database.dataDir], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

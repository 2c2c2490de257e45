// `vigie start --data DIR --port N` as an administrator runs it: a production start (no demo) prints the
// address and a generated administrator password once, on SQLite and on PostgreSQL (VIGIE_DATABASE_URL).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openTestDatabase, testDialects } from '../support/databases.js';
import { HttpSession } from './support/http-session.js';

interface StartedServer {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly output: () => string;
}

/** Spawns `vigie start` and waits for its "open http://…" line. */
function startServer(dataDir: string, env: NodeJS.ProcessEnv): Promise<StartedServer> {
  const child = spawn(process.execPath, ['bin/vigie.js', 'start', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, VIGIE_RTSP_PORT: '0', VIGIE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigie start printed no address within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /open (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1] !== undefined && output.includes('\n', output.indexOf(match[0]))) {
        clearTimeout(timer);
        resolve({ child, baseUrl: match[1], output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vigie start exited with ${String(code)}:\n${output}`));
    });
  });
}

/** Sends SIGTERM and resolves with how the process ended ("exit 0", "signal SIGKILL"…). */
function stopServer(server: StartedServer): Promise<string> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      resolve(`already ended: exit ${String(server.child.exitCode)} signal ${String(server.child.signalCode)}`);
      return;
    }
    server.child.once('exit', (code, signal) => resolve(code === null ? `signal ${String(signal)}` : `exit ${code}`));
    server.child.kill('SIGTERM');
  });
}

for (const dialect of await testDialects()) {
  describe(`vigie start, production mode (${dialect})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigie-start-'));
    const databases: Array<{ close(): Promise<void> }> = [];
    after(async () => {
      for (const database of databases) await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('prints where to open it and a one-time administrator password, and serves health, OpenAPI and metrics', async () => {
      let env: NodeJS.ProcessEnv = {};
      if (dialect === 'postgres') {
        const database = await openTestDatabase('postgres');
        databases.push(database);
        env = { VIGIE_DATABASE_URL: database.url };
      }
      const first = await startServer(dataDir, env);
      try {
        const password = /administrator "admin" created with password (\S+)/.exec(first.output())?.[1];
        assert.ok(password !== undefined, `no generated password in:\n${first.output()}`);

        const health = (await (await fetch(`${first.baseUrl}/api/health`)).json()) as { status: string; checks: Record<string, string> };
        assert.equal(health.status, 'ok');
        assert.equal(health.checks['retention'], 'ok');

        const openapi = (await (await fetch(`${first.baseUrl}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
        assert.match(openapi.openapi, /^3\./);
        for (const path of ['/api/auth/login', '/api/cameras', '/api/cameras/{id}', '/api/journal']) assert.ok(path in openapi.paths, `${path} missing from OpenAPI`);

        assert.equal((await fetch(`${first.baseUrl}/metrics`)).status, 401, 'metrics need a login');
        const admin = new HttpSession(first.baseUrl);
        assert.equal((await admin.login('admin', 'not the password')).status, 401);
        assert.equal((await admin.login('admin', password)).status, 200);
        const metrics = await admin.send('GET', '/metrics');
        assert.equal(metrics.status, 200);
        assert.match(await metrics.text(), /process_cpu_seconds_total/);
        // A production start has no demo account.
        assert.equal((await new HttpSession(first.baseUrl).login('operateur', 'demo')).status, 401);
      } finally {
        assert.equal(await stopServer(first), 'exit 0', `SIGTERM stops Vigie cleanly; it printed:\n${first.output()}`);
      }

      // The password is printed once: a second start on the same installation prints none.
      const second = await startServer(dataDir, env);
      try {
        assert.doesNotMatch(second.output(), /created with password/);
      } finally {
        await stopServer(second);
      }
    });
  });
}

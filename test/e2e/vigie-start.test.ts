// `vigie start --data DIR --port N` as an administrator runs it: a production start (no demo) prints the
// address and a generated administrator password once, on SQLite and on PostgreSQL (VIGIE_DATABASE_URL); a start
// that cannot start exits by itself with one line naming the setting to change; one server per data directory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openTestDatabase, testDialects } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { runVigieCommand, type CliRun } from '../support/vigie-cli.js';
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

/** Holds a loopback port, as another program would. */
async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  return { port: typeof address === 'object' && address !== null ? address.port : 0, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A failed start: it ends by itself (within the run's timeout) with `code`, one stderr line naming the setting, no stack. */
function assertRefusedStart(run: CliRun, code: number, line: RegExp): void {
  assert.equal(run.code, code, `exit status; it printed:\n${run.stdout}${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr:\n${run.stderr}`);
  assert.match(lines[0] as string, line);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
}

describe('vigie start, when it cannot start', () => {
  const parent = mkdtempSync(join(tmpdir(), 'vigie-start-fails-'));
  after(() => rmSync(parent, { recursive: true, force: true }));
  const start = (args: readonly string[], options: { env?: NodeJS.ProcessEnv; uid?: number } = {}): Promise<CliRun> =>
    runVigieCommand(['start', '--data', mkdtempSync(join(parent, 'data-')), '--host', '127.0.0.1', ...args], { ...options, timeoutMs: 30_000 });

  it('HTTP port in use: exits 1 by itself, naming http.port', async () => {
    const held = await holdPort();
    try {
      assertRefusedStart(
        await start(['--port', String(held.port), '--rtsp-port', '0']),
        1,
        new RegExp(`^vigie start: cannot listen on 127\\.0\\.0\\.1:${held.port} \\(address already in use\\): change http\\.port \\(--port, VIGIE_PORT\\)$`),
      );
    } finally {
      await held.release();
    }
  });

  it('RTSP restream port in use (from VIGIE_RTSP_PORT): exits 1 by itself, naming media.rtspPort', async () => {
    const held = await holdPort();
    try {
      assertRefusedStart(await start(['--port', '0'], { env: { VIGIE_RTSP_PORT: String(held.port) } }), 1, /: change media\.rtspPort \(--rtsp-port, VIGIE_RTSP_PORT\)$/);
    } finally {
      await held.release();
    }
  });

  it('demo simulator port in use (from --sim-port): exits 1 by itself, naming media.simulatorPort', async () => {
    const held = await holdPort();
    // One camera, whose loop the other tests share (generated with ffmpeg on first use).
    const config = join(parent, 'demo.yml');
    writeFileSync(config, `media:\n  demoCameras: 1\n  simulatorCacheDir: ${join(tmpdir(), 'vigie-sim-test-cache')}\n`);
    try {
      const run = await runVigieCommand(['start', '--demo', '--config', config, '--data', mkdtempSync(join(parent, 'data-')), '--port', '0', '--rtsp-port', '0', '--sim-port', String(held.port)], {
        timeoutMs: 180_000,
      });
      assertRefusedStart(
        run,
        1,
        new RegExp(`^vigie start: cannot listen on 127\\.0\\.0\\.1:${held.port} \\(address already in use\\): change media\\.simulatorPort \\(--sim-port, VIGIE_SIM_PORT\\)$`),
      );
    } finally {
      await held.release();
    }
  });

  it('PostgreSQL unreachable: exits 1, naming database.url', async () => {
    const nothingListens = await freePort();
    const run = await start(['--port', '0', '--rtsp-port', '0'], { env: { VIGIE_DATABASE_URL: `postgres://vigie:secret@127.0.0.1:${nothingListens}/vigie` } });
    assertRefusedStart(
      run,
      1,
      new RegExp(`^vigie start: cannot reach the PostgreSQL database postgres://vigie@127\\.0\\.0\\.1:${nothingListens}/vigie \\(.*ECONNREFUSED.*\\): change database\\.url \\(VIGIE_DATABASE_URL\\)$`),
    );
    assert.doesNotMatch(run.stderr, /secret/, 'the password is not printed');
  });

  it('unwritable data directory: exits 1, naming dataDir', async () => {
    const readOnly = mkdtempSync(join(parent, 'read-only-'));
    chmodSync(readOnly, 0o555);
    chmodSync(parent, 0o755);
    // root writes anywhere: run as nobody then, for whom the directory is read-only as for any other user.
    const asUser = process.getuid?.() === 0 ? { uid: 65534 } : {};
    const run = await runVigieCommand(['start', '--data', readOnly, '--port', '0', '--rtsp-port', '0'], { ...asUser, timeoutMs: 30_000 });
    assertRefusedStart(run, 1, new RegExp(`^vigie start: cannot write ${readOnly}/vigie\\.lock \\(permission denied\\): change dataDir \\(--data, VIGIE_DATA_DIR\\)$`));
  });

  it('an invalid setting: exits 1, naming it', async () => {
    assertRefusedStart(await start(['--port', 'eighty']), 1, /^vigie start: invalid configuration: field "http\.port" must be integer/);
  });
});

describe('one server per data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-start-lock-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a second start and rebuild-index are refused while a server runs; JSON logs when piped; the lock goes with the server', async () => {
    const server = await startServer(dataDir, { VIGIE_LOG_LEVEL: 'info' });
    let stopped = '';
    try {
      const logLines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'));
      assert.ok(logLines.length > 0, `info logs on a pipe are JSON lines:\n${server.output()}`);
      for (const line of logLines) assert.equal(typeof (JSON.parse(line) as { msg?: unknown }).msg, 'string');
      assert.match(server.output(), /Ports \(change one[^]*HTTP +\d+ +http\.port \(--port, VIGIE_PORT\)[^]*RTSP restream +off +media\.rtspPort \(--rtsp-port, VIGIE_RTSP_PORT\)/);

      const pid = String(server.child.pid);
      const second = await runVigieCommand(['start', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'], { env: { VIGIE_RTSP_PORT: '0' }, timeoutMs: 30_000 });
      assertRefusedStart(second, 2, new RegExp(`^vigie start: data directory ${dataDir} is in use by a Vigie server \\(pid ${pid}\\): stop it, or change dataDir \\(--data, VIGIE_DATA_DIR\\)$`));
      const rebuild = await runVigieCommand(['recordings', 'rebuild-index', '--data', dataDir]);
      assert.equal(rebuild.code, 2, rebuild.stdout + rebuild.stderr);
      assert.match(rebuild.stderr, new RegExp(`in use by a Vigie server \\(pid ${pid}\\): stop it first`));
      assert.ok(existsSync(join(dataDir, 'vigie.lock')), 'the refused commands leave the server its lock');
    } finally {
      stopped = await stopServer(server);
    }
    assert.equal(stopped, 'exit 0');
    assert.equal(existsSync(join(dataDir, 'vigie.lock')), false, 'the server releases its lock');
    const rebuild = await runVigieCommand(['recordings', 'rebuild-index', '--data', dataDir]);
    assert.equal(rebuild.code, 0, rebuild.stdout + rebuild.stderr);
  });
});

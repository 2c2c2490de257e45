// The acceptance probe of issue 9: replays each finding of the issue against a Vigie and shows whether it is
// closed, one line per finding: what the issue measured before, what is measured now, PASS or FAIL.
// Starts its own Vigie (`vigie start --demo` on free ports, temp data directory) unless given --url, in which case
// that server must hold the demo accounts (password "demo") and the checks that need the data directory or the
// process (journal tamperings, fatal start error) are not run. Not part of npm test: for a person, and for the
// closing note of the issue.
//
//   scripts/probe [--url http://HOST:PORT --rtsp-port N] [--full] [--keep]
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { entryHash, type ChainedFields } from '../src/journal/chain.js';
import { freePort } from '../test/support/ports.js';
import { HttpSession } from '../test/e2e/support/http-session.js';
import { probeWebSocket, rtspPlay } from '../test/e2e/support/stream-probes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const VIGIE = join(ROOT, 'bin/vigie.js');
const HOME = '28085';
const STREAM_URL = /rtsps?:\/\/[A-Za-z0-9[]/i;
const { values: flags } = parseArgs({ options: { url: { type: 'string' }, 'rtsp-port': { type: 'string' }, full: { type: 'boolean' }, keep: { type: 'boolean' }, 'login-limit': { type: 'string' } } });

interface Finding {
  readonly name: string;
  readonly before: string;
  run(): Promise<{ after: string; pass: boolean }>;
}
interface Server {
  readonly baseUrl: string;
  readonly httpPort: number;
  readonly rtspPort: number;
  readonly dataDir: string | undefined;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const local = (url: string) => /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url);

// --- the server -------------------------------------------------------------------------------------------------

async function ownServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-probe-'));
  const [httpPort, rtspPort, simulatorPort] = [await freePort(), await freePort(), await freePort()];
  const config = join(dataDir, 'probe.yml');
  writeFileSync(config, 'media:\n  demoCameras: 3\nrecording:\n  minFreeBytes: 0\n');
  const child = spawn(process.execPath, [VIGIE, 'start', '--demo', '--data', dataDir, '--config', config, '--port', String(httpPort)], {
    env: { ...cleanEnv(), VIGIE_RTSP_PORT: String(rtspPort), VIGIE_SIM_PORT: String(simulatorPort), VIGIE_LOG_LEVEL: 'warn', VIGIE_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let waited = 0; !/is running/.test(output); waited += 200) {
    if (waited > 120_000 || child.exitCode !== null) throw new Error(`vigie start did not come up: ${output.slice(-2000)}`);
    await sleep(200);
  }
  return {
    baseUrl: `http://127.0.0.1:${httpPort}`,
    httpPort,
    rtspPort,
    dataDir,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The environment without settings that would point a spawned vigie at another installation. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('VIGIE_')) delete env[name];
  return env;
}

function runVigie(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<{ code: number | null; output: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [VIGIE, ...args], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, stderr, timedOut });
    });
  });
}

// --- helpers ----------------------------------------------------------------------------------------------------

async function login(baseUrl: string, username: string, password = 'demo'): Promise<HttpSession> {
  const session = new HttpSession(baseUrl, { username, password });
  const response = await session.login();
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}: ${await response.text()}`);
  return session;
}

async function json<T>(session: HttpSession, method: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const response = await session.send(method, path, body);
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed as T, text };
}

/** A POST /api/auth/login from a chosen loopback source address (so that a burst does not throttle the probe). */
function loginFrom(baseUrl: string, localAddress: string | undefined, username: string, password: string): Promise<number> {
  const url = new URL('/api/auth/login', baseUrl);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        ...(localAddress === undefined ? {} : { localAddress }),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', () => resolve(0));
    request.setTimeout(60_000, () => request.destroy());
    request.end(body);
  });
}

async function untilClosed(closed: Promise<number>, fromMs: number, waitMs: number): Promise<number | null> {
  const at = await Promise.race([closed, sleep(waitMs).then(() => null)]);
  return at === null ? null : (at - fromMs) / 1000;
}

/** Opens a live WebSocket and resolves once pictures flow. */
function liveView(wsUrl: string, headers: Record<string, string>): Promise<{ closed: Promise<number>; texts: string[]; stop(): void }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { headers });
    const texts: string[] = [];
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
    const timer = setTimeout(() => reject(new Error('no live pictures within 20 s')), 20_000);
    socket.on('error', () => undefined);
    socket.on('unexpected-response', (_request, response) => reject(new Error(`live upgrade refused: ${response.statusCode}`)));
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return void texts.push(data.toString());
      clearTimeout(timer);
      resolve({ closed, texts, stop: () => socket.terminate() });
    });
  });
}

/** An instant the camera's recording covers (waits up to 30 s for the first seconds to be written). */
async function recordedInstant(session: HttpSession, cameraId: string): Promise<number> {
  for (let waited = 0; waited < 30_000; waited += 1000) {
    const now = Date.now();
    const timeline = await json<{ cameras: Array<{ coverage: Array<[number, number]> }> }>(session, 'GET', `/api/recordings/timeline?cameras=${cameraId}&from=${now - 600_000}&to=${now}`);
    const span = timeline.body?.cameras?.[0]?.coverage.find(([from, to]) => to - from >= 3000);
    if (span !== undefined) return span[0] + 1000;
    await sleep(1000);
  }
  throw new Error(`no recorded footage of ${cameraId} within 30 s`);
}

// --- the findings -----------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const server: Server = flags.url === undefined ? await ownServer() : await remoteServer(flags.url);
  const base = server.baseUrl;
  const wsBase = base.replace(/^http/, 'ws');
  process.stdout.write(`probing ${base} (RTSP ${server.rtspPort})${server.dataDir === undefined ? '' : `, data ${server.dataDir}`}\n`);
  const admin = await login(base, 'admin');
  const operator = await login(base, 'operateur');
  const lead = await login(base, 'chef');
  const mayor = await login(base, 'maire.chartres');
  const auditor = await login(base, 'auditeur');
  const cameras = (await json<Array<{ id: string; commune: string; streams: { main: string | null } }>>(admin, 'GET', '/api/cameras')).body;
  const home = cameras.filter((c) => c.commune === HOME).map((c) => c.id);
  const foreign = new Set(cameras.filter((c) => c.commune !== HOME).map((c) => c.id));
  const camera = home[0] ?? '';
  const cleanups: Array<() => Promise<unknown>> = [];
  const foreignIn = (text: string) => [...foreign].filter((id) => text.includes(id)).length;

  const findings: Finding[] = [
    {
      name: '§1 GET /api/recordings/status as a mayor',
      before: "every camera's id, state and resolution",
      async run() {
        const answer = await json<{ cameras: Array<{ cameraId: string }> }>(mayor, 'GET', '/api/recordings/status');
        const ids = answer.body?.cameras?.map((c) => c.cameraId) ?? [];
        const others = ids.filter((id) => foreign.has(id)).length;
        return { after: `${answer.status}, ${ids.length} cameras, ${others} of other communes`, pass: answer.status === 200 && others === 0 && ids.length > 0 };
      },
    },
    {
      name: '§1 GET /api/sectors as a mayor',
      before: "other communes' camera ids",
      async run() {
        const sector = await json<{ id: string }>(admin, 'POST', '/api/sectors', { name: `probe ${Date.now()}`, cameraIds: cameras.map((c) => c.id) });
        if (sector.status === 201) cleanups.push(() => admin.send('DELETE', `/api/sectors/${sector.body.id}`));
        const answer = await json<unknown>(mayor, 'GET', '/api/sectors');
        const others = foreignIn(answer.text);
        return { after: `${answer.status}, ${others} camera ids of other communes (sector over all cameras: ${sector.status})`, pass: answer.status === 200 && others === 0 && sector.status === 201 };
      },
    },
    {
      name: '§1 snapshot older than 72 h as an operator',
      before: 'footage outside the window served',
      async run() {
        const at = Date.now() - 80 * 3_600_000;
        const asOperator = await operator.probe('GET', `/api/cameras/${camera}/snapshot?at=${at}`);
        const asLead = await lead.probe('GET', `/api/cameras/${camera}/snapshot?at=${at}`);
        const recorded = await recordedInstant(lead, camera);
        const recent = await operator.probe('GET', `/api/cameras/${camera}/snapshot?at=${recorded}`);
        return {
          after: `operator ${asOperator} (room lead ${asLead}; operator on footage ${Math.round((Date.now() - recorded) / 1000)} s old: ${recent})`,
          pass: asOperator === 403 && asLead !== 403 && asLead < 500 && recent === 200,
        };
      },
    },
    {
      name: '§1 stream URLs and credentials',
      before: 'raw stream URLs and credentials reached non-administrators',
      async run() {
        const secret = `probe-secret-${Date.now()}`;
        const made = await json<{ id: string }>(admin, 'POST', '/api/cameras', {
          name: `probe credentials ${Date.now()}`,
          commune: HOME,
          lat: 48.44,
          lon: 1.48,
          mainUrl: 'rtsp://127.0.0.1:9/probe',
          username: 'probeuser',
          password: secret,
          enabled: false,
        });
        if (made.status === 201) cleanups.push(() => admin.send('DELETE', `/api/cameras/${made.body.id}`));
        const paths = ['/api/cameras', `/api/cameras/${camera}`, '/api/health/cameras', '/api/sectors', '/api/recordings/status'];
        let leaks = 0;
        let secrets = 0;
        for (const [session, extra] of [
          [operator, []],
          [mayor, []],
          [lead, []],
          [auditor, ['/api/journal?limit=1000']],
        ] as const) {
          for (const path of [...paths, ...extra]) {
            const text = (await json<unknown>(session, 'GET', path)).text;
            if (STREAM_URL.test(text)) leaks += 1;
            if (text.includes(secret)) secrets += 1;
          }
        }
        const adminView = await json<Array<{ streams: { main: string | null } }>>(admin, 'GET', '/api/cameras');
        const shown = adminView.body.filter((c) => c.streams.main?.startsWith('rtsp://') === true).length;
        const withCredentials = adminView.body.filter((c) => c.streams.main?.includes('@') === true).length + (adminView.text.includes(secret) ? 1 : 0);
        return {
          after: `${leaks} non-administrator answers with a stream URL, ${secrets} with a password; administrator sees ${shown} URLs, ${withCredentials} with credentials`,
          pass: made.status === 201 && leaks === 0 && secrets === 0 && shown > 0 && withCredentials === 0,
        };
      },
    },
    {
      name: '§1 administrator mints a video.live token',
      before: 'token with video rights minted',
      async run() {
        const answer = await json<{ id: string }>(admin, 'POST', '/api/tokens', { name: 'probe video', actions: ['video.live'] });
        if (answer.status === 201) cleanups.push(() => admin.send('DELETE', `/api/tokens/${answer.body.id}`));
        return { after: `${answer.status}`, pass: answer.status >= 400 && answer.status < 500 };
      },
    },
    {
      name: '§1 live view after logout',
      before: 'kept streaming after logout',
      async run() {
        const viewer = await login(base, 'operateur');
        const view = await liveView(`${wsBase}/api/cameras/${camera}/live`, { ...viewer.authHeaders(), origin: base });
        const from = Date.now();
        const loggedOut = await viewer.probe('POST', '/api/auth/logout');
        const seconds = await untilClosed(view.closed, from, 15_000);
        view.stop();
        return { after: seconds === null ? `still streaming 15 s after logout (${loggedOut})` : `cut after ${seconds.toFixed(1)} s`, pass: seconds !== null && seconds <= 5 };
      },
    },
    {
      name: '§1 RTSP pull after token revocation',
      before: 'ran 105 s after revocation',
      async run() {
        const minted = await json<{ id: string; token: string }>(lead, 'POST', '/api/tokens', { name: 'probe relay', actions: ['video.live'] });
        if (minted.status !== 201) return { after: `room lead could not mint a video.live token: ${minted.status}`, pass: false };
        const pull = await rtspPlay(server.rtspPort, `${camera}/main`, { username: 'chef', password: minted.body.token });
        for (let waited = 0; pull.mediaBytes() === 0 && waited < 15_000; waited += 100) await sleep(100);
        if (pull.mediaBytes() === 0) return { after: 'no media before the revocation', pass: false };
        const from = Date.now();
        await lead.probe('DELETE', `/api/tokens/${minted.body.id}`);
        const seconds = await untilClosed(pull.closed, from, 30_000);
        pull.stop();
        return { after: seconds === null ? 'still pulling 30 s after revocation' : `cut after ${seconds.toFixed(1)} s`, pass: seconds !== null && seconds <= 5 };
      },
    },
    {
      name: '§2 100 parallel wrong passwords, the right one inside',
      before: '100 evaluated, the right one got in',
      async run() {
        const username = `probe.burst.${Date.now()}`;
        const password = `Probe-${Math.random().toString(36).slice(2)}-Vigie`;
        const created = await admin.send('POST', '/api/users', { username, role: 'operator', password });
        if (created.status !== 201) return { after: `could not create the account: ${created.status}`, pass: false };
        const since = Date.now();
        const source = local(base) ? '127.0.0.2' : undefined;
        const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => loginFrom(base, source, username, i === 50 ? password : `wrong-${i}`)));
        const entries = (
          await json<{ entries: Array<{ outcome: string; details: Record<string, unknown> }> }>(admin, 'GET', `/api/journal?action=auth.login&from=${since - 1000}&limit=1000`)
        ).body.entries.filter((e) => e.details['username'] === username);
        const evaluated = entries.filter((e) => e.outcome === 'failed').length;
        const rightIn = statuses[50] === 200;
        const limit = Number(flags['login-limit'] ?? 5);
        const counts = Object.entries(statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {}))
          .map(([s, n]) => `${n}×${s}`)
          .join(' ');
        return { after: `${evaluated} evaluated (limit ${limit}), right one ${rightIn ? 'got in' : `refused ${statuses[50]}`}; ${counts}`, pass: evaluated <= limit && !rightIn };
      },
    },
    {
      name: '§2 cross-origin WebSocket upgrade with a cookie',
      before: 'Origin not checked',
      async run() {
        const foreignOrigin = await probeWebSocket(`${wsBase}/api/cameras/${camera}/live`, { ...operator.authHeaders(), origin: 'https://evil.example' }, 300);
        const sameOrigin = await probeWebSocket(`${wsBase}/api/cameras/${camera}/live`, { ...operator.authHeaders(), origin: base }, 300);
        return { after: `foreign origin ${foreignOrigin.status}, own origin ${sameOrigin.status}`, pass: foreignOrigin.status >= 400 && foreignOrigin.status < 500 && sameOrigin.status === 101 };
      },
    },
    {
      name: `§3 ${flags.full === true ? '20,000' : '2,000'} idle connections on HTTP and RTSP`,
      before: '~20,000 made Vigie unreachable for 100 s',
      async run() {
        const total = flags.full === true ? 20_000 : 2_000;
        const source = local(base) ? '127.0.0.3' : undefined;
        const host = new URL(base).hostname;
        const sockets: Socket[] = [];
        let failed = 0;
        let closedByServer = 0;
        await Promise.all(
          Array.from(
            { length: total },
            (_, i) =>
              new Promise<void>((resolve) => {
                const socket = connect({ host, port: i % 2 === 0 ? server.httpPort : server.rtspPort, ...(source === undefined ? {} : { localAddress: source }) }, () => resolve());
                socket.on('error', () => {
                  failed += 1;
                  resolve();
                });
                socket.on('close', () => (closedByServer += 1));
                sockets.push(socket);
              }),
          ),
        );
        const latencies: number[] = [];
        let bad = 0;
        for (let i = 0; i < 5; i += 1) {
          const began = Date.now();
          const status = await new HttpSession(base).probe('GET', '/api/health');
          latencies.push(Date.now() - began);
          if (status !== 200) bad += 1;
          await sleep(500);
        }
        const liveAfter = await probeWebSocket(`${wsBase}/api/cameras/${camera}/live`, { ...operator.authHeaders(), origin: base }, 1500);
        for (const socket of sockets) socket.destroy();
        const worst = Math.max(...latencies);
        return {
          after: `/api/health ${bad === 0 ? 'answered' : `failed ${bad}/5`}, worst ${worst} ms; live view ${liveAfter.binaries > 0 ? 'streams' : 'no pictures'}; ${failed} connects failed, ${closedByServer} closed by the server`,
          pass: bad === 0 && worst < 2000 && liveAfter.binaries > 0,
        };
      },
    },
    {
      name: '§5 snapshot of the last seconds',
      before: '500 "ffmpeg could not decode the frame"',
      async run() {
        const statuses: number[] = [];
        for (const back of [300, 1000, 2000, 3000]) statuses.push(await lead.probe('GET', `/api/cameras/${camera}/snapshot?at=${Date.now() - back}`));
        return { after: statuses.join(', '), pass: statuses.every((s) => s < 500 && s !== 0) };
      },
    },
  ];
  if (server.dataDir !== undefined) {
    findings.push({
      name: '§5 fatal start error (port in use)',
      before: 'stack trace, process stayed alive',
      async run() {
        const dataDir = mkdtempSync(join(tmpdir(), 'vigie-probe-busy-'));
        const result = await runVigie(['start', '--data', dataDir, '--port', String(server.httpPort)], { VIGIE_RTSP_PORT: String(await freePort()) }, 60_000);
        rmSync(dataDir, { recursive: true, force: true });
        // The error is judged on stderr: start-up log lines before it (stdout) are not part of it.
        const lines = result.stderr
          .trim()
          .split('\n')
          .filter((l) => l.trim() !== '');
        const stack = /^\s+at /m.test(result.output);
        const namesSetting = /--port|http\.port|VIGIE_PORT/.test(lines[0] ?? '');
        return {
          after: result.timedOut
            ? 'still running after 60 s'
            : `exit ${result.code}, ${lines.length} line(s) on stderr${stack ? ' with a stack trace' : ''}: ${lines[lines.length - 1]?.slice(0, 120) ?? ''}`,
          pass: !result.timedOut && result.code !== 0 && lines.length === 1 && namesSetting && !stack,
        };
      },
    });
  }

  const results: Array<{ name: string; before: string; after: string; pass: boolean | undefined }> = [];
  const print = (r: (typeof results)[number]) => process.stdout.write(`${r.pass === undefined ? 'SKIP' : r.pass ? 'PASS' : 'FAIL'}  ${r.name} — before: ${r.before} — after: ${r.after}\n`);
  const record = async (finding: Finding) => {
    let outcome: { after: string; pass: boolean };
    try {
      outcome = await finding.run();
    } catch (error) {
      outcome = { after: `probe error: ${(error as Error).message}`, pass: false };
    }
    const result = { name: finding.name, before: finding.before, ...outcome };
    results.push(result);
    print(result);
  };
  for (const finding of findings) await record(finding);
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  await server.stop();

  // Checks on the files and the command line, with the server stopped.
  for (const finding of [...journalTamperings(server.dataDir), emptyDataDir(), helpEverywhere()]) await record(finding);
  if (server.dataDir !== undefined && flags.keep !== true) rmSync(server.dataDir, { recursive: true, force: true });
  if (server.dataDir === undefined)
    for (const name of ['§4 journal tamperings', '§5 fatal start error (port in use)']) print({ name, before: '', after: 'needs the probe to start its own Vigie', pass: undefined });
  const passed = results.filter((r) => r.pass).length;
  process.stdout.write(`${passed} passed, ${results.length - passed} failed\n`);
  return passed === results.length ? 0 : 1;
}

async function remoteServer(url: string): Promise<Server> {
  const parsed = new URL(url);
  return { baseUrl: url.replace(/\/$/, ''), httpPort: Number(parsed.port || 80), rtspPort: Number(flags['rtsp-port'] ?? 8554), dataDir: undefined, stop: async () => undefined };
}

// --- §4: the journal's three tamperings, each on its own copy of the data directory ------------------------------

type EntryRow = { -readonly [K in keyof ChainedFields]: ChainedFields[K] } & { hash: string };

function journalTamperings(dataDir: string | undefined): Finding[] {
  if (dataDir === undefined) return [];
  /** A copy of the installation without its recordings; `change` edits its database. */
  const tampered = (change: (db: Database.Database) => number): { copy: string; sequence: number } => {
    const copy = mkdtempSync(join(tmpdir(), 'vigie-probe-tamper-'));
    cpSync(dataDir, copy, { recursive: true, filter: (source) => !/\/(recordings|sim-cache|exports)(\/|$)/.test(source.slice(dataDir.length)) });
    const db = new Database(join(copy, 'vigie.db'));
    try {
      return { copy, sequence: change(db) };
    } finally {
      db.close();
    }
  };
  const entries = (db: Database.Database) => db.prepare('select * from journal_entries order by sequence').all() as EntryRow[];
  const rechain = (db: Database.Database, rows: EntryRow[], fromIndex: number): void => {
    const update = db.prepare('update journal_entries set details = ?, ip = ?, prev_hash = ?, hash = ? where sequence = ?');
    for (let i = fromIndex; i < rows.length; i += 1) {
      const row = rows[i] as EntryRow;
      const prev = i === 0 ? row.prev_hash : (rows[i - 1] as EntryRow).hash;
      row.prev_hash = prev;
      row.hash = entryHash(row);
      update.run(row.details, row.ip, row.prev_hash, row.hash, row.sequence);
    }
    const last = rows[rows.length - 1] as EntryRow;
    db.prepare('update journal_head set last_sequence = ?, last_hash = ?, entry_count = ? where id = 1').run(last.sequence, last.hash, rows.length);
  };
  const verify = async (change: (db: Database.Database) => number): Promise<{ after: string; pass: boolean }> => {
    const { copy, sequence } = tampered(change);
    try {
      const result = await runVigie(['journal', 'verify', '--data', copy]);
      const named = new RegExp(`\\b${sequence}\\b`).test(result.output);
      const line = result.output.trim().split('\n').pop()?.slice(0, 140) ?? '';
      return { after: `exit ${result.code}${named ? `, names sequence ${sequence}` : `, does not name sequence ${sequence}`}: ${line}`, pass: result.code === 1 && named };
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  };
  return [
    {
      name: '§4 journal verify on an untouched copy (control)',
      before: 'intact',
      async run() {
        const { copy } = tampered(() => 0);
        try {
          const result = await runVigie(['journal', 'verify', '--data', copy]);
          return { after: `exit ${result.code}`, pass: result.code === 0 };
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      },
    },
    {
      name: '§4 tail deleted and head moved',
      before: 'verified as intact',
      run: () =>
        verify((db) => {
          const rows = entries(db);
          const keep = rows.slice(0, rows.length - 3);
          db.prepare('delete from journal_entries where sequence > ?').run((keep[keep.length - 1] as EntryRow).sequence);
          const last = keep[keep.length - 1] as EntryRow;
          db.prepare('update journal_head set last_sequence = ?, last_hash = ?, entry_count = ? where id = 1').run(last.sequence, last.hash, keep.length);
          return last.sequence + 1;
        }),
    },
    {
      name: '§4 chain re-hashed after an edit',
      before: 'verified as intact',
      run: () =>
        verify((db) => {
          const rows = entries(db);
          const index = Math.floor(rows.length / 2);
          const row = rows[index] as EntryRow;
          row.ip = '10.66.66.66';
          rechain(db, rows, index);
          return row.sequence;
        }),
    },
    {
      name: '§4 forged entry appended, head updated',
      before: 'verified as intact',
      run: () =>
        verify((db) => {
          const rows = entries(db);
          const last = rows[rows.length - 1] as EntryRow;
          const forged: EntryRow = { ...last, sequence: last.sequence + 1, time: last.time + 1000, action: 'auth.logout', details: '{}', prev_hash: last.hash, hash: '' };
          forged.hash = entryHash(forged);
          const columns = Object.keys(forged);
          db.prepare(`insert into journal_entries (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => forged[c as keyof EntryRow]));
          db.prepare('update journal_head set last_sequence = ?, last_hash = ?, entry_count = entry_count + 1 where id = 1').run(forged.sequence, forged.hash);
          return forged.sequence;
        }),
    },
  ];
}

// --- §5: the command line ---------------------------------------------------------------------------------------

function emptyDataDir(): Finding {
  return {
    name: '§5 commands on an empty --data directory',
    before: 'empty database created, success reported',
    async run() {
      const outcomes: string[] = [];
      let pass = true;
      for (const args of [
        ['user', 'list'],
        ['journal', 'verify'],
        ['camera', 'list'],
        ['commune', 'list'],
        ['recordings', 'rebuild-index'],
      ]) {
        const dir = mkdtempSync(join(tmpdir(), 'vigie-probe-empty-'));
        const result = await runVigie([...args, '--data', dir]);
        const left = readdirSync(dir).length;
        rmSync(dir, { recursive: true, force: true });
        outcomes.push(`${args.join(' ')}: exit ${result.code}${left > 0 ? `, ${left} files created` : ''}`);
        if (result.code === 0 || left > 0) pass = false;
      }
      return { after: outcomes.join('; '), pass };
    },
  };
}

function helpEverywhere(): Finding {
  return {
    name: '§5 --help on every command and subcommand',
    before: 'not on every command',
    async run() {
      const top = await runVigie(['--help']);
      const commands = [...top.output.matchAll(/^\s+vigie (\w[\w-]*)\s/gm)].map((m) => m[1] as string);
      const forms: string[][] = [];
      for (const command of commands) {
        const help = await runVigie([command, '--help']);
        forms.push([command]);
        if (help.code !== 0 || !/usage:/.test(help.output)) continue;
        const subs = new Set([...help.output.matchAll(new RegExp(`vigie ${command} ([a-z][\\w-]*)`, 'g'))].map((m) => m[1] as string));
        for (const sub of subs) forms.push([command, sub]);
      }
      const failing: string[] = [];
      for (const form of forms) {
        const help = await runVigie([...form, '--help']);
        if (help.code !== 0 || !/usage:/.test(help.output)) failing.push(`${form.join(' ')} (exit ${help.code})`);
      }
      return {
        after: `${forms.length - failing.length} of ${forms.length} answer${failing.length === 0 ? '' : `; failing: ${failing.join(', ')}`}`,
        pass: top.code === 0 && commands.length > 0 && failing.length === 0,
      };
    },
  };
}

process.exitCode = await main();

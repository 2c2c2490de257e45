// WebSocket upgrades against the public origins, on a real Vigie listening on a port with the `ws` client: a
// browser-like upgrade with a session cookie and a foreign Origin is refused (403, journaled as denied with the
// person whose cookie came along), the same origin and clients without Origin pass; with http.publicOrigins
// set, only the listed origins pass. Stateless: one engine is enough.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { validateConfig } from '../config/load.js';
import { startVigie, type Vigie } from '../main.js';
import { ensureCameraFixtures } from '../../test/e2e/support/camera-fixtures.js';

const PASSWORD = 'lune verte sur le toit du garage';

interface Server {
  readonly vigie: Vigie;
  readonly base: string;
  readonly dataDir: string;
  /** The cookie header of a logged-in operator. */
  readonly cookie: string;
  readonly cameraId: string;
}

async function startServer(publicOrigins: string[]): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-origin-'));
  const config = validateConfig({ dataDir, http: { host: '127.0.0.1', port: 0, publicOrigins }, log: { level: 'silent' }, media: { rtspPort: 0 }, recording: { enabled: false } });
  const vigie = await startVigie(config);
  const address = vigie.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const adminPassword = /password (\S+)/.exec(vigie.startupNotes.join('\n'))?.[1];
  assert.ok(adminPassword !== undefined, 'first start prints the administrator password');
  const fixtures = await ensureCameraFixtures(vigie.database.db);
  assert.ok(typeof fixtures !== 'string', String(fixtures));
  const admin = await login(base, 'admin', adminPassword);
  const created = await fetch(`${base}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    body: JSON.stringify({ username: 'olivia', role: 'operator', password: PASSWORD }),
  });
  assert.equal(created.status, 201, await created.text());
  return { vigie, base, dataDir, cookie: (await login(base, 'olivia', PASSWORD)).cookie, cameraId: fixtures.inScope };
}

async function login(base: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

/** Opens the live WebSocket; resolves with 101 when the upgrade succeeded, or the refusal's status. */
function upgrade(server: Server, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.base.replace('http', 'ws')}/api/cameras/${server.cameraId}/live`, { headers });
    socket.once('upgrade', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      resolve(response.statusCode ?? 0);
    });
    socket.once('error', reject);
  });
}

async function deniedEntries(server: Server): Promise<Array<{ actor_username: string | null; details: string }>> {
  return server.vigie.database.db.selectFrom('journal_entries').select(['actor_username', 'details']).where('action', '=', 'video.live').where('outcome', '=', 'denied').execute();
}

async function stop(server: Server | undefined): Promise<void> {
  if (server === undefined) return;
  await server.vigie.close();
  rmSync(server.dataDir, { recursive: true, force: true });
}

describe('WebSocket origin check, no public origin configured (same host only)', () => {
  let server: Server;
  before(async () => {
    server = await startServer([]);
  });
  after(async () => stop(server));

  it('refuses a cross-origin upgrade carrying a session cookie, and journals it', async () => {
    assert.equal(await upgrade(server, { cookie: server.cookie, origin: 'https://evil.example' }), 403);
    const [entry, ...others] = await deniedEntries(server);
    assert.equal(others.length, 0);
    assert.equal(entry?.actor_username, 'olivia');
    assert.match(entry?.details ?? '', /"origin":"https:\/\/evil.example"/);
    assert.equal(await upgrade(server, { cookie: server.cookie, origin: `http://localhost:${new URL(server.base).port}` }), 403, 'another host name of the same machine is another origin');
  });

  it('accepts the same origin, and clients that send no Origin', async () => {
    assert.equal(await upgrade(server, { cookie: server.cookie, origin: server.base }), 101);
    assert.equal(await upgrade(server, { cookie: server.cookie }), 101);
    assert.equal(await upgrade(server, { origin: server.base }), 401, 'the origin check does not replace the login');
  });
});

describe('WebSocket origin check with http.publicOrigins', () => {
  let server: Server;
  before(async () => {
    server = await startServer(['https://vigie.example.fr']);
  });
  after(async () => stop(server));

  it('accepts the listed origins only', async () => {
    assert.equal(await upgrade(server, { cookie: server.cookie, origin: 'https://vigie.example.fr' }), 101);
    assert.equal(await upgrade(server, { cookie: server.cookie, origin: 'https://VIGIE.example.fr/' }), 101);
    assert.equal(await upgrade(server, { cookie: server.cookie, origin: server.base }), 403, 'the host itself is not listed');
    assert.equal(await upgrade(server, { cookie: server.cookie, origin: 'https://vigie.example.fr.evil.example' }), 403);
  });
});

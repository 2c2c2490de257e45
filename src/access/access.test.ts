// Accounts, sessions and the auth hook over HTTP on both engines: login and lockout, address throttling,
// idle and absolute session expiry (virtual time), CSRF, API token scopes, habilitation expiry, commune scope
// of mayors, undeclared routes, account administration, and the journal entries all of this leaves.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { sql } from 'kysely';
import { createHttpServer } from '../api/server.js';
import { loadConfig } from '../config/load.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createJournal, journalRoutes, type Journal } from '../journal/index.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { accessRoutes, createAccess, type Access } from './index.js';
import { TestClient } from './testing/client.js';

const MIN = 60_000;
const CAMERAS: Record<string, string> = { 'cam-chartres': '28085', 'cam-luce': '28218' };
const PASSWORD = 'correct horse battery';

for (const dialect of await testDialects()) {
  describe(`access over HTTP (${dialect})`, () => {
    let handle: TestDatabase;
    let app: FastifyInstance;
    let access: Access;
    let journal: Journal;
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 8));
    let admin: TestClient;

    before(async () => {
      handle = await openTestDatabase(dialect);
      const config = loadConfig({ env: {}, overrides: { dataDir: handle.dataDir, 'log.level': 'silent', 'security.loginMaxFailures': 2 } });
      journal = createJournal({ db: handle.db, clock });
      access = await createAccess({ db: handle.db, clock, config, journal, logger: silentLogger, resolveCameraCommune: async (id) => CAMERAS[id] });
      const testRoutes = async (instance: FastifyInstance): Promise<void> => {
        instance.get('/test/cameras/:id/live', { config: { access: { kind: 'camera', action: 'video.live', cameraId: (r) => (r.params as { id: string }).id } } }, async () => ({ ok: true }));
        instance.get('/test/cameras/:id/ws', { websocket: true, config: { access: { kind: 'camera', action: 'video.live', cameraId: (r) => (r.params as { id: string }).id } } }, (socket) => {
          socket.send('live');
          socket.close();
        });
        instance.get('/test/undeclared', async () => ({ leaked: true }));
      };
      app = await createHttpServer({ config, logger: silentLogger, metrics: new Registry(), version: 'test', plugins: [accessRoutes(access, journal), journalRoutes(journal), testRoutes] });
      const password = await access.ensureFirstAdministrator();
      assert.ok(password !== undefined && password.length >= 20);
      assert.equal(await access.ensureFirstAdministrator(), undefined, 'created once only');
      assert.equal((await new TestClient(app).login('admin', password)).statusCode, 200);
      await access.users.update((await access.users.findByUsername('admin'))?.id ?? '', { password: PASSWORD });
      admin = new TestClient(app);
    });
    // Virtual time runs fast in these tests: the administrator logs in again when his session has expired.
    beforeEach(async () => {
      if ((await admin.request('GET', '/api/auth/me')).statusCode === 200) return;
      admin = new TestClient(app);
      assert.equal((await admin.login('admin', PASSWORD)).statusCode, 200);
    });
    after(async () => {
      await app.close();
      await handle.close();
    });

    const createUser = async (body: Record<string, unknown>): Promise<string> => {
      const response = await admin.request('POST', '/api/users', { password: PASSWORD, ...body });
      assert.equal(response.statusCode, 201, response.body);
      return (response.json() as { id: string }).id;
    };

    it('logs in with a session cookie and a CSRF token; wrong passwords get 401 and are journaled', async () => {
      await createUser({ username: 'olivia', role: 'operator' });
      const client = new TestClient(app, '10.0.0.1');
      const ok = await client.login('olivia', PASSWORD);
      assert.equal(ok.statusCode, 200);
      const body = ok.json() as { user: { username: string; role: string; communes: string[] }; csrfToken: string };
      assert.deepEqual([body.user.username, body.user.role, body.user.communes], ['olivia', 'operator', []]);
      const setCookies = ([] as string[]).concat(ok.headers['set-cookie'] ?? []);
      const session = setCookies.find((c) => c.startsWith('vigie_session='));
      assert.match(session ?? '', /HttpOnly/);
      assert.match(session ?? '', /SameSite=Strict/);
      assert.match(session ?? '', /Path=\//);
      assert.doesNotMatch(setCookies.find((c) => c.startsWith('vigie_csrf=')) ?? 'HttpOnly', /HttpOnly/);
      assert.equal((await client.request('GET', '/api/auth/me')).statusCode, 200);
      assert.equal((await new TestClient(app, '10.0.0.1').login('olivia', 'wrong password!')).statusCode, 401);
      assert.equal((await new TestClient(app, '10.0.0.1').login('nobody', 'whatever')).statusCode, 401);
      const failed = await journal.query({ action: 'auth.login', outcome: 'failed' });
      assert.deepEqual(failed.entries.map((e) => e.details['username']).slice(0, 2), ['nobody', 'olivia']);
      assert.equal((await client.request('POST', '/api/auth/logout')).statusCode, 200);
      assert.equal((await client.request('GET', '/api/auth/me')).statusCode, 401);
      assert.equal((await journal.query({ action: 'auth.logout' })).entries[0]?.actor?.username, 'olivia');
    });

    it('locks an account after repeated failures (423), then lets it in after the lockout', async () => {
      await createUser({ username: 'lucas', role: 'operator' });
      const client = new TestClient(app, '10.0.0.2');
      assert.equal((await client.login('lucas', 'not the password')).statusCode, 401);
      assert.equal((await client.login('lucas', 'not the password')).statusCode, 423);
      const locked = await client.login('lucas', PASSWORD);
      assert.equal(locked.statusCode, 423);
      assert.match(locked.body, /locked/);
      clock.advance(16 * MIN);
      assert.equal((await client.login('lucas', PASSWORD)).statusCode, 200);
    });

    // The throttle lives in memory, not in the database: one engine is enough.
    it('throttles an address that fails too often, whatever the usernames', { skip: dialect !== 'sqlite' && 'engine-independent' }, async () => {
      const client = new TestClient(app, '10.0.0.3');
      for (let i = 0; i < 8; i += 1) assert.equal((await client.login(`ghost${i}`, 'x')).statusCode, 401);
      assert.equal((await client.login('ghost', 'x')).statusCode, 429);
      assert.equal((await new TestClient(app, '10.0.0.4').login('ghost', 'x')).statusCode, 401);
    });

    it('expires sessions after idle time and after the absolute limit', async () => {
      await createUser({ username: 'ines', role: 'operator' });
      const idle = new TestClient(app);
      await idle.login('ines', PASSWORD);
      clock.advance(29 * MIN);
      assert.equal((await idle.request('GET', '/api/auth/me')).statusCode, 200);
      clock.advance(31 * MIN);
      assert.equal((await idle.request('GET', '/api/auth/me')).statusCode, 401);
      const busy = new TestClient(app);
      await busy.login('ines', PASSWORD);
      for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
        clock.advance(20 * MIN);
        assert.equal((await busy.request('GET', '/api/auth/me')).statusCode, 200, `at ${elapsed + 20} min`);
      }
      clock.advance(20 * MIN);
      assert.equal((await busy.request('GET', '/api/auth/me')).statusCode, 401);
    });

    it('requires the CSRF token for cookie-authenticated mutations', async () => {
      const body = { username: 'csrf-victim', role: 'operator', password: PASSWORD };
      assert.equal((await admin.request('POST', '/api/users', body, { csrf: false })).statusCode, 403);
      assert.equal((await admin.request('POST', '/api/users', body, { csrf: 'forged' })).statusCode, 403);
      assert.equal((await admin.request('POST', '/api/users', body)).statusCode, 201);
      assert.equal((await journal.query({ outcome: 'denied', action: 'user.manage' })).entries[0]?.details['route'], '/api/users');
    });

    it('scopes API tokens to their actions and communes; revoked or unknown tokens get 401', async () => {
      const created = await admin.request('POST', '/api/tokens', { name: 'wall', role: 'operator', actions: ['session.read', 'video.live'], communes: ['28085'], validDays: 30 });
      assert.equal(created.statusCode, 201, created.body);
      const { token, id } = created.json() as { token: string; id: string };
      assert.match(token, /^vigie_[A-Za-z0-9_-]{40,}$/);
      assert.ok(!(await admin.request('GET', '/api/tokens')).body.includes(token), 'the value is shown once');
      const bot = new TestClient(app);
      bot.bearer = token;
      assert.equal((await bot.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
      assert.equal((await bot.request('GET', '/test/cameras/cam-luce/live')).statusCode, 403);
      assert.equal((await bot.request('GET', '/api/users')).statusCode, 403);
      assert.equal((await bot.request('POST', '/api/auth/logout')).statusCode, 200, 'bearer mutations need no CSRF token');
      assert.equal((await admin.request('POST', '/api/tokens', { name: 'bad', role: 'operator', actions: ['user.read'] })).statusCode, 400);
      assert.equal((await admin.request('DELETE', `/api/tokens/${id}`)).statusCode, 200);
      assert.equal((await bot.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 401);
      bot.bearer = 'vigie_forged';
      assert.equal((await bot.request('GET', '/api/auth/me')).statusCode, 401);
    });

    it('refuses login and ends access when the habilitation expires', async () => {
      await createUser({ username: 'paul', role: 'operator', validUntil: new Date(clock.now() + 45 * MIN).toISOString() });
      const client = new TestClient(app);
      assert.equal((await client.login('paul', PASSWORD)).statusCode, 200);
      clock.advance(25 * MIN);
      assert.equal((await client.request('GET', '/api/auth/me')).statusCode, 200);
      clock.advance(25 * MIN);
      const refused = await client.request('GET', '/api/auth/me');
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /habilitation expired/);
      const login = await new TestClient(app).login('paul', PASSWORD);
      assert.equal(login.statusCode, 403);
      assert.match(login.body, /habilitation expired/);
    });

    it('lets a mayor see only his commune, journals every video access, and hides unknown cameras only from those allowed', async () => {
      await createUser({ username: 'maire', role: 'mayor', communes: ['28085'] });
      await createUser({ username: 'dpo', role: 'auditor' });
      const mayor = new TestClient(app);
      await mayor.login('maire', PASSWORD);
      assert.equal((await mayor.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
      assert.equal((await mayor.request('GET', '/test/cameras/cam-luce/live')).statusCode, 403);
      assert.equal((await mayor.request('GET', '/test/cameras/cam-nowhere/live')).statusCode, 404);
      const auditor = new TestClient(app);
      await auditor.login('dpo', PASSWORD);
      assert.equal((await auditor.request('GET', '/test/cameras/cam-nowhere/live')).statusCode, 403);
      const seen = (await journal.query({ actor: 'maire', action: 'video.live' })).entries.map((e) => [e.target?.cameraId, e.outcome]);
      assert.deepEqual(seen, [['cam-nowhere', 'failed'], ['cam-luce', 'denied'], ['cam-chartres', 'allowed']]);
      const me = (await mayor.request('GET', '/api/auth/me')).json() as { cameraScope: unknown };
      assert.deepEqual(me.cameraScope, { all: false, communes: ['28085'] });
    });

    it('guards WebSocket upgrades with the same hook and journals them', async () => {
      const mayor = new TestClient(app);
      assert.equal((await mayor.login('maire', PASSWORD)).statusCode, 200);
      const headers = { cookie: mayor.cookieHeader() };
      let received!: Promise<string>;
      const socket = await app.injectWS('/test/cameras/cam-chartres/ws', { headers }, {
        onInit: (ws) => {
          received = new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
        },
      });
      assert.equal(await received, 'live');
      socket.terminate();
      await assert.rejects(app.injectWS('/test/cameras/cam-luce/ws', { headers }), /403/);
      await assert.rejects(app.injectWS('/test/cameras/cam-chartres/ws'), /401/);
      const entry = (await journal.query({ actor: 'maire', action: 'video.live', cameraId: 'cam-chartres' })).entries[0];
      assert.equal(entry?.details['websocket'], true);
      assert.equal(entry?.outcome, 'allowed');
    });

    it('refuses a route that declares no access rule', async () => {
      const response = await admin.request('GET', '/test/undeclared');
      assert.equal(response.statusCode, 500);
      assert.doesNotMatch(response.body, /leaked/);
    });

    it('administers accounts: validation, journaled changes, last administrator kept', async () => {
      assert.equal((await admin.request('POST', '/api/users', { username: 'm2', role: 'mayor', password: PASSWORD })).statusCode, 400, 'mayor needs a commune');
      assert.equal((await admin.request('POST', '/api/users', { username: 'short', role: 'operator', password: 'short' })).statusCode, 400);
      assert.equal((await admin.request('POST', '/api/users', { username: 'Bad Name', role: 'operator', password: PASSWORD })).statusCode, 400);
      assert.equal((await admin.request('POST', '/api/users', { username: 'r', role: 'king', password: PASSWORD })).statusCode, 400);
      if (await communesTableExists(handle)) {
        await sql`insert into communes (insee, name, centroid_lat, centroid_lon, created_at, updated_at) values ('28085', 'Chartres', 48.44, 1.49, 0, 0)`.execute(handle.db);
        const unknown = await admin.request('POST', '/api/users', { username: 'm3', role: 'mayor', communes: ['99999'], password: PASSWORD });
        assert.equal(unknown.statusCode, 400);
        assert.match(unknown.body, /unknown commune/);
      }
      const id = await createUser({ username: 'rose', role: 'operator' });
      const patched = await admin.request('PATCH', `/api/users/${id}`, { role: 'mayor', communes: ['28085'], authority: 'arrêté 2026-12' });
      assert.equal(patched.statusCode, 200, patched.body);
      const entry = (await journal.query({ action: 'user.update' })).entries[0];
      assert.deepEqual(entry?.details['changes'], { role: { from: 'operator', to: 'mayor' }, communes: { from: [], to: ['28085'] }, authority: { from: '', to: 'arrêté 2026-12' } });
      const adminId = (await access.users.findByUsername('admin'))?.id ?? '';
      assert.equal((await admin.request('PATCH', `/api/users/${adminId}`, { role: 'operator' })).statusCode, 409);
      assert.equal((await admin.request('DELETE', `/api/users/${id}`)).statusCode, 200);
      assert.equal((await admin.request('GET', `/api/users/${id}`)).statusCode, 404);
      const verify = await journal.verify();
      assert.equal(verify.ok, true, JSON.stringify(verify));
    });
  });
}

async function communesTableExists(handle: TestDatabase): Promise<boolean> {
  try {
    await sql`select count(*) from communes`.execute(handle.db);
    return true;
  } catch {
    return false;
  }
}

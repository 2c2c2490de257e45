// Login and sessions over HTTP on both engines: cookies and CSRF token, 401 and its journal entries, the
// account + address lockout with back-off and per-address throttling (429), idle and absolute session expiry
// and habilitation expiry in virtual time, and CSRF enforcement on cookie-authenticated mutations. Parallel
// bursts, strangers, unlock and lockout visibility: login-throttling.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../test/support/databases.js';
import { startAccessHarness, TEST_PASSWORD, type AccessHarness } from './testing/harness.js';
import { TestClient } from './testing/client.js';

const MIN = 60_000;

for (const dialect of await testDialects()) {
  describe(`login and sessions (${dialect})`, () => {
    let h: AccessHarness;
    before(async () => {
      h = await startAccessHarness(dialect, { 'security.loginMaxFailures': 2, 'security.addressMaxFailures': 8 });
    });
    after(async () => h.close());

    it('logs in with a session cookie and a CSRF token; wrong passwords get 401 and are journaled', async () => {
      await h.createUser({ username: 'olivia', role: 'operator' });
      const client = new TestClient(h.app, '10.0.0.1');
      const ok = await client.login('olivia', TEST_PASSWORD);
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
      assert.equal((await new TestClient(h.app, '10.0.0.1').login('olivia', 'wrong password!')).statusCode, 401);
      assert.equal((await new TestClient(h.app, '10.0.0.1').login('nobody', 'whatever')).statusCode, 401);
      const failed = await h.journal.query({ action: 'auth.login', outcome: 'failed' });
      assert.deepEqual(failed.entries.map((e) => e.details['username']).slice(0, 2), ['nobody', 'olivia']);
      assert.equal((await client.request('POST', '/api/auth/logout')).statusCode, 200);
      assert.equal((await client.request('GET', '/api/auth/me')).statusCode, 401);
      assert.equal((await h.journal.query({ action: 'auth.logout' })).entries[0]?.actor?.username, 'olivia');
    });

    it('locks an account at one address after repeated failures, even for the right password, with a lockout that doubles', async () => {
      await h.createUser({ username: 'lucas', role: 'operator' });
      const client = new TestClient(h.app, '10.0.0.2');
      const lockedUntil = async (): Promise<number> => {
        const lockouts = (await (await h.admin()).request('GET', '/api/auth/lockouts')).json() as Array<{ kind: string; username: string; lockedUntil: string }>;
        const pair = lockouts.find((l) => l.kind === 'account_address' && l.username === 'lucas');
        assert.ok(pair !== undefined, 'the lockout of lucas at 10.0.0.2 is listed');
        return Date.parse(pair.lockedUntil);
      };
      for (const expectedMinutes of [15, 30, 60]) {
        assert.equal((await client.login('lucas', 'not the password')).statusCode, 401);
        assert.equal((await client.login('lucas', 'not the password')).statusCode, 401, 'the attempt that fills the count is still evaluated');
        const failedAt = h.clock.now();
        const locked = await client.login('lucas', TEST_PASSWORD);
        assert.equal(locked.statusCode, 429, 'the right password waits too');
        assert.match(locked.body, /too many failed logins/);
        assert.equal(await lockedUntil(), failedAt + expectedMinutes * MIN);
        h.clock.advance((expectedMinutes - 1) * MIN);
        assert.equal((await client.login('lucas', TEST_PASSWORD)).statusCode, 429, `still locked after ${expectedMinutes - 1} min`);
        h.clock.advance(2 * MIN);
      }
      assert.equal((await client.login('lucas', TEST_PASSWORD)).statusCode, 200);
      assert.equal((await client.login('lucas', 'not the password')).statusCode, 401);
      assert.equal((await client.login('lucas', 'not the password')).statusCode, 401);
      const failedAt = h.clock.now();
      assert.equal((await client.login('lucas', TEST_PASSWORD)).statusCode, 429);
      assert.equal(await lockedUntil(), failedAt + 15 * MIN, 'a successful login forgets the back-off');
    });

    it('throttles an address that fails too often, whatever the usernames, and only that address', async () => {
      const client = new TestClient(h.app, '10.0.0.3');
      for (let i = 0; i < 8; i += 1) assert.equal((await client.login(`ghost${i}`, 'x')).statusCode, 401);
      assert.equal((await client.login('ghost', 'x')).statusCode, 429);
      assert.equal((await new TestClient(h.app, '10.0.0.4').login('ghost', 'x')).statusCode, 401);
      h.clock.advance(16 * MIN);
      assert.equal((await client.login('ghost', 'x')).statusCode, 401);
    });

    it('expires sessions after idle time and after the absolute limit', async () => {
      await h.createUser({ username: 'ines', role: 'operator' });
      const idle = new TestClient(h.app);
      await idle.login('ines', TEST_PASSWORD);
      h.clock.advance(29 * MIN);
      assert.equal((await idle.request('GET', '/api/auth/me')).statusCode, 200);
      h.clock.advance(31 * MIN);
      assert.equal((await idle.request('GET', '/api/auth/me')).statusCode, 401);
      const busy = new TestClient(h.app);
      await busy.login('ines', TEST_PASSWORD);
      for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
        h.clock.advance(20 * MIN);
        assert.equal((await busy.request('GET', '/api/auth/me')).statusCode, 200, `at ${elapsed + 20} min`);
      }
      h.clock.advance(20 * MIN);
      assert.equal((await busy.request('GET', '/api/auth/me')).statusCode, 401);
    });

    it('refuses login and ends access when the habilitation expires', async () => {
      await h.createUser({ username: 'paul', role: 'operator', validUntil: new Date(h.clock.now() + 45 * MIN).toISOString() });
      const client = new TestClient(h.app);
      assert.equal((await client.login('paul', TEST_PASSWORD)).statusCode, 200);
      h.clock.advance(25 * MIN);
      assert.equal((await client.request('GET', '/api/auth/me')).statusCode, 200);
      h.clock.advance(25 * MIN);
      const refused = await client.request('GET', '/api/auth/me');
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /habilitation expired/);
      const login = await new TestClient(h.app).login('paul', TEST_PASSWORD);
      assert.equal(login.statusCode, 403);
      assert.match(login.body, /habilitation expired/);
    });

    it('requires the CSRF token for cookie-authenticated mutations', async () => {
      const admin = await h.admin();
      const body = { username: 'csrf-victim', role: 'operator', password: TEST_PASSWORD };
      assert.equal((await admin.request('POST', '/api/users', body, { csrf: false })).statusCode, 403);
      assert.equal((await admin.request('POST', '/api/users', body, { csrf: 'forged' })).statusCode, 403);
      assert.equal((await admin.request('POST', '/api/users', body)).statusCode, 201);
      assert.equal((await h.journal.query({ outcome: 'denied', action: 'user.manage' })).entries[0]?.details['route'], '/api/users');
    });
  });
}

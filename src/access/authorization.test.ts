// Authorization through the auth hook on both engines: API token scopes, a mayor's commune scope on HTTP and
// WebSocket camera routes and on video used outside HTTP, the journal entries of video use, refusal of
// undeclared routes, and account administration (validation, journaled changes, last administrator).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { testDialects, type TestDatabase } from '../../test/support/databases.js';
import { startAccessHarness, TEST_PASSWORD, type AccessHarness } from './testing/harness.js';
import { TestClient } from './testing/client.js';

for (const dialect of await testDialects()) {
  describe(`authorization (${dialect})`, () => {
    let h: AccessHarness;
    before(async () => {
      h = await startAccessHarness(dialect);
      await h.createUser({ username: 'maire', role: 'mayor', communes: ['28085'] });
    });
    after(async () => h.close());

    it("mints API tokens within the minter's rights, scoped to actions and communes; revoked, unknown or outgrown tokens get 401", async () => {
      const admin = await h.admin();
      const adminVideo = await admin.request('POST', '/api/tokens', { name: 'relay', actions: ['video.live'] });
      assert.equal(adminVideo.statusCode, 403, 'an administrator has no video right to hand over');
      assert.match(adminVideo.body, /at most the rights of the person who mints it/);
      const leadId = await h.createUser({ username: 'lead', role: 'room_lead' });
      const lead = new TestClient(h.app);
      assert.equal((await lead.login('lead', TEST_PASSWORD)).statusCode, 200);
      assert.equal((await lead.request('POST', '/api/tokens', { name: 'as operator', role: 'operator', actions: ['video.live'] })).statusCode, 403, "a token carries its owner's role");
      const created = await lead.request('POST', '/api/tokens', { name: 'wall', actions: ['session.read', 'video.live'], communes: ['28085'], validDays: 30 });
      assert.equal(created.statusCode, 201, created.body);
      const { token, id } = created.json() as { token: string; id: string };
      assert.match(token, /^vigie_[A-Za-z0-9_-]{40,}$/);
      assert.ok(!(await lead.request('GET', '/api/tokens')).body.includes(token), 'the value is shown once');
      assert.ok((await admin.request('GET', '/api/tokens')).body.includes(id), 'administrators see every token');
      const bot = new TestClient(h.app);
      bot.bearer = token;
      assert.equal((await bot.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
      assert.equal((await bot.request('GET', '/test/cameras/cam-luce/live')).statusCode, 403);
      assert.equal((await bot.request('GET', '/api/users')).statusCode, 403);
      assert.equal((await bot.request('POST', '/api/tokens', { name: 'child', actions: ['video.live'] })).statusCode, 403, 'a token mints no token');
      const use = (await h.journal.query({ action: 'video.live', cameraId: 'cam-chartres' })).entries[0];
      assert.deepEqual([use?.actor?.username, use?.details['token']], ['lead', { id, name: 'wall' }], 'the journal names the person and the token');
      assert.equal((await bot.request('POST', '/api/auth/logout')).statusCode, 200, 'bearer mutations need no CSRF token');
      assert.equal((await lead.request('POST', '/api/tokens', { name: 'bad', actions: ['user.read'] })).statusCode, 403);
      // Downgraded owner: the token stops working at its next use; back in the role, it works again.
      assert.equal((await admin.request('PATCH', `/api/users/${leadId}`, { role: 'auditor' })).statusCode, 200);
      const outgrown = await bot.request('GET', '/test/cameras/cam-chartres/live');
      assert.equal(outgrown.statusCode, 401);
      assert.match(outgrown.body, /no longer holds/);
      assert.equal((await admin.request('PATCH', `/api/users/${leadId}`, { role: 'room_lead' })).statusCode, 200);
      assert.equal((await bot.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
      assert.equal((await admin.request('PATCH', `/api/users/${leadId}`, { disabled: true })).statusCode, 200);
      assert.equal((await bot.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 401, "a disabled owner's token is dead");
      assert.equal((await admin.request('PATCH', `/api/users/${leadId}`, { disabled: false })).statusCode, 200);
      assert.equal((await admin.request('DELETE', `/api/tokens/${id}`)).statusCode, 200);
      assert.equal((await bot.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 401);
      bot.bearer = 'vigie_forged';
      assert.equal((await bot.request('GET', '/api/auth/me')).statusCode, 401);
    });

    it('lets a mayor see only his commune, journals every video access, and hides unknown cameras only from those allowed', async () => {
      await h.createUser({ username: 'dpo', role: 'auditor' });
      const mayor = new TestClient(h.app);
      await mayor.login('maire', TEST_PASSWORD);
      assert.equal((await mayor.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
      assert.equal((await mayor.request('GET', '/test/cameras/cam-luce/live')).statusCode, 403);
      assert.equal((await mayor.request('GET', '/test/cameras/cam-nowhere/live')).statusCode, 404);
      const auditor = new TestClient(h.app);
      await auditor.login('dpo', TEST_PASSWORD);
      assert.equal((await auditor.request('GET', '/test/cameras/cam-nowhere/live')).statusCode, 403);
      const seen = (await h.journal.query({ actor: 'maire', action: 'video.live' })).entries.map((e) => [e.target?.cameraId, e.outcome]);
      assert.deepEqual(seen, [
        ['cam-nowhere', 'failed'],
        ['cam-luce', 'denied'],
        ['cam-chartres', 'allowed'],
      ]);
      const me = (await mayor.request('GET', '/api/auth/me')).json() as { cameraScope: unknown };
      assert.deepEqual(me.cameraScope, { all: false, communes: ['28085'] });
    });

    it('decides and journals video used outside HTTP (authorizeVideo)', async () => {
      const actor = await h.access.authenticatePassword('maire', TEST_PASSWORD, { ip: '10.1.1.1' });
      assert.equal((await h.access.authorizeVideo(actor, 'video.live', { cameraId: 'cam-chartres' }, { via: 'rtsp', ip: '10.1.1.1' })).allowed, true);
      assert.equal((await h.access.authorizeVideo(actor, 'video.live', { cameraId: 'cam-luce' }, { via: 'rtsp', ip: '10.1.1.1' })).allowed, false);
      const entries = (await h.journal.query({ actor: 'maire', action: 'video.live' })).entries.slice(0, 2);
      assert.deepEqual(
        entries.map((e) => [e.target?.cameraId, e.outcome, e.details['via'], e.ip]),
        [
          ['cam-luce', 'denied', 'rtsp', '10.1.1.1'],
          ['cam-chartres', 'allowed', 'rtsp', '10.1.1.1'],
        ],
      );
    });

    it('guards WebSocket upgrades with the same hook and journals them', async () => {
      const mayor = new TestClient(h.app);
      assert.equal((await mayor.login('maire', TEST_PASSWORD)).statusCode, 200);
      const headers = { cookie: mayor.cookieHeader() };
      let received!: Promise<string>;
      const socket = await h.app.injectWS(
        '/test/cameras/cam-chartres/ws',
        { headers },
        {
          onInit: (ws) => {
            received = new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
          },
        },
      );
      assert.equal(await received, 'live');
      socket.terminate();
      await assert.rejects(h.app.injectWS('/test/cameras/cam-luce/ws', { headers }), /403/);
      await assert.rejects(h.app.injectWS('/test/cameras/cam-chartres/ws'), /401/);
      const entry = (await h.journal.query({ actor: 'maire', action: 'video.live', cameraId: 'cam-chartres' })).entries[0];
      assert.equal(entry?.details['websocket'], true);
      assert.equal(entry?.outcome, 'allowed');
    });

    it('refuses a route that declares no access rule', async () => {
      const response = await (await h.admin()).request('GET', '/test/undeclared');
      assert.equal(response.statusCode, 500);
      assert.doesNotMatch(response.body, /leaked/);
    });

    it('administers accounts: validation, journaled changes, last administrator kept', async () => {
      const admin = await h.admin();
      assert.equal((await admin.request('POST', '/api/users', { username: 'm2', role: 'mayor', password: TEST_PASSWORD })).statusCode, 400, 'mayor needs a commune');
      assert.equal((await admin.request('POST', '/api/users', { username: 'short', role: 'operator', password: 'short' })).statusCode, 400);
      assert.equal((await admin.request('POST', '/api/users', { username: 'Bad Name', role: 'operator', password: TEST_PASSWORD })).statusCode, 400);
      assert.equal((await admin.request('POST', '/api/users', { username: 'r', role: 'king', password: TEST_PASSWORD })).statusCode, 400);
      if (await communesTableExists(h.handle)) {
        await sql`insert into communes (insee, name, centroid_lat, centroid_lon, created_at, updated_at) values ('28085', 'Chartres', 48.44, 1.49, 0, 0)`.execute(h.handle.db);
        const unknown = await admin.request('POST', '/api/users', { username: 'm3', role: 'mayor', communes: ['99999'], password: TEST_PASSWORD });
        assert.equal(unknown.statusCode, 400);
        assert.match(unknown.body, /unknown commune/);
      }
      const id = await h.createUser({ username: 'rose', role: 'operator' });
      const patched = await admin.request('PATCH', `/api/users/${id}`, { role: 'mayor', communes: ['28085'], authority: 'arrêté 2026-12' });
      assert.equal(patched.statusCode, 200, patched.body);
      const entry = (await h.journal.query({ action: 'user.update' })).entries[0];
      assert.deepEqual(entry?.details['changes'], { role: { from: 'operator', to: 'mayor' }, communes: { from: [], to: ['28085'] }, authority: { from: '', to: 'arrêté 2026-12' } });
      const back = await admin.request('PATCH', `/api/users/${id}`, { role: 'operator' });
      assert.deepEqual((back.json() as { communes: string[] }).communes, [], 'leaving the mayor role drops the communes');
      const adminId = (await h.access.users.findByUsername('admin'))?.id ?? '';
      assert.equal((await admin.request('PATCH', `/api/users/${adminId}`, { role: 'operator' })).statusCode, 409);
      assert.equal((await admin.request('DELETE', `/api/users/${id}`)).statusCode, 200);
      assert.equal((await admin.request('GET', `/api/users/${id}`)).statusCode, 404);
      const verify = await h.journal.verify();
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

// Running WebSocket streams end, with the reason, when their subject loses the right: logout, account disabled,
// commune changed, habilitation expired (virtual time, noticed by the periodic re-check), token revoked — and a
// stream whose subject keeps the right runs on. Each ending is journaled.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebSocket } from 'ws';
import { testDialects } from '../../test/support/databases.js';
import { STREAM_REVOKED_CLOSE_CODE } from './auth-hook.js';
import { STREAM_RECHECK_MS } from './stream-watch.js';
import { TestClient } from './testing/client.js';
import { startAccessHarness, TEST_PASSWORD, type AccessHarness } from './testing/harness.js';

interface Ending {
  readonly message: { code?: string; message?: string };
  readonly closeCode: number;
  readonly afterMs: number;
}

/** Opens the harness's endless test stream; `ended` resolves with the last text message and the close code. */
async function openStream(h: AccessHarness, headers: Record<string, string>): Promise<{ socket: WebSocket; ended: (since: number) => Promise<Ending> }> {
  let last = {};
  let closed!: Promise<number>;
  const socket = await h.app.injectWS(
    '/test/cameras/cam-chartres/stream',
    { headers },
    {
      onInit: (ws) => {
        ws.on('message', (data: Buffer) => {
          const text = data.toString();
          if (text.startsWith('{')) last = JSON.parse(text) as object;
        });
        closed = new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));
      },
    },
  );
  return {
    socket,
    ended: async (since) => {
      const closeCode = await Promise.race([closed, sleep(8000).then(() => -1)]);
      return { message: last, closeCode, afterMs: Date.now() - since };
    },
  };
}

function assertRevoked(ending: Ending, reason: RegExp): void {
  assert.equal(ending.closeCode, STREAM_REVOKED_CLOSE_CODE, `closed with ${ending.closeCode} after ${ending.afterMs} ms`);
  assert.equal(ending.message.code, 'VIGIE_ACCESS_REVOKED');
  assert.match(ending.message.message ?? '', reason);
  assert.ok(ending.afterMs <= 5000, `ended ${ending.afterMs} ms after the change (at most 5 s)`);
}

for (const dialect of await testDialects()) {
  describe(`running streams end when access is withdrawn (${dialect})`, () => {
    let h: AccessHarness;
    before(async () => {
      h = await startAccessHarness(dialect);
    });
    after(async () => h.close());

    const loggedIn = async (username: string, body: Record<string, unknown>): Promise<{ id: string; client: TestClient }> => {
      const id = await h.createUser({ username, ...body });
      const client = new TestClient(h.app);
      assert.equal((await client.login(username, TEST_PASSWORD)).statusCode, 200);
      return { id, client };
    };

    it('ends a live stream at logout, and journals why', async () => {
      const { client } = await loggedIn('op.logout', { role: 'operator' });
      const stream = await openStream(h, { cookie: client.cookieHeader() });
      const since = Date.now();
      assert.equal((await client.request('POST', '/api/auth/logout')).statusCode, 200);
      assertRevoked(await stream.ended(since), /session ended/);
      const entry = (await h.journal.query({ actor: 'op.logout', action: 'video.live', outcome: 'denied' })).entries[0];
      assert.deepEqual([entry?.details['phase'], entry?.details['via'], entry?.target?.cameraId], ['revoked', 'websocket', 'cam-chartres']);
    });

    it('ends the streams of an account an administrator disables', async () => {
      const { id, client } = await loggedIn('op.disabled', { role: 'operator' });
      const stream = await openStream(h, { cookie: client.cookieHeader() });
      const since = Date.now();
      assert.equal((await (await h.admin()).request('PATCH', `/api/users/${id}`, { disabled: true })).statusCode, 200);
      assertRevoked(await stream.ended(since), /account is disabled/);
    });

    it("ends a mayor's stream when his commune changes", async () => {
      const { id, client } = await loggedIn('maire.moved', { role: 'mayor', communes: ['28085'] });
      const stream = await openStream(h, { cookie: client.cookieHeader() });
      const since = Date.now();
      assert.equal((await (await h.admin()).request('PATCH', `/api/users/${id}`, { communes: ['28218'] })).statusCode, 200);
      assertRevoked(await stream.ended(since), /28085 is outside/);
    });

    it('ends a stream when the habilitation expires, noticed by the periodic re-check', async () => {
      const validUntil = new Date(h.clock.now() + 60_000).toISOString();
      const { client } = await loggedIn('op.expiring', { role: 'operator', validUntil });
      const stream = await openStream(h, { cookie: client.cookieHeader() });
      const since = Date.now();
      h.clock.advance(61_000);
      assertRevoked(await stream.ended(since), /expired/);
    });

    it("ends a token's stream when the token is revoked, and keeps a stream whose right holds", async () => {
      const { client: lead } = await loggedIn('lead.relay', { role: 'room_lead' });
      const created = await lead.request('POST', '/api/tokens', { name: 'relay', actions: ['video.live'] });
      assert.equal(created.statusCode, 201, created.body);
      const { token, id } = created.json() as { token: string; id: string };
      const byToken = await openStream(h, { authorization: `Bearer ${token}` });
      const bySession = await openStream(h, { cookie: lead.cookieHeader() });
      const since = Date.now();
      assert.equal((await lead.request('DELETE', `/api/tokens/${id}`)).statusCode, 200);
      assertRevoked(await byToken.ended(since), /token was revoked/);
      await sleep(STREAM_RECHECK_MS * 2);
      assert.equal(bySession.socket.readyState, bySession.socket.OPEN, "the owner's own stream runs on");
      bySession.socket.terminate();
    });
  });
}

// The alerts push channel (/api/alerts/events) ends when its subject loses the right, like the video streams
// (stream-revocation.test.ts): at logout, when the account is disabled, when the habilitation expires and when the
// API token is revoked — a text message saying why, close code 4403 within 5 s, and a journal entry with the reason.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import WebSocket from 'ws';
import { STREAM_REVOKED_CLOSE_CODE } from '../../src/access/index.js';
import { startAccessWorld, type Account, type AccessWorld } from './support/access-world.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { HttpSession } from './support/http-session.js';

const CUT_LIMIT_MS = 5000;

let world: AccessWorld;

interface Channel {
  readonly texts: string[];
  readonly closed: Promise<{ at: number; code: number }>;
  stop(): void;
}

/** Opens the alerts channel and resolves once its hello arrived. */
function openChannel(session: HttpSession): Promise<Channel> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${world.wsUrl}/api/alerts/events`, { headers: { ...session.authHeaders(), origin: world.baseUrl } });
    const texts: string[] = [];
    const closed = new Promise<{ at: number; code: number }>((done) => socket.once('close', (code) => done({ at: Date.now(), code })));
    socket.on('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with ${response.statusCode}`)));
    socket.on('error', () => undefined);
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      texts.push(text);
      if (texts.length === 1) resolve({ texts, closed, stop: () => socket.terminate() });
    });
  });
}

async function expectCut(t: TestContext, cause: string, account: { username: string }, channel: Channel, trigger: () => Promise<void>, why: RegExp, cutFrom?: () => number): Promise<void> {
  const journalFrom = Date.now();
  await trigger();
  const from = cutFrom?.() ?? journalFrom;
  const closed = await Promise.race([channel.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, from + 12_000 - Date.now())))]);
  channel.stop();
  assert.ok(closed !== null, `${cause}: the alerts channel was not closed`);
  t.diagnostic(`${cause}: alerts channel closed ${((closed.at - from) / 1000).toFixed(1)} s after, code ${closed.code}`);
  assert.ok(closed.at - from <= CUT_LIMIT_MS, `${cause}: closed after ${closed.at - from} ms`);
  assert.equal(closed.code, STREAM_REVOKED_CLOSE_CODE);
  assert.ok(
    channel.texts.some((text) => /VIGIE_ACCESS_REVOKED/.test(text) && why.test(text)),
    `${cause}: a message says why: ${channel.texts.join(' | ')}`,
  );
  const response = await world.admin.send('GET', `/api/journal?actor=${encodeURIComponent(account.username)}&limit=200`);
  const entries = ((await response.json()) as { entries: { action: string; timeMs: number; details: Record<string, unknown> }[] }).entries.filter((e) => e.timeMs >= journalFrom - 1000);
  assert.ok(
    entries.some((e) => e.action === 'alert.read' && typeof e.details['reason'] === 'string' && why.test(String(e.details['reason']))),
    `${cause}: a journal entry gives the reason: ${JSON.stringify(entries.map((e) => [e.action, e.details]))}`,
  );
}

describe('the alerts push channel ends when its right ends', { timeout: 300_000 }, () => {
  before(async () => {
    world = await startAccessWorld({ dialect: 'sqlite', recording: false });
  });
  after(async () => {
    await world?.close();
  });

  it('logout closes the channel', async (t) => {
    const operator = await world.addAccount('operator');
    const channel = await openChannel(operator.session);
    await expectCut(t, 'logout', operator, channel, async () => void assert.equal((await operator.session.send('POST', '/api/auth/logout')).status, 200), /session|log(ged)? ?out/i);
  });

  it('disabling the account closes the channel', async (t) => {
    const operator = await world.addAccount('operator');
    const channel = await openChannel(operator.session);
    await expectCut(
      t,
      'account disabled',
      operator,
      channel,
      async () => void assert.equal((await world.admin.send('PATCH', `/api/users/${operator.id}`, { disabled: true })).status, 200),
      /disabled/i,
    );
  });

  it('an expiring habilitation closes the channel', async (t) => {
    const validUntilMs = Date.now() + 8000;
    const operator: Account = await world.addAccount('operator', { validUntil: new Date(validUntilMs).toISOString() });
    const channel = await openChannel(operator.session);
    await expectCut(
      t,
      'habilitation expired',
      operator,
      channel,
      () => new Promise((resolve) => setTimeout(resolve, Math.max(0, validUntilMs - Date.now()))),
      /habilitation|valid|expired/i,
      () => validUntilMs,
    );
  });

  it('the console says in French that the session ended, at once (not at the next 10 s poll)', async () => {
    const operator = await world.addAccount('operator');
    const browser = await launchBrowser();
    try {
      const cookies = (operator.session.authHeaders()['cookie'] ?? '').split('; ').map((pair) => {
        const [name = '', ...value] = pair.split('=');
        return { name, value: value.join('='), url: world.baseUrl };
      });
      await browser.context.addCookies(cookies);
      const page = await browser.newPage();
      let withdrawn = false;
      page.on('websocket', (socket) => {
        if (socket.url().includes('/api/alerts/events')) socket.on('framereceived', (frame) => (withdrawn ||= String(frame.payload).includes('VIGIE_ACCESS_REVOKED')));
      });
      await page.goto(`${world.baseUrl}/alertes`);
      await page.getByText('Alertes en cours', { exact: true }).waitFor({ timeout: 30_000 });
      assert.equal((await world.admin.send('PATCH', `/api/users/${operator.id}`, { disabled: true })).status, 200);
      // The channel's close makes the console read again: the 401 takes it to the login page, saying why.
      await page
        .getByText(/Reconnectez-vous/)
        .first()
        .waitFor({ timeout: 8000 })
        .catch(async (error: unknown) => {
          await screenshot(page, 'alerts-channel-withdrawn-failed');
          throw error;
        });
      assert.ok(withdrawn, "the server told the console's alerts channel why it closed");
      await screenshot(page, 'alerts-channel-withdrawn');
    } finally {
      await browser.close();
    }
  });

  it('revoking the API token closes the channel', async (t) => {
    const lead = await world.addAccount('room_lead');
    const minted = await lead.session.send('POST', '/api/tokens', { name: 'main courante', actions: ['alert.read'] });
    assert.equal(minted.status, 201, await minted.clone().text());
    const { id, token } = (await minted.json()) as { id: string; token: string };
    const channel = await openChannel(HttpSession.withToken(world.baseUrl, token));
    await expectCut(t, 'token revoked', lead, channel, async () => void assert.equal((await lead.session.send('DELETE', `/api/tokens/${id}`)).status, 200), /token|revoked/i);
  });
});

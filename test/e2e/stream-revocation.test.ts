// Running streams end when their right ends (issue 9 §1): a live WebSocket (with a text message saying why), a
// playback WebSocket and an RTSP restream session each close within 5 s of a logout, an account disabled, a role
// or commune changed, a habilitation expired or an API token revoked — and the journal records the reason.
// Real server (demo simulator cameras, recording on), real sockets; the seconds until each cut are reported.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import WebSocket from 'ws';
import { HOME_COMMUNE, OTHER_COMMUNE, startAccessWorld, type Account, type AccessWorld } from './support/access-world.js';
import { waitForRecording } from './support/footage.js';
import { HttpSession } from './support/http-session.js';
import { rtspPlay } from './support/stream-probes.js';

const CUT_LIMIT_S = 5;
/** How long a stream is watched after the trigger before it is declared still running. */
const WATCH_MS = 12_000;

interface Watched {
  readonly label: string;
  /** Text messages received after the trigger. */
  readonly textsAfter: () => string[];
  /** The time the server closed it. */
  readonly closed: Promise<number>;
  stop(): void;
}

let world: AccessWorld;
let recentFromMs = 0;

/** Opens a WebSocket and resolves once pictures flow (a binary message), or fails. */
function openWebSocket(label: string, path: string, headers: Record<string, string>): Promise<Watched> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${world.wsUrl}${path}`, { headers: { ...headers, origin: world.baseUrl } });
    const texts: string[] = [];
    let mark = 0;
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${label}: no pictures within 20 s (texts: ${texts.join(' | ')})`));
    }, 20_000);
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`${label}: upgrade refused with ${response.statusCode}`));
    });
    socket.on('error', () => undefined);
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) {
        texts.push(data.toString('utf8'));
        return;
      }
      if (mark !== 0) return;
      clearTimeout(timer);
      mark = texts.length;
      resolve({ label, textsAfter: () => texts.slice(mark), closed, stop: () => socket.terminate() });
    });
  });
}

async function openRtsp(label: string, credentials: { username: string; password: string }): Promise<Watched> {
  const play = await rtspPlay(world.rtspPort, `${world.cameras.in}/main`, credentials);
  for (let waited = 0; play.mediaBytes() === 0; waited += 50) {
    if (waited > 15_000) throw new Error(`${label}: no media within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { label, textsAfter: () => [], closed: play.closed, stop: play.stop };
}

const liveOf = (account: Account | { session: HttpSession }) => openWebSocket('live WebSocket', `/api/cameras/${world.cameras.in}/live`, account.session.authHeaders());
const playbackOf = (account: Account | { session: HttpSession }) =>
  openWebSocket('playback WebSocket', `/api/cameras/${world.cameras.in}/playback?from=${recentFromMs}`, account.session.authHeaders());
const rtspOf = (account: Account) => openRtsp('RTSP restream', { username: account.username, password: account.password });

/**
 * Starts the streams, runs the trigger, and checks each stream closes within 5 s of `cutFrom()` (default: the
 * trigger's start), the live view after a text message matching `why`, and a journal entry giving the reason.
 */
async function expectCut(t: TestContext, cause: string, username: string, streams: Watched[], trigger: () => Promise<void>, why: RegExp, cutFrom?: () => number): Promise<void> {
  const journalFrom = Date.now();
  const triggeredAt = Date.now();
  await trigger();
  const from = cutFrom?.() ?? triggeredAt;
  const problems: string[] = [];
  await Promise.all(
    streams.map(async (stream) => {
      const closedAt = await Promise.race([stream.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, from + WATCH_MS - Date.now())))]);
      stream.stop();
      if (closedAt !== null && closedAt < triggeredAt) {
        problems.push(`${cause}: ${stream.label} had already closed before the trigger`);
        return;
      }
      const seconds = closedAt === null ? null : Math.max(0, (closedAt - from) / 1000);
      t.diagnostic(`${cause}: ${stream.label} ${seconds === null ? `still running after ${WATCH_MS / 1000} s` : `cut after ${seconds.toFixed(1)} s`}`);
      if (seconds === null || seconds > CUT_LIMIT_S) problems.push(`${cause}: ${stream.label} ${seconds === null ? 'was not cut' : `was cut after ${seconds.toFixed(1)} s`} (limit ${CUT_LIMIT_S} s)`);
      if (stream.label.startsWith('live') && !stream.textsAfter().some((text) => why.test(text))) {
        problems.push(`${cause}: the live WebSocket closed without a text message saying why (${JSON.stringify(stream.textsAfter())})`);
      }
    }),
  );
  const entries = await journalOf(username, journalFrom);
  const reasons = entries.filter((e) => e.action.startsWith('video.') && typeof e.details['reason'] === 'string' && why.test(String(e.details['reason'])));
  if (reasons.length === 0) problems.push(`${cause}: no journal entry of ${username} gives the reason (entries: ${JSON.stringify(entries.map((e) => [e.action, e.outcome, e.details]))})`);
  assert.deepEqual(problems, []);
}

interface Entry {
  readonly action: string;
  readonly outcome: string;
  readonly timeMs: number;
  readonly details: Record<string, unknown>;
}

async function journalOf(username: string, sinceMs: number): Promise<Entry[]> {
  const response = await world.admin.send('GET', `/api/journal?actor=${encodeURIComponent(username)}&limit=200`);
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { entries: Entry[] }).entries.filter((e) => e.timeMs >= sinceMs - 1000);
}

const patchUser = async (account: Account, fields: Record<string, unknown>) => {
  const response = await world.admin.send('PATCH', `/api/users/${account.id}`, fields);
  assert.equal(response.status, 200, `PATCH /api/users/${account.id} ${JSON.stringify(fields)}: ${await response.text()}`);
};

describe('running streams end when their right ends', { timeout: 600_000 }, () => {
  before(async () => {
    world = await startAccessWorld({ dialect: 'sqlite' });
    const [recent] = await waitForRecording(world.admin, [world.cameras.in], Date.now() - 120_000, 4);
    recentFromMs = (recent?.fromMs ?? 0) + 500;
  });
  after(async () => {
    await world?.close();
  });

  it('logout ends the session’s live and playback WebSockets', async (t) => {
    const operator = await world.addAccount('operator');
    const streams = [await liveOf(operator), await playbackOf(operator)];
    await expectCut(
      t,
      'logout',
      operator.username,
      streams,
      async () => {
        assert.equal((await operator.session.send('POST', '/api/auth/logout')).status, 200);
      },
      /session|log(ged)? ?out/i,
    );
  });

  it('disabling the account ends its live, playback and RTSP streams', async (t) => {
    const operator = await world.addAccount('operator');
    const streams = [await liveOf(operator), await playbackOf(operator), await rtspOf(operator)];
    await expectCut(t, 'account disabled', operator.username, streams, () => patchUser(operator, { disabled: true }), /disabled/i);
  });

  it('a role without video ends the streams', async (t) => {
    const operator = await world.addAccount('operator');
    const streams = [await liveOf(operator), await playbackOf(operator), await rtspOf(operator)];
    await expectCut(t, 'role changed (operator → auditor)', operator.username, streams, () => patchUser(operator, { role: 'auditor' }), /role|auditor|not allowed|may not|no right/i);
  });

  it('moving a mayor to another commune ends his streams of his former commune', async (t) => {
    const mayor = await world.addAccount('mayor', { communes: [HOME_COMMUNE] });
    const streams = [await liveOf(mayor), await playbackOf(mayor), await rtspOf(mayor)];
    await expectCut(t, 'commune changed', mayor.username, streams, () => patchUser(mayor, { communes: [OTHER_COMMUNE] }), /commune/i);
  });

  it('a habilitation that expires ends the streams', async (t) => {
    const validUntilMs = Date.now() + 20_000;
    const operator = await world.addAccount('operator', { validUntil: new Date(validUntilMs).toISOString() });
    const streams = [await liveOf(operator), await playbackOf(operator), await rtspOf(operator)];
    assert.ok(Date.now() < validUntilMs - 1000, 'the streams started before the habilitation ended');
    await expectCut(
      t,
      'habilitation expired',
      operator.username,
      streams,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, validUntilMs - Date.now()));
      },
      /habilitation|valid|expired/i,
      () => validUntilMs,
    );
  });

  it('revoking an API token ends its live, playback and RTSP streams', async (t) => {
    const lead = await world.addAccount('room_lead');
    const minted = await lead.session.send('POST', '/api/tokens', { name: 'relay', actions: ['video.live', 'video.playback'] });
    assert.equal(minted.status, 201, await minted.clone().text());
    const { id, token } = (await minted.json()) as { id: string; token: string };
    const bearer = { session: HttpSession.withToken(world.baseUrl, token) };
    const streams = [await liveOf(bearer), await playbackOf(bearer), await openRtsp('RTSP restream (token as password)', { username: lead.username, password: token })];
    await expectCut(
      t,
      'token revoked',
      lead.username,
      streams,
      async () => {
        assert.equal((await lead.session.send('DELETE', `/api/tokens/${id}`)).status, 200);
      },
      /token|revoked/i,
    );
  });
});

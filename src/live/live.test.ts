import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import WebSocket from 'ws';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createJournal, type Journal } from '../journal/index.js';
import { Hub, type StreamPublisher } from '../media/hub/index.js';
import { parseFragments, parseInitSegment } from '../media/mp4/index.js';
import { encodeClip, type Clip } from '../media/mp4/test-clip.js';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { liveRoutes } from './routes.js';
import { LiveTranscoders } from './transcoders.js';

interface Received {
  readonly texts: Array<{ type: string; mime?: string; message?: string; width?: number }>;
  readonly binaries: Uint8Array[];
  firstFragmentMs: number | undefined;
  closed: boolean;
}

function watch(url: string): { socket: WebSocket; received: Received } {
  const openedAt = performance.now();
  const socket = new WebSocket(url);
  const received: Received = { texts: [], binaries: [], firstFragmentMs: undefined, closed: false };
  socket.on('message', (data, isBinary) => {
    if (!isBinary) received.texts.push(JSON.parse(String(data)));
    else {
      received.binaries.push(new Uint8Array(data as Buffer));
      if (received.binaries.length === 2) received.firstFragmentMs = performance.now() - openedAt;
    }
  });
  socket.on('close', () => (received.closed = true));
  return { socket, received };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(20)) if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
}

describe('live view over WebSocket', () => {
  let db: TestDatabase;
  let journal: Journal;
  let app: FastifyInstance;
  let base: string;
  let h264: Clip;
  let h265: Clip;
  const hub = new Hub();
  const transcoders = new LiveTranscoders(hub, silentLogger, 50);
  let cam1: StreamPublisher;

  before(async () => {
    [h264, h265] = await Promise.all([encodeClip({ codec: 'h264', seconds: 4, gop: 25 }), encodeClip({ codec: 'h265', seconds: 4, gop: 25 })]);
    db = await openTestDatabase('sqlite');
    journal = createJournal({ db: db.db, clock: systemClock, dataDir: db.dataDir });
    app = Fastify();
    await app.register(websocket);
    app.decorateRequest('actor', null);
    // Stands in for the access hook, which authorises the upgrade before the handler runs.
    app.addHook('onRequest', async (request) => {
      request.actor = { kind: 'user', id: 'u1', username: 'alice', role: 'operator', communes: [] };
    });
    await liveRoutes({ hub, transcoders, journal, clock: systemClock })(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `ws://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    cam1 = hub.publish('cam1/main');
    cam1.setTrack(h264.track);
    for (const unit of h264.units.slice(0, 30)) cam1.push(unit);
  });

  after(async () => {
    transcoders.close();
    await app.close();
    await db.close();
  });

  it('sends the init message, a parseable init segment, then fragments from the cached keyframe, live', async () => {
    const { socket, received } = watch(`${base}/api/cameras/cam1/live?stream=main`);
    await until(() => received.binaries.length >= 6, 'the cached GOP');
    assert.equal(received.texts[0]?.type, 'init');
    assert.match(received.texts[0]?.mime ?? '', /^video\/mp4; codecs="avc1\.[0-9a-f]{6}"$/);
    assert.equal(received.texts[0]?.width, 320);
    const init = parseInitSegment(received.binaries[0] as Uint8Array);
    assert.equal(init.track.codec, 'h264');
    const samples = () => received.binaries.slice(1).map((b) => parseFragments(b, 0).fragments[0]?.samples[0]);
    assert.equal(samples()[0]?.isKeyframe, true, 'starts at the last keyframe');
    assert.equal(samples().length, 5, 'the 5 pictures since the keyframe at 25');
    // The 300 ms target is measured by the bench and the Chromium test; here a loaded test machine gets slack.
    assert.ok((received.firstFragmentMs ?? Infinity) < 1000, `first fragment after ${received.firstFragmentMs} ms`);
    for (const unit of h264.units.slice(30, 40)) cam1.push(unit);
    await until(() => received.binaries.length >= 16, 'live pictures');
    const dts = samples().map((s) => s?.dts90k);
    assert.deepEqual(
      dts,
      Array.from({ length: 15 }, (_, i) => i * 3600),
    );
    socket.close();
    await until(() => received.closed, 'close');
    await sleep(100);
    const page = await journal.query({ action: 'video.live' });
    const end = page.entries.find((e) => e.details['phase'] === 'end' && e.target?.cameraId === 'cam1');
    assert.ok(end !== undefined, 'the end of the view is journaled');
    assert.equal(end.actor?.username, 'alice');
    assert.equal(end.details['fragments'], 15);
    assert.equal(typeof end.details['durationMs'], 'number');
  });

  it('pictures=keyframes sends the keyframes alone, and the end of the view says so in the journal', async () => {
    const { socket, received } = watch(`${base}/api/cameras/cam1/live?stream=main&pictures=keyframes`);
    await until(() => received.binaries.length >= 2, 'the cached keyframe');
    for (const unit of h264.units.slice(40, 60)) cam1.push(unit);
    await until(() => received.binaries.length >= 3, 'the keyframe at 50');
    const samples = received.binaries.slice(1).map((b) => parseFragments(b, 0).fragments[0]?.samples[0]);
    assert.equal(samples.length, 2, 'the keyframes at 25 and 50, nothing between');
    assert.ok(samples.every((s) => s?.isKeyframe === true));
    socket.close();
    await until(() => received.closed, 'close');
    await sleep(100);
    const page = await journal.query({ action: 'video.live' });
    assert.ok(page.entries.some((e) => e.details['phase'] === 'end' && e.details['pictures'] === 'keyframes'));
  });

  it('refuses an unknown picture rate before upgrading', async () => {
    const { socket } = watch(`${base}/api/cameras/cam1/live?stream=sub&pictures=half`);
    assert.equal(await new Promise<number | undefined>((resolve) => socket.on('unexpected-response', (_req, res) => resolve(res.statusCode))), 400);
  });

  it('starts an on-demand stream for its first viewer', async () => {
    const events: string[] = [];
    hub.declareOnDemand(
      'cam3/sub',
      {
        start: () => {
          events.push('start');
          const publisher = hub.publish('cam3/sub');
          publisher.setTrack(h264.track);
          setTimeout(() => h264.units.slice(0, 10).forEach((unit) => publisher.push(unit)), 50);
        },
        stop: () => events.push('stop'),
      },
      { stopAfterMs: 10_000 },
    );
    const { socket, received } = watch(`${base}/api/cameras/cam3/live?stream=sub`);
    await until(() => received.binaries.length >= 11, 'the on-demand pictures');
    assert.deepEqual(events, ['start']);
    assert.equal(received.texts[0]?.type, 'init');
    socket.close();
  });

  it('answers an error message and closes for a stream that is not received', async () => {
    const { received } = watch(`${base}/api/cameras/nope/live?stream=sub`);
    await until(() => received.closed, 'close');
    assert.equal(received.texts[0]?.type, 'error');
    assert.match(received.texts[0]?.message ?? '', /not being received/);
  });

  it('refuses a bad stream name before upgrading', async () => {
    const { received, socket } = watch(`${base}/api/cameras/cam1/live?stream=raw`);
    const status = await new Promise<number | undefined>((resolve) => socket.on('unexpected-response', (_req, res) => resolve(res.statusCode)));
    assert.equal(status, 400);
    assert.equal(received.texts.length, 0);
  });

  it('transcodes an H.265 camera to H.264 only while a browser watches', async () => {
    const cam2 = hub.publish('cam2/main');
    cam2.setTrack(h265.track);
    const { socket, received } = watch(`${base}/api/cameras/cam2/live`);
    let index = 0;
    const feeder = setInterval(() => {
      const unit = h265.units[index % h265.units.length];
      if (unit !== undefined) cam2.push({ ...unit, dts90k: index * 3600, pts90k: index * 3600 });
      index += 1;
    }, 10);
    try {
      await until(() => received.binaries.length >= 10, 'transcoded pictures', 20_000);
      assert.match(received.texts[0]?.mime ?? '', /avc1/);
      assert.equal(hub.streamStats('cam2/main/h264')?.running, true);
      socket.close();
      await until(() => hub.streamStats('cam2/main/h264')?.running === false, 'the transcoder to stop');
    } finally {
      clearInterval(feeder);
      cam2.end();
    }
  });
});

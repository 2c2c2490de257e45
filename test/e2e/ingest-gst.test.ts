// Ingest from GStreamer's RTSP server (an independent implementation), H.264 and H.265, through the hub;
// and clear health states for wrong credentials and a refused connection.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createIngest, openRtspSourceSession, type Ingest } from '../../src/ingest/index.js';
import { Hub, type AccessUnit, type TrackInfo } from '../../src/media/hub/index.js';
import { startGstCams, type GstCams } from '../support/gst-cams.js';
import { MemoryTerritory } from '../support/memory-territory.js';
import { freePort } from '../support/ports.js';

let open: GstCams;
let locked: GstCams;
let ingest: Ingest;
const hub = new Hub();
const territory = new MemoryTerritory();
const metrics = new Registry();

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(50)) if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
}

before(async () => {
  [open, locked] = await Promise.all([startGstCams(), startGstCams({ auth: 'admin:right' })]);
  territory.put('gst-h264', { main: { url: open.url('h264') } });
  territory.put('gst-h265', { main: { url: open.url('h265') } });
  territory.put('gst-wrong-password', { main: { url: locked.url('h264'), username: 'admin', password: 'wrong' } });
  territory.put('nobody-home', { main: { url: `rtsp://127.0.0.1:${await freePort()}/cam` } });
  ingest = createIngest({ hub, territory, logger: silentLogger, metrics, clock: systemClock, openSession: openRtspSourceSession });
  await ingest.start();
});

after(async () => {
  await ingest.close();
  await Promise.all([open.stop(), locked.stop()]);
});

for (const codec of ['h264', 'h265'] as const) {
  it(`ingests ${codec.toUpperCase()} from GStreamer into the hub`, async () => {
    const units: AccessUnit[] = [];
    const tracks: TrackInfo[] = [];
    const subscription = hub.subscribe(
      `gst-${codec}/main`,
      { label: 'test', start: (t) => tracks.push(t), accept: (u) => void units.push(u), stop: () => undefined },
      { startAt: 'last-keyframe', maxQueuedBytes: 4e6 },
    );
    await until(() => units.length >= 30, `30 ${codec} pictures`);
    subscription.close();
    assert.equal(tracks[0]?.codec, codec);
    assert.deepEqual([tracks[0]?.width, tracks[0]?.height], [320, 240]);
    assert.equal(units[0]?.isKeyframe, true);
    for (let i = 1; i < units.length; i += 1) assert.ok((units[i]?.dts90k ?? 0) > (units[i - 1]?.dts90k ?? 0), 'decode times increase');
    const health = ingest.health(`gst-${codec}`)?.main;
    assert.equal(health?.state, 'online');
    assert.equal(health?.codec, codec);
    assert.ok((health?.framesReceived ?? 0) >= 30);
    assert.equal(health?.framesLost, 0);
  });
}

it('reports rejected credentials and a refused connection clearly, without stopping the other cameras', async () => {
  await until(() => ingest.health('gst-wrong-password')?.main.lastError !== undefined && ingest.health('nobody-home')?.main.lastError !== undefined, 'both errors');
  const wrong = ingest.health('gst-wrong-password')?.main;
  assert.equal(wrong?.state, 'offline');
  assert.equal(wrong?.lastError?.kind, 'auth-rejected');
  assert.ok(!(wrong?.lastError?.message ?? '').includes('wrong'), 'the password never appears');
  const refused = ingest.health('nobody-home')?.main;
  assert.equal(refused?.lastError?.kind, 'refused');
  assert.match(refused?.lastError?.message ?? '', /refused the connection/);
  assert.equal(ingest.health('gst-h264')?.main.state, 'online');
  const text = await metrics.metrics();
  assert.match(text, /vigie_camera_stream_state\{camera="gst-h264",stream="main"\} 2/);
  assert.match(text, /vigie_camera_stream_state\{camera="nobody-home",stream="main"\} 0/);
});

it('follows the territory: a removed camera stops and leaves the hub', async () => {
  territory.remove('gst-h265');
  await until(() => ingest.health('gst-h265') === undefined, 'the camera to go');
  await until(() => hub.streamStats('gst-h265/main') === undefined, 'the hub stream to go');
});

// Ingest from Vigie's simulator (H.264 and H.265), on-demand sub streams, and recovery from each simulator
// fault — dropped connection, stalled stream, garbage, resolution change — with no leak over many cycles.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createIngest, openRtspSourceSession, type Ingest, type StreamStateChange } from '../../src/ingest/index.js';
import { Hub, type AccessUnit, type StreamConsumer, type TrackInfo } from '../../src/media/hub/index.js';
import { MemoryTerritory } from '../support/memory-territory.js';

let sim: Simulator;
let ingest: Ingest;
const hub = new Hub();
const territory = new MemoryTerritory();
const changes: StreamStateChange[] = [];

class Counter implements StreamConsumer {
  readonly label = 'test counter';
  readonly units: AccessUnit[] = [];
  readonly tracks: TrackInfo[] = [];
  start(track: TrackInfo): void {
    this.tracks.push(track);
  }
  accept(unit: AccessUnit): void {
    this.units.push(unit);
  }
  stop(): void {}
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(50)) if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
}

const state = (cameraId: string): string | undefined => ingest.health(cameraId)?.main.state;

before(async () => {
  sim = await startSimulator({ cameras: 2, port: 0, h265Cameras: 1, cacheDir: TEST_CACHE_DIR });
  const [cam1, cam2] = sim.urls;
  assert.ok(cam1 !== undefined && cam2 !== undefined);
  territory.put('cam1', { main: { url: cam1.main }, sub: { url: cam1.sub } });
  territory.put('cam2', { main: { url: cam2.main } });
  ingest = createIngest({ hub, territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: openRtspSourceSession, subStopAfterMs: 300, stallTimeoutMs: 1500 });
  ingest.onStateChange((change) => changes.push(change));
  await ingest.start();
  await until(() => state('cam1') === 'online' && state('cam2') === 'online', 'both cameras online');
});

after(async () => {
  await ingest?.close();
  await sim?.close();
});

it('ingests the H.264 and H.265 main streams into the hub, whole pictures from a keyframe', async () => {
  const h264 = new Counter();
  const h265 = new Counter();
  const subscriptions = [hub.subscribe('cam1/main', h264, { startAt: 'next-keyframe', maxQueuedBytes: 8e6 }), hub.subscribe('cam2/main', h265, { startAt: 'next-keyframe', maxQueuedBytes: 8e6 })];
  await until(() => h264.units.length >= 50 && h265.units.length >= 50, '50 pictures of each');
  subscriptions.forEach((s) => s.close());
  assert.deepEqual([h264.tracks[0]?.codec, h264.tracks[0]?.width], ['h264', 1280]);
  assert.deepEqual([h265.tracks[0]?.codec, h265.tracks[0]?.width], ['h265', 1280]);
  for (const counter of [h264, h265]) {
    assert.equal(counter.units[0]?.isKeyframe, true);
    const steps = counter.units.slice(1).map((u, i) => u.dts90k - (counter.units[i]?.dts90k ?? 0));
    assert.ok(
      steps.every((step) => step === 3600),
      `25 fps without gaps: ${steps.filter((s) => s !== 3600).join(',')}`,
    );
  }
  assert.equal(ingest.health('cam1')?.main.framesLost, 0);
});

it('connects the sub stream only while someone watches it', async () => {
  assert.equal(ingest.health('cam1')?.sub?.state, 'idle');
  const viewer = new Counter();
  const subscription = hub.subscribe('cam1/sub', viewer, { startAt: 'last-keyframe', maxQueuedBytes: 8e6 });
  await until(() => viewer.units.length >= 10, 'sub stream pictures');
  assert.equal(viewer.tracks[0]?.width, 640);
  subscription.close();
  await until(() => ingest.health('cam1')?.sub?.state === 'idle', 'the sub stream to disconnect');
});

it('recovers from a dropped connection, a stall, garbage and a resolution change', async () => {
  const viewer = new Counter();
  const subscription = hub.subscribe('cam1/main', viewer, { startAt: 'next-keyframe', maxQueuedBytes: 8e6 });
  const recovered = async (fault: string): Promise<void> => {
    const before = viewer.units.length;
    await until(() => state('cam1') === 'online' && viewer.units.length > before + 25, `pictures again after ${fault}`);
  };

  const reconnects = ingest.health('cam1')?.main.reconnects ?? 0;
  sim.fault(1, 'drop');
  await until(() => (ingest.health('cam1')?.main.reconnects ?? 0) > reconnects, 'a reconnection');
  await recovered('drop');

  sim.fault(1, 'stall');
  await until(() => state('cam1') === 'offline', 'offline while stalled');
  assert.equal(ingest.health('cam1')?.main.lastError?.kind, 'timeout');
  sim.restore(1);
  await recovered('stall');

  sim.fault(1, 'garbage');
  await until(() => ingest.health('cam1')?.main.lastError?.kind === 'garbage', 'garbage reported');
  sim.restore(1);
  await recovered('garbage');

  sim.fault(1, 'resolution');
  await until(() => viewer.tracks.some((t) => t.width === 640), 'the new track');
  await recovered('resolution');
  sim.restore(1);
  await until(() => viewer.tracks.at(-1)?.width === 1280, 'the original track');
  subscription.close();
  assert.equal(state('cam2'), 'online', 'the other camera was never affected');
  assert.ok(changes.some((c) => c.cameraId === 'cam1' && c.to === 'offline' && c.error !== undefined));
});

it('leaks nothing over many drop cycles', async () => {
  const handles = (): number => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
  const cycle = async (): Promise<void> => {
    const reconnects = ingest.health('cam1')?.main.reconnects ?? 0;
    sim.fault(1, 'drop');
    await until(() => (ingest.health('cam1')?.main.reconnects ?? 0) > reconnects && state('cam1') === 'online', 'reconnected');
  };
  await cycle();
  await sleep(200);
  const baseline = { handles: handles(), streams: hub.stats().length, listeners: territory.listenerCount() };
  for (let i = 0; i < 6; i += 1) await cycle();
  await sleep(500);
  assert.ok(handles() <= baseline.handles + 2, `handles ${baseline.handles} → ${handles()}`);
  assert.equal(hub.stats().length, baseline.streams);
  assert.equal(territory.listenerCount(), 1);
  assert.equal(hub.streamStats('cam1/main')?.subscribers, 0);
});

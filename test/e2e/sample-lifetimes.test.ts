// Reused sample memory end to end: the simulator's H.264 and H.265 cameras ingested over RTSP into slabs from a
// debug pool (overwritten as soon as they are handed back), fanned out by the hub to a recorder, a consumer that
// reads each picture only after an await longer than a GOP (its short queue overflows meanwhile, so nothing else
// holds that picture's slab), and a late viewer started from the keyframe cache. Every copy must be byte for byte
// what arrived, while slabs are being reused.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createIngest, rtspSourceSessions, type Ingest } from '../../src/ingest/index.js';
import { Hub, type AccessUnit, type StreamConsumer } from '../../src/media/hub/index.js';
import { parseFragments, parseInitSegment } from '../../src/media/mp4/index.js';
import { SampleSlabPool } from '../../src/media/rtp/index.js';
import { SegmentStore, Volumes, Recorder } from '../../src/recording/index.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { MemoryTerritory } from '../support/memory-territory.js';

/** Copies every picture it is given, keyed by decode time; `delayMs` reads it only after an await. */
class Copier implements StreamConsumer {
  readonly label: string;
  readonly borrowsUnits = true;
  readonly samples = new Map<number, Uint8Array>();
  readonly #delayMs: number;
  constructor(label: string, delayMs = 0) {
    this.label = label;
    this.#delayMs = delayMs;
  }
  start(): void {}
  async accept(unit: AccessUnit): Promise<void> {
    if (this.#delayMs > 0) await sleep(this.#delayMs);
    this.samples.set(unit.dts90k, Uint8Array.from(unit.sample));
  }
  stop(): void {}
}

let sim: Simulator;
let ingest: Ingest;
let database: TestDatabase;
const hub = new Hub();
const pool = new SampleSlabPool({ debug: true, maxFreeSlabs: 2 });

before(async () => {
  sim = await startSimulator({ cameras: 2, port: 0, h265Cameras: 1, cacheDir: TEST_CACHE_DIR });
  database = await openTestDatabase('sqlite');
  const territory = new MemoryTerritory();
  sim.urls.forEach((urls, i) => territory.put(`cam${i + 1}`, { main: { url: urls.main } }));
  ingest = createIngest({ hub, territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: rtspSourceSessions(pool) });
  await ingest.start();
});

after(async () => {
  await ingest?.close();
  await sim?.close();
  await database?.close();
});

it('records, delays and replays from the cache the very bytes received while their slabs are reused', async () => {
  const store = new SegmentStore(database.db);
  const volumes = Volumes.fromConfig(database.dataDir, []);
  const cameras = ['cam1', 'cam2'].map((cameraId) => {
    const reference = new Copier(`reference ${cameraId}`);
    const delayed = new Copier(`delayed ${cameraId}`, 2500);
    const recorder = new Recorder({ cameraId, stream: 'main', segmentSeconds: 60, volumes, store, logger: silentLogger });
    const options = { startAt: 'next-keyframe', maxQueuedBytes: 16e6 } as const;
    const subscriptions = [
      hub.subscribe(`${cameraId}/main`, reference, options),
      hub.subscribe(`${cameraId}/main`, delayed, { startAt: 'next-keyframe', maxQueuedBytes: 100_000 }),
      hub.subscribe(`${cameraId}/main`, recorder, options),
    ];
    return { cameraId, reference, delayed, recorder, subscriptions, late: new Copier(`late ${cameraId}`) };
  });
  await sleep(3000);
  for (const camera of cameras) camera.subscriptions.push(hub.subscribe(`${camera.cameraId}/main`, camera.late, { startAt: 'last-keyframe', maxQueuedBytes: 16e6 }));
  await sleep(3000);
  for (const camera of cameras) for (const subscription of camera.subscriptions) subscription.close();
  await Promise.all(cameras.map((camera) => camera.recorder.drain()));
  await sleep(2600);

  assert.ok(pool.stats().slabsReused >= 4, `slabs reused: ${JSON.stringify(pool.stats())}`);
  const rows = await store.all();
  for (const { cameraId, reference, delayed, late } of cameras) {
    assert.ok(reference.samples.size >= 100, `${cameraId}: ${reference.samples.size} pictures`);
    assert.ok(delayed.samples.size >= 2, `${delayed.label}: ${delayed.samples.size} pictures`);
    assert.ok(late.samples.size >= 25, `${late.label}: ${late.samples.size} pictures`);
    for (const copier of [delayed, late]) {
      for (const [dts90k, sample] of copier.samples) assert.deepEqual(sample, reference.samples.get(dts90k), `${copier.label}: picture at ${dts90k}`);
    }
    const row = rows.find((r) => r.camera_id === cameraId);
    assert.ok(row !== undefined, `${cameraId} recorded`);
    const file = await readFile(join(row.volume, row.path));
    const { fragments } = parseFragments(file, parseInitSegment(file).byteLength);
    const recorded = fragments.flatMap((fragment) => fragment.samples.map((s) => file.subarray(s.offset, s.offset + s.size)));
    const received = [...reference.samples.values()];
    assert.ok(recorded.length >= 100 && recorded.length <= received.length, `${cameraId}: ${recorded.length} recorded of ${received.length}`);
    recorded.forEach((sample, i) => assert.ok(Buffer.from(received[i]!).equals(sample), `${cameraId}: recorded sample ${i}`));
  }
});

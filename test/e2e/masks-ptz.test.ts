// A PTZ camera's mask follows the head: the simulator's lit window, masked in the head's angular coordinates,
// stays covered in every picture published under the camera's key while a scripted series of pans, tilts and
// zooms runs — each picture decoded by ffmpeg, its pose read back from its barcode, and compared pixel by pixel
// with the scene at that pose. Reports leaked pixels (must be 0) and wrongly covered ones.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { PTZ_HEIGHT, PTZ_WIDTH, PTZ_WINDOW, readPtzBarcode, SCENE_HEIGHT, SCENE_WIDTH, startSimulator, type Simulator } from '../../sim/index.js';
import { loadScene } from '../../sim/ptz/scene.js';
import { ViewportRenderer } from '../../sim/ptz/viewport.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createIngest, openRtspSourceSession, type Ingest } from '../../src/ingest/index.js';
import { Hub } from '../../src/media/hub/index.js';
import { maskedSessions, X264, type CameraMasks, type MaskedSessions } from '../../src/masks/index.js';
import { MemoryTerritory } from '../support/memory-territory.js';
import { decodeLuma, PictureCollector } from './support/mask-frames.js';
import { simulatorCalibration, simulatorFeed, windowPolygon, type PtzScript, runPtzScript, pictureReport } from './support/ptz-window.js';

let sim: Simulator;
let ingest: Ingest;
let sessions: MaskedSessions;
const hub = new Hub();
const failures: string[] = [];
const lags: number[] = [];

const MASKS: CameraMasks = { cameraId: 'ptz1', space: 'angular', polygons: [windowPolygon()], calibration: simulatorCalibration(), updatedAtMs: 0, updatedBy: 'test' };

/** Pans, tilts and zooms, continuous and absolute, with the window crossing the picture and its edges. */
const SCRIPT: PtzScript = [
  { absolute: { pan: 0, tilt: 0, zoom: 0 }, waitMs: 1500 },
  { continuous: { pan: 0.6, tilt: 0, zoom: 0 }, waitMs: 1500 },
  { continuous: { pan: -0.8, tilt: 0.3, zoom: 0 }, waitMs: 1500 },
  { absolute: { pan: 0.3, tilt: -0.2, zoom: 0.6 }, waitMs: 2500 },
  { continuous: { pan: 0, tilt: 0, zoom: -0.5 }, waitMs: 1200 },
  { continuous: { pan: 0.4, tilt: -0.4, zoom: 0.4 }, waitMs: 1500 },
  { absolute: { pan: 0.25, tilt: -0.1, zoom: 1 }, waitMs: 3000 },
  { absolute: { pan: 0, tilt: 0, zoom: 0 }, waitMs: 2500 },
];

before(async () => {
  sim = await startSimulator({ cameras: 1, ptz: 1, port: 0, cacheDir: TEST_CACHE_DIR });
  const territory = new MemoryTerritory();
  territory.put('ptz1', { main: { url: (sim.urls[0] as { main: string }).main } });
  const ptz = sim.ptz(1);
  assert.ok(ptz !== undefined);
  sessions = maskedSessions({
    inner: openRtspSourceSession,
    masks: { load: async () => undefined, masksOf: (id) => (id === 'ptz1' ? MASKS : undefined) },
    encoder: X264,
    positions: simulatorFeed('ptz1', ptz.state),
    onFailure: (cameraId, stream, error) => failures.push(`${cameraId}/${stream}: ${error.message}`),
    onLag: (_cameraId, lagMs) => lags.push(lagMs),
  });
  ingest = createIngest({ hub, territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: sessions.open });
  await ingest.start();
});

after(async () => {
  await ingest?.close();
  sessions?.close();
  await sim?.close();
});

it('keeps the window covered in every picture through pans, tilts and zooms, and the rest intact', async (t) => {
  const ptz = sim.ptz(1);
  assert.ok(ptz !== undefined);
  const live = new PictureCollector();
  const subscription = hub.subscribe('ptz1/main', live, { startAt: 'next-keyframe', maxQueuedBytes: 64e6 });
  for (const started = Date.now(); live.pictures < 5; await sleep(100)) if (Date.now() - started > 60_000) assert.fail('no masked picture');
  await runPtzScript(ptz.state, SCRIPT);
  subscription.close();
  const frames = await decodeLuma(live.annexB, PTZ_WIDTH, PTZ_HEIGHT);
  const scene = await loadScene(TEST_CACHE_DIR);
  const report = pictureReport(frames, (n) => ptz.viewportOfFrame(n), new ViewportRenderer(scene, PTZ_WIDTH, PTZ_HEIGHT), readPtzBarcode);
  t.diagnostic(`pictures ${frames.length}, identified ${report.identified}, with the window in sight ${report.windowInSight}`);
  t.diagnostic(
    `leaked pixels ${report.leaked} (worst picture ${report.worstLeak}); wrongly covered pixels ${report.wronglyCovered} (${(report.wronglyCoveredShare * 100).toFixed(2)} % of the pictures' area outside the window)`,
  );
  t.diagnostic(`position lag behind the picture: max ${Math.max(0, ...lags.filter(Number.isFinite))} ms over ${lags.length} masked pictures`);
  assert.ok(frames.length >= 150, `decoded ${frames.length} pictures`);
  assert.ok(report.identified >= frames.length * 0.8, `pose read back for ${report.identified} of ${frames.length}`);
  assert.ok(report.windowInSight >= 50, `the window was in sight in ${report.windowInSight} pictures`);
  assert.equal(report.leaked, 0, `leaked pixels: ${report.leakDetails.join('; ')}`);
  assert.ok(report.wronglyCoveredShare < 0.1, `wrongly covered share ${report.wronglyCoveredShare}`);
  assert.deepEqual(failures, []);
  assert.ok(SCENE_WIDTH > 0 && SCENE_HEIGHT > 0 && PTZ_WINDOW.width > 0);
});

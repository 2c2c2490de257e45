// A fixed camera's masks burned in before the hub: every picture published under the camera's keys has the
// masked rectangle black, decoded by a real ffmpeg; the unmasked camera keeps its own pictures untouched.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createIngest, openRtspSourceSession, type Ingest } from '../../src/ingest/index.js';
import { Hub } from '../../src/media/hub/index.js';
import { maskedSessions, X264, type CameraMasks, type MaskedSessions } from '../../src/masks/index.js';
import { MemoryTerritory } from '../support/memory-territory.js';
import { decodeLuma, PictureCollector, uncoveredPixels, type Rect } from './support/mask-frames.js';

const RECT: Rect = { x0: 0.1, y0: 0.2, x1: 0.45, y1: 0.6 };
const MASKS: CameraMasks = {
  cameraId: 'cam1',
  space: 'picture',
  polygons: [
    [
      { x: RECT.x0, y: RECT.y0 },
      { x: RECT.x1, y: RECT.y0 },
      { x: RECT.x1, y: RECT.y1 },
      { x: RECT.x0, y: RECT.y1 },
    ],
  ],
  calibration: null,
  updatedAtMs: 0,
  updatedBy: 'test',
};

let sim: Simulator;
let ingest: Ingest;
let sessions: MaskedSessions;
const hub = new Hub();
const failures: string[] = [];

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(100)) if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
}

before(async () => {
  sim = await startSimulator({ cameras: 2, port: 0, cacheDir: TEST_CACHE_DIR });
  const territory = new MemoryTerritory();
  territory.put('cam1', { main: { url: (sim.urls[0] as { main: string }).main } });
  territory.put('cam2', { main: { url: (sim.urls[1] as { main: string }).main } });
  sessions = maskedSessions({
    inner: openRtspSourceSession,
    masks: { load: async () => undefined, masksOf: (id) => (id === 'cam1' ? MASKS : undefined) },
    encoder: X264,
    onFailure: (cameraId, stream, error) => failures.push(`${cameraId}/${stream}: ${error.message}`),
  });
  ingest = createIngest({ hub, territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: sessions.open });
  await ingest.start();
});

after(async () => {
  await ingest?.close();
  sessions?.close();
  await sim?.close();
});

it('publishes only masked pictures for the masked camera, the camera’s own for the other', async () => {
  const masked = new PictureCollector();
  const plain = new PictureCollector();
  const subs = [hub.subscribe('cam1/main', masked, { startAt: 'next-keyframe', maxQueuedBytes: 64e6 }), hub.subscribe('cam2/main', plain, { startAt: 'next-keyframe', maxQueuedBytes: 64e6 })];
  await until(() => masked.pictures >= 75 && plain.pictures >= 75, '75 pictures of each camera');
  subs.forEach((s) => s.close());
  const track = masked.tracks[0];
  assert.ok(track?.width !== undefined && track.height !== undefined);
  const { width, height } = track;
  const frames = await decodeLuma(masked.annexB, width, height);
  assert.ok(frames.length >= 70, `decoded ${frames.length} masked pictures`);
  const leaked = frames.map((luma) => uncoveredPixels(luma, width, height, RECT));
  assert.equal(Math.max(...leaked), 0, `leaked pixels per picture: ${leaked.join(',')}`);
  // The unmasked camera is not re-encoded: its track is the camera's own (the simulator's SPS, not x264's).
  const plainFrames = await decodeLuma(plain.annexB, width, height);
  const plainBright = plainFrames.map((luma) => uncoveredPixels(luma, width, height, RECT));
  assert.ok(Math.min(...plainBright) > 1000, `the same rectangle unmasked shows the picture: ${plainBright.slice(0, 5).join(',')}`);
  // Outside the mask the masked picture is the camera's: most of it is not black.
  const outside = frames.map((luma) => uncoveredPixels(luma, width, height, { x0: 0.55, y0: 0.1, x1: 0.95, y1: 0.9 }));
  assert.ok(Math.min(...outside) > 0.5 * 0.4 * 0.8 * width * height, `outside the mask the picture stays: ${outside.slice(0, 5).join(',')}`);
  assert.deepEqual(failures, []);
});

it('kills the mask pipeline mid-stream: no unmasked picture reaches a viewer, the failure is reported, masking resumes', async () => {
  const watcher = new PictureCollector();
  const subscription = hub.subscribe('cam1/main', watcher, { startAt: 'next-keyframe', maxQueuedBytes: 64e6 });
  await until(() => watcher.pictures >= 25, 'masked pictures before the kill');
  // The masked camera's one ffmpeg (fixed masks: decode, maskedmerge and encode in one process), a child of this process.
  const { execFileSync } = await import('node:child_process');
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('ffmpeg') && line.includes('maskedmerge'));
  assert.equal(children.length, 1, `one mask ffmpeg running: ${children.join(' | ')}`);
  process.kill(Number(children[0]?.trim().split(/\s+/)[0]), 'SIGKILL');
  await until(() => failures.length > 0, 'the failure reported');
  const before = watcher.pictures;
  await until(() => watcher.pictures >= before + 50, 'masked pictures after the pipeline restarted', 90_000);
  subscription.close();
  const track = watcher.tracks[0];
  assert.ok(track?.width !== undefined && track.height !== undefined);
  // Every picture the viewer got, before, during and after the failure, decoded: the rectangle is black in all.
  const frames = await decodeLuma(watcher.annexB, track.width, track.height);
  assert.ok(frames.length >= 70, `decoded ${frames.length}`);
  const leaked = frames.map((luma) => uncoveredPixels(luma, track.width as number, track.height as number, RECT));
  assert.equal(Math.max(...leaked), 0, `leaked pixels per picture: ${leaked.join(',')}`);
  assert.match(failures[0] ?? '', /cam1\/main: masks cam1\/main: ffmpeg exited/);
});

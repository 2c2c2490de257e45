// Live view in Chromium on a real Vigie with its demo simulator: the tile's <video> decodes frames and the
// picture advances; a second viewer of the same camera gets its first frame from the hub's keyframe cache (the
// 300 ms target is measured by `npm run bench -- live`). The figures are printed as test diagnostics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { loginThroughApi, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

/** The brief's target, measured by `npm run bench -- live`; reported here. */
const FIRST_FRAME_TARGET_MS = 300;
/**
 * What this test holds a second viewer to: served from the stream's cached GOP, not from the camera's next
 * keyframe — with room for a loaded 2-core CI machine (a test checks behaviour; the benchmark measures).
 */
const FIRST_FRAME_BOUND_MS = 1000;
let server: TestVigie;
let browser: TestBrowser;
let missing: string | undefined;

before(async () => {
  server = await startTestVigie({ cameras: 2 });
  if (!server.hasRoute('GET', '/api/cameras')) missing = 'GET /api/cameras is not wired in src/main.ts (territory capability)';
  else if (!server.hasRoute('GET', '/api/cameras/:id/live')) missing = 'the live WebSocket GET /api/cameras/:id/live is not wired in src/main.ts (media engine: hub + live MSE feed + demo simulator)';
  if (missing === undefined) browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface VideoProbe {
  readonly frames: number;
  readonly currentTime: number;
  readonly firstFrameMs: number | null;
}

// Run in the page; written as strings because the server-side compiler has no DOM types.
const PROBE = `(() => {
  const video = document.querySelector('video.tile-video');
  if (video === null) return { frames: 0, currentTime: 0, firstFrameMs: null };
  const first = video.dataset.firstFrameMs;
  return { frames: Number(video.dataset.frames ?? '0'), currentTime: video.currentTime, firstFrameMs: first === undefined ? null : Number(first) };
})()`;

/** A checksum of the picture shown, downscaled: it changes when the picture does. */
const PICTURE_CHECKSUM = `(() => {
  const video = document.querySelector('video.tile-video');
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 90;
  const context = canvas.getContext('2d');
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  let hash = 0;
  for (const value of context.getImageData(0, 0, canvas.width, canvas.height).data) hash = (hash * 31 + value) >>> 0;
  return hash;
})()`;

const probe = (page: Page): Promise<VideoProbe> => page.evaluate<VideoProbe>(PROBE);
const pictureChecksum = (page: Page): Promise<number> => page.evaluate<number>(PICTURE_CHECKSUM);

async function openLive(page: Page, cameraId: string): Promise<VideoProbe> {
  await page.goto(`${server.baseUrl}/mosaique?n=1&cams=${cameraId}`);
  return waitForValue(
    () => probe(page),
    (p) => p.frames > 0 && p.firstFrameMs !== null,
    'the first decoded frame',
    20_000,
  );
}

test('a live tile decodes frames, the picture advances, and a second viewer starts from the cached GOP', async (t) => {
  if (missing !== undefined) return t.skip(missing);
  const operator = await loginThroughApi(server.baseUrl, 'operateur');
  const [camera] = (await operator.get('/api/cameras')) as Array<{ id: string; name: string }>;
  assert.ok(camera !== undefined, 'the demo has a camera');

  const first = await browser.newPage();
  await loginThroughPage(first, server.baseUrl, 'operateur');
  const opened = await openLive(first, camera.id);
  t.diagnostic(`first viewer: first frame ${opened.firstFrameMs} ms after the WebSocket opened (cold stream start included)`);
  const before = await probe(first);
  const pictureBefore = await pictureChecksum(first);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const later = await probe(first);
  const pictureLater = await pictureChecksum(first);
  t.diagnostic(`first viewer: ${later.frames - before.frames} frames decoded and ${(later.currentTime - before.currentTime).toFixed(2)} s played in 2 s`);
  assert.ok(later.frames - before.frames >= 10, `frames keep being decoded (${before.frames} → ${later.frames})`);
  assert.ok(later.currentTime - before.currentTime > 1, `the playhead advances (${before.currentTime} → ${later.currentTime})`);
  assert.notEqual(pictureLater, pictureBefore, 'the picture changes');
  assert.equal(await first.getAttribute('.tile', 'data-status'), 'playing');
  t.diagnostic(`screenshot: ${await screenshot(first, 'live-single')}`);

  // Second viewers of the running stream: the median of three openings, reported against the target.
  const figures: number[] = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const second = await browser.newPage();
    figures.push((await openLive(second, camera.id)).firstFrameMs ?? Number.NaN);
    await second.close();
  }
  const median = [...figures].sort((a, b) => a - b)[1] ?? Number.NaN;
  t.diagnostic(`second viewer: first frame after ${figures.join(', ')} ms (median ${median} ms, target ${FIRST_FRAME_TARGET_MS} ms)`);
  assert.ok(median <= FIRST_FRAME_BOUND_MS, `second viewer first frame median ${median} ms ≤ ${FIRST_FRAME_BOUND_MS} ms`);
  await first.close();
});

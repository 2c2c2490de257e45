// The mosaic page in Chromium on a real Vigie: tiles of one camera share one socket, the tile bar sits under the
// picture, Enter maximises onto the main stream, layouts with one large tile, drag and drop of cameras and tiles,
// saved mosaics and a tour, a hidden page stops decoding and closes its sockets, a stuck tile recovers by itself
// and a tile behind the live edge returns to it. Screenshots: mosaic, maximised tile, 1+5 layout, tour.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { pageApi, signInPatiently } from './support/page-api.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let browser: TestBrowser;

before(async () => {
  server = await startTestVigie({ cameras: 4 });
  browser = await launchBrowser();
  // One login for the whole file: the browser's pages share its session cookie.
  const page = await browser.newPage();
  await signInPatiently(page, server.baseUrl, 'operateur');
  await page.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const frames = (page: Page): Promise<number[]> => page.evaluate<number[]>(`[...document.querySelectorAll('video.tile-video')].map((v) => Number(v.dataset.frames ?? '0'))`);
const sockets = (page: Page): Promise<number> => page.evaluate<number>(`Number(document.documentElement.dataset.liveSockets ?? '-1')`);
const tileCameras = (page: Page): Promise<string[]> => page.evaluate<string[]>(`[...document.querySelectorAll('.mosaic .tile')].map((t) => t.dataset.cameraId ?? '')`);
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function allDecoding(page: Page, count: number, what: string): Promise<number[]> {
  return waitForValue(
    () => frames(page),
    (f) => f.length === count && f.every((n) => n > 0),
    what,
    120_000,
  );
}

/** HTML5 drag and drop as the browser dispatches it (dragstart, dragover, drop, dragend), one DataTransfer throughout. */
async function drag(page: Page, source: string, target: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle('new DataTransfer()');
  await page.dispatchEvent(source, 'dragstart', { dataTransfer });
  await page.dispatchEvent(target, 'dragover', { dataTransfer });
  await page.dispatchEvent(target, 'drop', { dataTransfer });
  await page.dispatchEvent(source, 'dragend', { dataTransfer });
}

test('mosaic: shared streams, tile bar, maximise, large-tile layout, drag and drop', async (t) => {
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/mosaique`);
  const cameras = ((await pageApi(page, 'GET', '/api/cameras')).body as Array<{ id: string }>).map((c) => c.id);
  const [a, b, c] = cameras as [string, string, string];
  // Nine tiles of two cameras: two sockets.
  await page.goto(`${server.baseUrl}/mosaique?g=3x3&cams=${[a, b, a, b, a, b, a, b, a].join(',')}`);
  await allDecoding(page, 9, 'nine tiles decoding');
  assert.equal(await sockets(page), 2, 'one socket per camera stream for nine tiles');
  assert.deepEqual(await page.evaluate(`[...document.querySelectorAll('video.tile-video')].map((v) => v.dataset.stream)`), Array(9).fill('sub'));
  // The bar is below the picture, not over it.
  const overlap = await page.evaluate<boolean>(`(() => {
    const tile = document.querySelector('.tile');
    const video = tile.querySelector('.tile-picture').getBoundingClientRect();
    const bar = tile.querySelector('.tile-bar').getBoundingClientRect();
    return bar.top < video.bottom - 0.5;
  })()`);
  assert.equal(overlap, false, 'the tile bar does not cover the picture');
  const bar = await page.textContent('.tile .tile-bar');
  assert.match(bar ?? '', /\d{2}:\d{2}:\d{2}/, `the bar shows the time: ${bar}`);
  t.diagnostic(`screenshot: ${await screenshot(page, 'live-mosaic-3x3-shared')}`);

  // Enter maximises the selected tile onto the main stream; Escape comes back.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  // A picture of the main stream itself: the tile playing and its element holding a decoded picture (the element
  // is the small tile's, and until the main stream's MediaSource is attached it still counts the sub stream's frames).
  await waitForValue(
    () =>
      page.evaluate<string[]>(
        `[...document.querySelectorAll('video.tile-video')].map((v) => v.dataset.stream + ':' + v.dataset.cameraId + ':' + v.closest('.tile').dataset.status + ':' + (v.readyState >= 2))`,
      ),
    (v) => v.length === 1 && v[0] === `main:${b}:playing:true`,
    'the maximised tile showing the main stream',
  );
  t.diagnostic(`screenshot: ${await screenshot(page, 'live-mosaic-maximised')}`);
  await page.keyboard.press('Escape');
  await allDecoding(page, 9, 'the mosaic back');

  // One large tile and five small ones.
  await page.click('button[data-layout="3x3,0.0.2.2"]');
  await allDecoding(page, 6, 'the 1+5 layout decoding');
  const sizes = await page.evaluate<Array<[number, number]>>(
    `[...document.querySelectorAll('.mosaic .tile')].map((t) => [Math.round(t.getBoundingClientRect().width), Math.round(t.getBoundingClientRect().height)])`,
  );
  assert.ok((sizes[0]?.[0] ?? 0) > 1.8 * (sizes[1]?.[0] ?? 0), `the first tile is the large one: ${JSON.stringify(sizes)}`);
  t.diagnostic(`screenshot: ${await screenshot(page, 'live-mosaic-1-plus-5')}`);

  // Drag a camera from the list onto tile 2, then tile 0 onto tile 1.
  await drag(page, `.picker-item[data-camera-id="${c}"]`, '.mosaic .mosaic-cell:nth-child(3) .tile');
  await waitForValue(
    () => tileCameras(page),
    (ids) => ids[2] === c,
    'the dropped camera in tile 3',
  );
  const beforeSwap = await tileCameras(page);
  await drag(page, '.mosaic .mosaic-cell:nth-child(1) .tile', '.mosaic .mosaic-cell:nth-child(2) .tile');
  await waitForValue(
    () => tileCameras(page),
    (ids) => ids[0] === beforeSwap[1] && ids[1] === beforeSwap[0],
    'tiles 1 and 2 swapped',
  );
  assert.equal(new URL(page.url()).searchParams.get('g'), '3x3,0.0.2.2', 'the layout stays in the URL');
  await allDecoding(page, 6, 'tiles decoding after the drops');
  await page.close();
});

test('saved mosaics and a tour with its countdown', async (t) => {
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/mosaique`);
  const cameras = ((await pageApi(page, 'GET', '/api/cameras')).body as Array<{ id: string }>).map((c) => c.id);
  const [a, b, c] = cameras as [string, string, string];
  await page.goto(`${server.baseUrl}/mosaique?g=2x2&cams=${[a, b, c, ''].join(',')}`);
  await page.getByLabel('Nom de la mosaïque').fill('Centre-ville nuit');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByText('Mosaïque « Centre-ville nuit » enregistrée.').waitFor({ timeout: 10_000 });
  const saved = ((await pageApi(page, 'GET', '/api/layouts')).body as Array<{ id: string; name: string; cols: number; tiles: Array<{ cameraId: string | null }> }>).find(
    (l) => l.name === 'Centre-ville nuit',
  );
  assert.ok(saved !== undefined, 'the layout is stored');
  assert.equal(saved.cols, 2);
  assert.deepEqual(
    saved.tiles.map((tile) => tile.cameraId),
    [a, b, c, null],
  );

  // Another layout on screen, then the saved one opened from the list.
  await page.goto(`${server.baseUrl}/mosaique?g=1x1&cams=${c}`);
  await page.locator('select[aria-label="Ouvrir une mosaïque enregistrée"]').selectOption(saved.id, { timeout: 90_000 });
  await waitForValue(
    () => tileCameras(page),
    (ids) => ids.join(',') === [a, b, c, ''].join(','),
    'the saved mosaic shown',
  );

  // A tour: camera a for 3 s, then the saved mosaic for 3 s.
  const tour = await pageApi(page, 'POST', '/api/tours', {
    name: 'Ronde test',
    shared: false,
    steps: [
      { cameraId: a, dwellSeconds: 3 },
      { layoutId: saved.id, dwellSeconds: 3 },
    ],
  });
  assert.equal(tour.status, 201, JSON.stringify(tour.body));
  await page.reload();
  await page.locator('select[aria-label="Lancer une ronde"]').selectOption((tour.body as { id: string }).id, { timeout: 90_000 });
  await waitForValue(
    () => tileCameras(page),
    (ids) => ids.join(',') === a,
    'step 1: one camera',
  );
  const countdown = await page.textContent('.tour-countdown');
  assert.match(countdown ?? '', /^Étape 1\/2 · [1-3] s$/, `countdown: ${countdown}`);
  t.diagnostic(`screenshot: ${await screenshot(page, 'live-mosaic-tour')}`);
  await waitForValue(
    () => tileCameras(page),
    (ids) => ids.length === 4,
    'step 2: the saved mosaic, after the dwell time',
    15_000,
  );
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.match((await page.textContent('.tour-countdown')) ?? '', /en pause/);
  await pause(4000);
  assert.equal((await tileCameras(page)).length, 4, 'paused: the step stays');
  await page.getByRole('button', { name: 'Suivante' }).click();
  await waitForValue(
    () => tileCameras(page),
    (ids) => ids.join(',') === a,
    'next: back to step 1',
  );
  await page.close();
});

test('a hidden page stops decoding and lets its streams go; a stuck tile recovers; a late tile returns to the live edge', async (t) => {
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/mosaique`);
  const cameras = ((await pageApi(page, 'GET', '/api/cameras')).body as Array<{ id: string }>).map((c) => c.id);
  const [a, b] = cameras as [string, string];
  await page.goto(`${server.baseUrl}/mosaique?g=2x2&cams=${[a, b, a, b].join(',')}`);
  await allDecoding(page, 4, 'four tiles decoding');

  // The page is hidden (as when the window is minimised): tiles pause at once and the sockets close after the grace.
  await page.evaluate(`(() => { Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' }); document.dispatchEvent(new Event('visibilitychange')); })()`);
  await waitForValue(
    () => page.evaluate<number>(`document.querySelectorAll('video.tile-video[data-paused="true"]').length`),
    (n) => n === 4,
    'every tile paused',
  );
  // data-frames is sampled every 250 ms: a sample taken just before the pause may not yet count the last frames.
  await pause(600);
  const hidden = await frames(page);
  await waitForValue(
    () => sockets(page),
    (n) => n === 0,
    'the sockets closed after the grace period',
    30_000,
  );
  assert.deepEqual(await frames(page), hidden, 'no frame decoded while hidden');
  await page.evaluate(`(() => { Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' }); document.dispatchEvent(new Event('visibilitychange')); })()`);
  await waitForValue(
    () => frames(page),
    (f) => f.every((n, i) => n > (hidden[i] ?? 0)),
    'decoding again once visible',
    30_000,
  );
  await waitForValue(
    () => sockets(page),
    (n) => n === 2,
    'one socket per camera again (tiles of one camera share it)',
    10_000,
  );

  // A tile whose picture stops while video keeps arriving (a decoder stuck): simulated by pinning the element's
  // currentTime, which is all the tile's watchdog looks at. It starts over by itself; unpinned, it decodes again.
  await page.evaluate(
    `(() => { const v = document.querySelector('video.tile-video'); const t = v.currentTime; Object.defineProperty(v, 'currentTime', { configurable: true, get: () => t, set: () => undefined }); })()`,
  );
  const stuck = await waitForValue(
    () => page.evaluate<string | null>(`document.querySelector('video.tile-video').dataset.recoveries ?? null`),
    (v) => v !== null,
    'the stuck tile starting over',
    30_000,
  );
  await page.evaluate(`delete document.querySelector('video.tile-video').currentTime`);
  const framesAfter = (await frames(page))[0] ?? 0;
  await waitForValue(
    () => frames(page),
    (f) => (f[0] ?? 0) > framesAfter,
    'the recovered tile decoding',
    30_000,
  );
  t.diagnostic(`stuck tile started over by itself (recoveries: ${stuck}) and decodes again`);

  // A tile 3 s behind (played back in its buffer) returns to within a second of the newest frame by itself.
  await page.evaluate(`(() => { const v = document.querySelectorAll('video.tile-video')[1]; v.currentTime = Math.max(0, v.buffered.end(v.buffered.length - 1) - 3); })()`);
  const behind = await waitForValue(
    () => page.evaluate<number>(`(() => { const v = document.querySelectorAll('video.tile-video')[1]; return v.buffered.end(v.buffered.length - 1) - v.currentTime; })()`),
    (s) => s < 1,
    'the late tile back at the live edge',
    15_000,
  );
  t.diagnostic(`late tile back at ${behind.toFixed(2)} s behind the newest frame`);

  // A tile 0.7 s behind, under the jump's threshold (where a new viewer starting on the cache's keyframe may sit):
  // it plays faster until it is near the newest frame, then at normal speed again.
  const lag = `(() => { const v = document.querySelectorAll('video.tile-video')[1]; return { ahead: v.buffered.end(v.buffered.length - 1) - v.currentTime, rate: v.playbackRate }; })()`;
  await page.evaluate(`(() => { const v = document.querySelectorAll('video.tile-video')[1]; v.currentTime = v.buffered.end(v.buffered.length - 1) - 0.7; })()`);
  const faster = await waitForValue(
    () => page.evaluate<{ ahead: number; rate: number }>(lag),
    (l) => l.rate > 1,
    'the late tile playing faster',
    5_000,
  );
  const caughtUp = await waitForValue(
    () => page.evaluate<{ ahead: number; rate: number }>(lag),
    (l) => l.rate === 1 && l.ahead <= 0.3,
    'the tile near the newest frame at normal speed',
    15_000,
  );
  t.diagnostic(`tile 0.7 s behind: played at ×${faster.rate} (${faster.ahead.toFixed(2)} s behind), back at ×1 ${caughtUp.ahead.toFixed(2)} s behind`);
  await page.close();
});

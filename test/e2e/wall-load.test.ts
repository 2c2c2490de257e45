// A control-room wall in one Chromium: the 12 wall pages (/wall/<monitor>), each assigned a 3×3 grid of live
// tiles (sub streams), as the wall PC shows its 12 monitors. Every tile's decoded frame count keeps rising for the whole run, tiles showing the same camera on a
// page share one socket, and memory does not grow (Chromium's resident size and the pages' JS heaps after
// garbage collection, sampled throughout). The figures are printed as test diagnostics.
// VIGIE_WALL_LOAD_MINUTES sets the measured run (default 3 minutes, so the file takes about 4–5 minutes).
// On a machine that cannot decode 108 × 12.5 pictures/s (the 2-core CI: Chromium's software decoding dominates),
// the pages' decode budget gives the small tiles the keyframes alone (« images clés », docs/wall.md): every tile
// must still show new pictures in every 15-second interval. The pages' picture rate is printed with the figures.
// It runs alone after the other test files (scripts/test.sh): on a machine starved by other jobs (load average
// 30–50) Chromium fell to 13–26 pictures/s in all and some tiles showed nothing for a whole sampling interval.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { chromiumResidentBytes, collectedHeapBytes } from './support/chromium-process.js';
import { loginThroughApi } from './support/session.js';
import { pageApi, signInPatiently } from './support/page-api.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const PAGES = 12;
const TILES = 9;
/** Simulated cameras: fewer than 9, so that each page shows some cameras twice (the case stream sharing serves). */
const CAMERAS = Number(process.env['VIGIE_WALL_LOAD_CAMERAS'] ?? '6');
const RUN_MS = Number(process.env['VIGIE_WALL_LOAD_MINUTES'] ?? '3') * 60_000;
const SAMPLE_MS = 15_000;
const WARM_UP_MS = 20_000;

let server: TestVigie;
let browser: TestBrowser;

before(async () => {
  server = await startTestVigie({ cameras: CAMERAS });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface PageProbe {
  readonly frames: readonly number[];
  readonly paused: number;
  readonly sockets: number;
  readonly visible: boolean;
  /** The page's decode budget: 'all' or 'keyframes', and how many times it reduced. */
  readonly rate: string;
  readonly reductions: number;
  /** Per tile: connection status, the video's readyState, its error code (for a failure's message). */
  readonly states: readonly string[];
}

const PROBE = `(() => {
  const videos = [...document.querySelectorAll('video.tile-video')];
  return {
    frames: videos.map((v) => Number(v.dataset.frames ?? '0')),
    paused: videos.filter((v) => v.dataset.paused === 'true').length,
    sockets: Number(document.documentElement.dataset.liveSockets ?? '0'),
    visible: document.visibilityState === 'visible',
    rate: document.documentElement.dataset.pictureRate ?? 'all',
    reductions: Number(document.documentElement.dataset.decodeReductions ?? '0'),
    states: videos.map((v) => v.closest('.tile')?.dataset.status + ':' + v.readyState + ':' + (v.error?.code ?? '-')),
  };
})()`;

const probe = (page: Page): Promise<PageProbe> => page.evaluate<PageProbe>(PROBE);

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

test('12 wall pages × 9 live tiles in one Chromium: every tile keeps decoding, streams are shared, memory does not grow', async (t) => {
  const operator = await loginThroughApi(server.baseUrl, 'operateur');
  const cameras = ((await operator.get('/api/cameras')) as Array<{ id: string }>).map((c) => c.id);
  assert.ok(cameras.length >= 2, `the demo has cameras (${cameras.length})`);

  const pages: Page[] = [];
  const control = await browser.newPage();
  await signInPatiently(control, server.baseUrl, 'operateur');
  const wall = (await pageApi(control, 'GET', '/api/wall')).body as { monitors: Array<{ id: string }> };
  assert.equal(wall.monitors.length, PAGES, 'the wall has 12 monitors');
  for (const [p, monitor] of wall.monitors.entries()) {
    // Each monitor starts at another camera, so that all cameras are on the wall and each page repeats some.
    const tiles = Array.from({ length: TILES }, (_, i) => ({ col: i % 3, row: Math.floor(i / 3), colSpan: 1, rowSpan: 1, cameraId: cameras[(p + i) % cameras.length] }));
    const pushed = await pageApi(control, 'PUT', `/api/wall/monitors/${encodeURIComponent(monitor.id)}/assignment`, { kind: 'layout', layout: { cols: 3, rows: 3, tiles } });
    assert.equal(pushed.status, 200, `monitor ${monitor.id} assigned: ${JSON.stringify(pushed.body)}`);
    const page = p === 0 ? control : await browser.newPage();
    await page.goto(`${server.baseUrl}/wall/${encodeURIComponent(monitor.id)}`);
    pages.push(page);
  }
  const opened = performance.now();
  const firstFrames = await Promise.all(
    pages.map((page, p) =>
      waitForValue(
        () => probe(page),
        (v) => v.frames.length === TILES && v.frames.every((f) => f > 0),
        `every tile of page ${p + 1} decoding`,
        120_000,
      ),
    ),
  );
  t.diagnostic(`all ${PAGES * TILES} tiles showed a picture ${((performance.now() - opened) / 1000).toFixed(1)} s after the last page was opened`);
  const distinct = new Set(cameras.slice(0, Math.min(TILES, cameras.length))).size;
  for (const [p, page] of firstFrames.entries()) {
    assert.ok(page.visible, `page ${p + 1} is visible to the browser`);
    assert.ok(page.sockets <= distinct, `page ${p + 1}: ${page.sockets} live sockets for ${TILES} tiles of ${distinct} cameras (tiles of one camera share one)`);
  }
  t.diagnostic(`live sockets per page: ${firstFrames.map((f) => f.sockets).join(', ')} (9 tiles each, ${distinct} distinct cameras)`);

  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const heap = async (): Promise<number> => (await Promise.all(pages.map(collectedHeapBytes))).reduce((a, b) => a + b, 0);
  const samples: Array<{ at: number; frames: number[]; heap: number; rss: number; rates: string }> = [];
  let reductions: number[] = [];
  const sample = async (): Promise<void> => {
    const probes = await Promise.all(pages.map(probe));
    reductions = probes.map((p) => p.reductions);
    const rates = probes.map((p) => (p.rate === 'keyframes' ? 'K' : 'A')).join('');
    samples.push({ at: performance.now(), frames: probes.flatMap((p) => [...p.frames]), heap: await heap(), rss: chromiumResidentBytes(), rates });
  };
  await sample();
  const stalls: string[] = [];
  while ((samples.at(-1)?.at ?? 0) - (samples[0]?.at ?? 0) < RUN_MS) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    await sample();
    const [previous, last] = samples.slice(-2);
    if (previous === undefined || last === undefined) continue;
    last.frames.forEach((frames, tile) => {
      if (frames <= (previous.frames[tile] ?? 0)) stalls.push(`page ${Math.floor(tile / TILES) + 1} tile ${(tile % TILES) + 1} at ${((last.at - (samples[0]?.at ?? 0)) / 1000).toFixed(0)} s`);
    });
  }
  const first = samples[0];
  const last = samples.at(-1);
  assert.ok(first !== undefined && last !== undefined);
  const seconds = (last.at - first.at) / 1000;
  const decoded = last.frames.map((f, i) => f - (first.frames[i] ?? 0));
  const decoding = decoded.filter((d) => d > 0).length;
  const rates = decoded.map((d) => d / seconds).sort((a, b) => a - b);
  t.diagnostic(
    `${decoding}/${PAGES * TILES} tiles decoded frames over ${seconds.toFixed(0)} s; per tile ${rates[0]?.toFixed(1)}–${rates.at(-1)?.toFixed(1)} frames/s (median ${rates[Math.floor(rates.length / 2)]?.toFixed(1)}); ${(decoded.reduce((a, b) => a + b, 0) / seconds).toFixed(0)} frames/s in all`,
  );
  t.diagnostic(`Chromium resident memory ${samples.map((s) => mib(s.rss)).join(' → ')}`);
  t.diagnostic(`JS heap of the 12 pages after GC ${samples.map((s) => mib(s.heap)).join(' → ')}`);
  t.diagnostic(`pages' picture rate at each sample (A every picture, K keyframes alone): ${samples.map((s) => s.rates).join(' → ')}; reductions per page ${reductions.join(', ')}`);
  t.diagnostic(`15-second intervals where a tile decoded nothing: ${stalls.length === 0 ? 'none' : stalls.join('; ')}`);
  // The monitor's name in the corner has faded out: on a running wall it would cover the pictures' own text.
  const corner = (pages[0] as Page).locator('.wall-corner');
  assert.equal(await corner.getAttribute('data-shown'), 'false', 'the corner is hidden on a running wall');
  t.diagnostic(`screenshot: ${await screenshot(pages[0] as Page, 'wall-load-page-1')}`);
  await (pages[0] as Page).mouse.move(200, 200);
  await waitForValue(
    () => corner.getAttribute('data-shown'),
    (shown) => shown === 'true',
    'the corner back when the pointer moves',
    5_000,
  );

  assert.equal(decoding, PAGES * TILES, 'every tile decoded frames over the run');
  assert.deepEqual(stalls, [], 'no tile stood still for a whole sampling interval');
  // Growth allowed: noise of a few allocations and the browser's own caches; a leak of a buffer per fragment
  // or per reconnection grows far beyond it in a minute.
  const midRss = Math.min(...samples.slice(Math.floor(samples.length / 2)).map((s) => s.rss));
  assert.ok(midRss <= first.rss * 1.25 + 100 * 1024 * 1024, `Chromium memory does not grow: ${mib(first.rss)} at start, ${mib(midRss)} lowest in the second half`);
  assert.ok(last.heap <= first.heap * 1.5 + 8 * 1024 * 1024, `the pages' JS heap does not grow: ${mib(first.heap)} → ${mib(last.heap)}`);
});

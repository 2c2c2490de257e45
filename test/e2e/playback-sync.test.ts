// Synchronized playback of four cameras in Chromium (started in English, en-US locale: the console must still
// read and take dates the French way). Four cameras are recorded over the same minute from a clip whose frame
// number is burned in as a barcode, each starting at a different offset (so their keyframes and frames fall at
// different instants); the "Relecture" page, paused, must show in every tile the picture of the same instant,
// to within one frame period. Also: a position without footage says so and offers the next footage, the
// default position is the newest footage, bookmarks, a mayor's camera list, the operators' 72 h window.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { silentLogger } from '../../src/core/logger.js';
import { fragmentAccessUnits, parseFragments, parseInitSegment } from '../../src/media/mp4/index.js';
import { Recorder, SegmentStore, Volumes } from '../../src/recording/index.js';
import { feed } from '../../src/recording/testing/feed.js';
import { barcodeGeometry, BARCODE_BITS, frameOverlayFilters } from '../../sim/frame-overlay.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, screenshot, waitForValue } from './support/browser.js';
import { loginThroughApi, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';
import { parisDateFr, parisTimeInput } from '../../web/src/time/paris.js';

const run = promisify(execFile);
const WIDTH = 320;
const HEIGHT = 240;
const FPS = 25;
const FRAME_MS = 1000 / FPS;
const SECONDS = 30;
/** Each camera's recording starts this much after the previous one: not a whole number of frames or GOPs. */
const OFFSET_MS = 370;
const HOUR = 3_600_000;

let server: TestVigie;
let browser: Browser;
let cameraIds: string[] = [];
/** Wall-clock instant of frame 0 of each camera's recording. */
const starts = new Map<string, number>();

/** A clip with the simulator's burned-in frame counter and barcode, read back as access units. */
async function barcodeClip() {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-sync-clip-'));
  try {
    const file = join(dir, 'clip.mp4');
    const source = `testsrc2=size=${WIDTH}x${HEIGHT}:rate=${FPS},${frameOverlayFilters(WIDTH, HEIGHT, 'SYNC')}`;
    await run(
      'ffmpeg',
      ['-v', 'error', '-f', 'lavfi', '-i', source, '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-g', String(FPS), '-pix_fmt', 'yuv420p'].concat([
        '-video_track_timescale',
        '90000',
        '-movflags',
        'frag_keyframe+empty_moov+default_base_moof',
        '-threads',
        '1',
        file,
      ]),
    );
    const buf = new Uint8Array(await readFile(file));
    const { track, byteLength } = parseInitSegment(buf);
    return { track: { ...track, frameRate: FPS }, units: parseFragments(buf, byteLength).fragments.flatMap((f) => fragmentAccessUnits(buf, f)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

before(async () => {
  server = await startTestVigie({ cameras: 4 });
  const operator = await loginThroughApi(server.baseUrl, 'operateur');
  cameraIds = ((await operator.get('/api/cameras')) as Array<{ id: string }>).map((c) => c.id).slice(0, 4);
  assert.equal(cameraIds.length, 4, 'the demo has four cameras');
  const clip = await barcodeClip();
  const base = Math.floor((Date.now() - 2 * HOUR) / 1000) * 1000;
  for (const [k, cameraId] of cameraIds.entries()) {
    const start = base + k * OFFSET_MS;
    starts.set(cameraId, start);
    const recorder = new Recorder({
      cameraId,
      stream: 'main',
      segmentSeconds: 10,
      volumes: Volumes.fromConfig(server.vigie.config.dataDir, server.vigie.config.recording.volumes),
      store: new SegmentStore(server.vigie.database.db),
      logger: silentLogger,
    });
    await feed(recorder, { track: clip.track, units: clip.units, startWallMs: start, count: clip.units.length });
    recorder.stop('closed');
    await recorder.drain();
  }
  // Started in English with an American locale: nothing on the page may follow it.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, '--lang=en-US'] });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Paris', viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await loginThroughPage(page, server.baseUrl, username);
  return page;
}

const tileStates = (page: Page): Promise<string[]> => page.evaluate(`[...document.querySelectorAll('.sync-tile')].map((tile) => tile.dataset.state)`);
const positionMs = async (page: Page): Promise<number> => Number((await page.getByTestId('position').getAttribute('data-position-ms', { timeout: 15_000 })) ?? Number.NaN);

/** Each tile's picture as RGB at the barcode cells (a string: the server-side compiler has no DOM types). */
async function burnedInFrames(page: Page): Promise<Map<string, number>> {
  const { cell, x0, y0 } = barcodeGeometry(WIDTH, HEIGHT);
  const points = Array.from({ length: BARCODE_BITS }, (_, k) => [x0 + k * cell + cell / 2, y0 + cell / 2]);
  const luma = (await page.evaluate(`(() => {
    const out = {};
    for (const video of document.querySelectorAll('video.sync-video')) {
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(video, 0, 0);
      out[video.dataset.cameraId] = ${JSON.stringify(points)}.map(([x, y]) => { const d = ctx.getImageData(x, y, 1, 1).data; return (d[0] + d[1] + d[2]) / 3; });
    }
    return out;
  })()`)) as Record<string, number[]>;
  return new Map(Object.entries(luma).map(([id, cells]) => [id, cells.reduce((value, level, k) => (level > 128 ? value | (1 << k) : value), 0)]));
}

/** The wall-clock instant burned into each tile's picture, and their spread. */
async function shownInstants(page: Page): Promise<{ instants: Record<string, number>; spread: number }> {
  const frames = await burnedInFrames(page);
  // A plain object, so that a failure message shows it.
  const instants = Object.fromEntries(cameraIds.map((id) => [id, (starts.get(id) ?? 0) + (frames.get(id) ?? -1e9) * FRAME_MS]));
  if (process.env['VIGIE_SYNC_DEBUG'] === '1')
    console.log(
      JSON.stringify({
        frames: Object.fromEntries(frames),
        videos: await page.evaluate(
          `[...document.querySelectorAll('video.sync-video')].map((v) => ({ t: v.currentTime, origin: v.dataset.originMs, paused: v.paused, rs: v.readyState, seeking: v.seeking, ranges: [...Array(v.buffered.length).keys()].map((i) => [v.buffered.start(i), v.buffered.end(i)]) }))`,
        ),
      }),
    );
  const values = Object.values(instants);
  return { instants, spread: Math.max(...values) - Math.min(...values) };
}

test('four cameras paused on one instant show the same burned-in instant, within one frame', async (t) => {
  const page = await newPage('operateur');
  const at = (starts.get(cameraIds[0] ?? '') ?? 0) + 8_013;
  await page.goto(`${server.baseUrl}/relecture?cameras=${cameraIds.join(',')}&at=${at}`);
  await waitForValue(
    () => tileStates(page),
    (states) => states.length === 4 && states.every((s) => s === 'video'),
    'four tiles playing',
    30_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const playing = await shownInstants(page);
  t.diagnostic(`playing: spread of the burned-in instants ${playing.spread.toFixed(0)} ms`);
  await page.keyboard.press(' ');
  const check = async (label: string): Promise<void> => {
    const measured = await waitForValue(
      async () => ({ position: await positionMs(page), ...(await shownInstants(page)) }),
      (m) => m.spread < FRAME_MS && Object.values(m.instants).every((i) => i <= m.position + 1 && i > m.position - FRAME_MS),
      `${label}: the four pictures on the paused instant`,
      15_000,
    ).catch((error: Error) => assert.fail(error.message));
    const offsets = Object.values(measured.instants).map((i) => (i - measured.position).toFixed(0));
    t.diagnostic(`${label}: spread ${measured.spread.toFixed(0)} ms (frame period ${FRAME_MS} ms); picture instants minus position: ${offsets.join(', ')} ms`);
  };
  await check('paused');
  t.diagnostic(`screenshot: ${await screenshot(page, 'playback-sync-4-cameras')}`);
  await page.keyboard.press('.');
  await check('one image forward');
  await page.keyboard.press(',');
  await page.keyboard.press(',');
  await check('two images back');
  const shown = await page.getByTestId('position').textContent();
  assert.match(shown ?? '', /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/, `the position reads JJ/MM/AAAA HH:MM:SS in an English browser (${shown})`);
  await page.context().close();
});

test('a position without footage says so and the next-footage button plays it; French date entry in an English browser', async (t) => {
  const page = await newPage('operateur');
  const first = starts.get(cameraIds[0] ?? '') ?? 0;
  await page.goto(`${server.baseUrl}/relecture?cameras=${cameraIds.join(',')}&at=${first + 5000}`);
  await waitForValue(
    () => tileStates(page),
    (states) => states.every((s) => s === 'video'),
    'tiles playing',
    30_000,
  );
  // Typed the French way: one minute before the footage.
  const before = new Date(first - 60_000);
  await page.getByLabel('Date (JJ/MM/AAAA)').fill(parisDateFr(before.getTime()));
  await page.getByLabel('Heure (HH:MM:SS, 24 h)').fill(parisTimeInput(before.getTime()));
  await page.getByRole('button', { name: 'Aller à' }).click();
  await waitForValue(
    () => tileStates(page),
    (states) => states.every((s) => s === 'no-footage'),
    'every tile saying there is no footage',
    15_000,
  );
  assert.equal(await page.locator('.tile-message.no-footage').first().locator('p').first().textContent(), 'Pas d’enregistrement à cet instant.');
  const typed = (await positionMs(page)) - (first - 60_000);
  // The master clock keeps running over footage-less time: the position is the typed instant plus the time since.
  assert.ok(typed >= 0 && typed < 30_000, `the typed Paris date and time is the position (${typed} ms later)`);
  t.diagnostic(`screenshot: ${await screenshot(page, 'playback-sync-no-footage')}`);
  await page
    .locator('.sync-tile')
    .first()
    .getByRole('button', { name: /Images suivantes/ })
    .click();
  await waitForValue(
    () => tileStates(page),
    (states) => states[0] === 'video',
    'the first camera playing its next footage',
    20_000,
  );
  const position = await positionMs(page);
  assert.ok(position >= first && position < first + 5000, `the position moved to the next footage (${position - first} ms after its start)`);
  await page.context().close();
});

test('opens on the newest footage; bookmarks are added, listed and played', async (t) => {
  const page = await newPage('operateur');
  const refused: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
  });
  t.after(() => t.diagnostic(`answers >= 400: ${refused.join('; ') || 'none'}`));
  await page.goto(`${server.baseUrl}/relecture?cameras=${cameraIds.join(',')}`);
  const newest = Math.max(...[...starts.values()]) + SECONDS * 1000;
  const opened = await waitForValue(
    () => positionMs(page),
    (p) => p > newest - 20_000,
    'the newest footage as default position',
    15_000,
  );
  assert.ok(opened <= newest, `opened ${(newest - opened) / 1000} s before the end of the newest footage`);
  await page.keyboard.press(' ');
  // The readout follows the clock five times a second: let it settle on the paused instant.
  await new Promise((resolve) => setTimeout(resolve, 800));
  const marked = await positionMs(page);
  await page.getByLabel('Note du signet').fill('Véhicule suspect, plaque illisible');
  await page.getByRole('button', { name: 'Marquer l’instant' }).click();
  await page.locator('.bookmark-item', { hasText: 'Véhicule suspect' }).waitFor({ timeout: 10_000 });
  await page.getByTestId('position').click();
  await page.keyboard.press('ArrowLeft');
  await waitForValue(
    () => positionMs(page),
    (p) => Math.abs(p - (marked - 10_000)) < 1000,
    'moved 10 s back',
  );
  await page.locator('.bookmark-item', { hasText: 'Véhicule suspect' }).click();
  await waitForValue(
    () => positionMs(page),
    (p) => Math.abs(p - marked) < 50,
    'back on the bookmark',
  );
  // Hovering a timeline row at the cursor (recorded footage) shows a still of that camera at that instant.
  const cursor = await page.locator('.sync-timeline-row .timeline-cursor').first().boundingBox();
  if (cursor !== null) await page.mouse.move(cursor.x + cursor.width / 2, cursor.y + cursor.height / 2);
  const preview = page.getByTestId('preview');
  await waitForValue(
    async () => (await preview.locator('img').count()) + (await preview.locator('.preview-message').count()),
    (n) => n > 0,
    'a still or a French sentence on hover',
    30_000,
  );
  await preview.locator('img').waitFor({ timeout: 30_000 });
  t.diagnostic(`screenshot: ${await screenshot(page, 'playback-sync-bookmark-preview')}`);
  await page.context().close();
});

test('a mayor sees only his commune’s cameras; an operator asking for footage older than 72 h is told why in French', async (t) => {
  const mayor = await newPage('maire.luce');
  await mayor.goto(`${server.baseUrl}/relecture`);
  await mayor.locator('.picker-item').first().waitFor({ timeout: 10_000 });
  const listed: string[] = await mayor.evaluate(`[...document.querySelectorAll('.picker-item')].map((item) => item.dataset.cameraId)`);
  const operator = await loginThroughApi(server.baseUrl, 'operateur');
  const all = (await operator.get('/api/cameras')) as Array<{ id: string; commune: string }>;
  const luce = all.filter((c) => c.commune === '28218').map((c) => c.id);
  assert.ok(luce.length > 0 && luce.length < all.length, 'the demo has cameras in Lucé and elsewhere');
  assert.deepEqual(listed.sort(), luce.sort(), 'the Lucé mayor lists the Lucé cameras only');
  await mayor.context().close();

  const page = await newPage('operateur');
  const old = Date.now() - 4 * 24 * HOUR;
  await page.goto(`${server.baseUrl}/relecture?cameras=${cameraIds.join(',')}&at=${old}`);
  const notice = page.locator('.sync-notice');
  await notice.waitFor({ timeout: 10_000 });
  assert.match((await notice.textContent()) ?? '', /72 dernières heures/);
  await page.getByLabel('Date (JJ/MM/AAAA)').fill('01/01/2020');
  await page.getByLabel('Heure (HH:MM:SS, 24 h)').fill('12:00:00');
  await page.getByRole('button', { name: 'Aller à' }).click();
  assert.match((await notice.textContent()) ?? '', /chef de salle/);
  t.diagnostic(`screenshot: ${await screenshot(page, 'playback-sync-operator-72h')}`);
  await page.context().close();
});

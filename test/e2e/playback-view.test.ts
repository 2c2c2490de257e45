// Playback in Chromium on a real Vigie recording its demo simulator: the "Relecture" page shows the day's
// timeline with recorded coverage and plays the recording from a chosen instant (frames decoded, position
// shown advancing), and the pause command stops the picture.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { playbackProbe } from './support/playback-probe.js';
import { loginThroughApi, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';
import { readTimeline } from '../../web/src/playback/timeline-data.js';

let server: TestVigie;
let browser: TestBrowser;
let missing: string | undefined;

before(async () => {
  server = await startTestVigie({ cameras: 2, recording: true });
  if (!server.hasRoute('GET', '/api/cameras')) missing = 'GET /api/cameras is not wired in src/main.ts (territory capability)';
  else if (!server.hasRoute('GET', '/api/cameras/:id/playback')) missing = 'the playback WebSocket GET /api/cameras/:id/playback is not wired in src/main.ts (recording/playback capability)';
  else if (!server.hasRoute('GET', '/api/recordings/timeline')) missing = 'GET /api/recordings/timeline is not wired in src/main.ts (recording/playback capability)';
  if (missing === undefined) browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const probe = playbackProbe;

test('plays a recording from a chosen instant with its timeline', async (t) => {
  if (missing !== undefined) return t.skip(missing);
  const operator = await loginThroughApi(server.baseUrl, 'operateur');
  const [camera] = (await operator.get('/api/cameras')) as Array<{ id: string }>;
  assert.ok(camera !== undefined, 'the demo has a camera');
  const recordingSince = Date.now();
  // Some footage to play: a few seconds of recording, then play from one second after it began.
  await waitForValue(
    async () => readTimeline(await operator.get(`/api/recordings/timeline?cameras=${camera.id}&from=${recordingSince - 60_000}&to=${Date.now()}`), camera.id).coverage,
    (coverage) => coverage.length > 0,
    'recorded coverage in the timeline',
    20_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 3000));

  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'operateur');
  await page.goto(`${server.baseUrl}/relecture?camera=${camera.id}&at=${recordingSince + 1000}`);
  // A short window reads the segments themselves (a day view reads hourly aggregates, filled as segments close).
  await page.getByRole('button', { name: '15 min' }).click();
  await page.locator('.timeline-coverage').first().waitFor({ timeout: 10_000 });
  const started = await waitForValue(
    () => probe(page),
    (p) => p.frames > 5 && p.shownMs !== null,
    'decoded playback frames',
    20_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const later = await probe(page);
  t.diagnostic(`playback: ${later.frames - started.frames} frames in 1.5 s, position ${started.position} → ${later.position}`);
  assert.ok(later.frames > started.frames, 'frames keep being decoded');
  // The recorded instant shown, not currentTime: on a loaded machine the page may re-seek a camera whose server
  // clock fell behind, and a re-seek starts a new stream timeline from 0.
  assert.ok(later.shownMs !== null && started.shownMs !== null && later.shownMs > started.shownMs, `the picture shown advances (${started.shownMs} → ${later.shownMs})`);
  t.diagnostic(`screenshot: ${await screenshot(page, 'playback')}`);

  await page.keyboard.press(' ');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const paused = await probe(page);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal((await probe(page)).shownMs, paused.shownMs, 'pause stops the picture');
  await page.close();
});

// The offline player of an export package, opened from disk in Chromium with no server: it plays the native
// video, shows camera, date and time for the frame on screen, steps frame by frame, searches by date and time,
// and saves a lossless PNG still.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { createLogger } from '../../src/core/logger.js';
import { encodeClip } from '../../src/media/mp4/test-clip.js';
import { Recorder, SegmentStore, Volumes } from '../../src/recording/index.js';
import { feed } from '../../src/recording/testing/feed.js';
import { buildPackage, loadSigningKey } from '../../src/export/index.js';
import { launchBrowser, waitForValue, type TestBrowser } from './support/browser.js';

const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
let database: TestDatabase;
let browser: TestBrowser;
let dir: string;

before(async () => {
  database = await openTestDatabase('sqlite');
  dir = await mkdtemp(join(tmpdir(), 'vigie-player-'));
  const store = new SegmentStore(database.db);
  const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
  const recorder = new Recorder({ cameraId: 'cam-pl', stream: 'main', segmentSeconds: 2, volumes: Volumes.fromConfig(database.dataDir, []), store, logger: createLogger({ level: 'silent' }) });
  await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 100 });
  recorder.stop('closed');
  await recorder.drain();
  await buildPackage(
    dir,
    {
      exportId: 'p',
      camera: { id: 'cam-pl', name: 'Place Châtelet', communeName: 'Chartres', communeInsee: '28085', lat: 48.4, lon: 1.5 },
      fromMs: T0,
      toMs: T0 + 4000,
      requester: 'chef',
      reason: 'test',
      reference: 'PV-3',
      caption: false,
    },
    store,
    loadSigningKey(database.dataDir),
    '0.1.0',
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Polls an expression in the page (page.evaluate: the player's CSP forbids the eval waitForFunction uses). */
const until = (page: Page, expression: string): Promise<unknown> =>
  waitForValue(
    () => page.evaluate(expression),
    (value) => value === true,
    expression,
    10_000,
  );

test('the offline player shows camera, date and time per frame, steps, searches and saves a PNG still', async () => {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => void (/^(https?|wss?):/.test(request.url()) ? requests.push(request.url()) : undefined));
  await page.goto(`file://${join(dir, 'player.html')}`);
  await until(page, 'document.getElementById("video").readyState >= 2');
  const stamp = () => page.locator('#stamp').textContent();
  assert.match((await stamp()) ?? '', /^Place Châtelet — Chartres — 20\/11\/2026 09:00:00\.000 \(Europe\/Paris\) — 2026-11-20T08:00:00\.000Z$/);
  await page.click('#forward');
  await until(page, 'document.getElementById("stamp").textContent.includes("09:00:00.040")');
  await page.fill('#at', '2026-11-20T09:00:02');
  await page.click('#go');
  await until(page, 'document.getElementById("stamp").textContent.includes("09:00:02.000")');
  const download = page.waitForEvent('download');
  await page.click('#still');
  // From disk the browser forbids reading the pixels of a file:// video: the player asks for the file once.
  if (await page.locator('#pick').isVisible()) await page.setInputFiles('#pick', join(dir, 'video.mp4'));
  const file = await download;
  assert.match(file.suggestedFilename(), /^cam-pl_2026-11-20T08-00-02-000Z\.png$/);
  const png = await readFile((await file.path()) ?? '');
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  assert.equal(png.readUInt32BE(16), 320, 'the still has the native width');
  await page.click('#play');
  await until(page, '!document.getElementById("video").paused && document.getElementById("video").currentTime > 2.3');
  assert.deepEqual(requests, [], 'nothing is fetched from the network');
  await page.close();
});

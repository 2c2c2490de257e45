// Masks pushed to the camera (ONVIF Media2) and checked by sampling its picture. An honest simulated camera: once
// the push is verified, Vigie serves the camera's own stream (no mask pipeline, no transcoding) and every picture
// has the masked area covered. A lying camera (masks accepted, not applied): the periodic check fails, Vigie burns
// the masks in again at once, the failure is journaled, and a new push to the liar is refused by its check —
// every picture served after the failure has 0 leaked pixels. Only administrators choose the mode.
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
import { createMasks, X264, type Masks } from '../../src/masks/index.js';
import { OnvifClient } from '../../src/onvif/index.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { MemoryTerritory } from '../support/memory-territory.js';
import { decodeLuma, PictureCollector, uncoveredPixels, type Rect } from './support/mask-frames.js';
import { HttpSession } from './support/http-session.js';
import { DEMO_PASSWORD } from './support/session.js';
import { startTestVigie } from './support/vigie-server.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { loginThroughPage } from './support/session.js';

// Left of the simulator's picture, where its test pattern is bright (clear of its clock text and barcode).
const RECT: Rect = { x0: 0.1, y0: 0.3, x1: 0.4, y1: 0.7 };
const POLYGON = [
  { x: RECT.x0, y: RECT.y0 },
  { x: RECT.x1, y: RECT.y0 },
  { x: RECT.x1, y: RECT.y1 },
  { x: RECT.x0, y: RECT.y1 },
];

let sim: Simulator;
let db: TestDatabase;
let masks: Masks;
let ingest: Ingest;
const hub = new Hub();
const journal: Array<{ action: string; details: Record<string, unknown> }> = [];

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(100)) if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
}

/** Decoded luma planes of the next `count` pictures Vigie publishes for cam1. */
async function served(count: number): Promise<{ frames: Uint8Array[]; width: number; height: number }> {
  const collector = new PictureCollector();
  const subscription = hub.subscribe('cam1/main', collector, { startAt: 'next-keyframe', maxQueuedBytes: 64e6 });
  await until(() => collector.pictures >= count, `${count} pictures of cam1`, 90_000);
  subscription.close();
  const track = collector.tracks[0];
  assert.ok(track?.width !== undefined && track.height !== undefined);
  return { frames: await decodeLuma(collector.annexB, track.width, track.height), width: track.width, height: track.height };
}

const leakedPerPicture = ({ frames, width, height }: Awaited<ReturnType<typeof served>>): number[] => frames.map((luma) => uncoveredPixels(luma, width, height, RECT));

before(async () => {
  sim = await startSimulator({ cameras: 2, ptz: 1, port: 0, cacheDir: TEST_CACHE_DIR });
  db = await openTestDatabase('sqlite');
  const territory = new MemoryTerritory();
  territory.put('cam1', { main: { url: (sim.urls[0] as { main: string }).main } });
  masks = createMasks({
    db: db.db,
    clock: systemClock,
    journal: {
      append: async (entry) => {
        journal.push({ action: entry.action, details: (entry.details ?? {}) as Record<string, unknown> });
        return undefined as never;
      },
    },
    logger: silentLogger,
    cameraExists: async (id) => id === 'cam1',
    inner: openRtspSourceSession,
    encoder: X264,
    pictures: hub,
    // The simulator's ONVIF camera, onboarded as a fixed camera (its head never moves in this test).
    pushDevice: async (id) => (id === 'cam1' ? { client: new OnvifClient({ url: sim.urls[0]?.onvif ?? '' }), ptz: false } : undefined),
    pushCheckEveryMs: 3_600_000,
  });
  await masks.service.set('cam1', { polygons: [POLYGON] }, 'admin');
  ingest = createIngest({ hub, territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: masks.sessions.open });
  await ingest.start();
});

after(async () => {
  await ingest?.close();
  masks?.close();
  await sim?.close();
  await db?.close();
});

it('pushes the masks to an honest camera, checks them, then serves its own stream untouched with the area covered', async () => {
  // Vigie burns the masks in first.
  await until(() => masks.sessions.stats().has('cam1/main'), 'the burn-in pipeline running');
  const push = masks.push;
  assert.ok(push !== undefined);
  assert.deepEqual(await push.capability('cam1'), { supported: true, reason: null });
  const change = await push.setMode('cam1', 'camera', 'admin');
  assert.equal(change.before.mode, 'vigie');
  assert.equal(change.after.state, 'verified', `checked: ${change.after.failure ?? ''}`);
  assert.ok(journal.some((e) => e.action === 'mask.push-verified'));
  const camera = await new OnvifClient({ url: sim.urls[0]?.onvif ?? '' }).getMasks();
  assert.equal(camera.length, 1, 'one mask on the camera');
  // The session reopened without a pipeline: the camera's own stream, not transcoded.
  await until(() => !masks.sessions.stats().has('cam1/main') && ingest.healthAll().some((h) => h.cameraId === 'cam1' && h.main.state === 'online'), 'cam1 served untouched');
  const pictures = await served(60);
  assert.ok(pictures.frames.length >= 55, `decoded ${pictures.frames.length}`);
  const leaked = leakedPerPicture(pictures);
  assert.equal(Math.max(...leaked), 0, `leaked pixels per picture: ${leaked.join(',')}`);
  assert.equal(masks.sessions.stats().size, 0, 'no mask pipeline runs: zero transcoding');
  // Outside the mask the camera's picture is there.
  const outside = pictures.frames.map((luma) => uncoveredPixels(luma, pictures.width, pictures.height, { x0: 0.45, y0: 0.15, x1: 0.95, y1: 0.85 }));
  assert.ok(Math.min(...outside) > 1000, `outside the mask the picture stays: ${outside.slice(0, 5).join(',')}`);
});

it('a camera that stops applying its masks fails the check: Vigie burns them in again at once, journals it, 0 leaked pixels after', async () => {
  const push = masks.push;
  assert.ok(push !== undefined);
  const camera = sim.ptz(1);
  assert.ok(camera !== undefined);
  const failures: string[] = [];
  push.onFailure((status) => failures.push(status.failure ?? ''));
  camera.privacyMasks.ignoring = true;
  await push.checkAll();
  assert.equal(push.status('cam1').state, 'failed');
  assert.equal(push.appliedByCamera('cam1'), false);
  assert.equal(failures.length, 1);
  const notice = journal.find((e) => e.action === 'mask.push-failed');
  assert.ok(notice !== undefined, 'the failure is journaled');
  assert.equal(notice.details['when'], 'served');
  await until(() => masks.sessions.stats().has('cam1/main'), 'the burn-in pipeline running again');
  const after = await served(50);
  const leaked = leakedPerPicture(after);
  assert.equal(Math.max(...leaked), 0, `leaked pixels per picture after the failure: ${leaked.join(',')}`);

  // Pushing again to the liar: its own picture is checked before anything is served untouched; refused.
  const again = await push.setMode('cam1', 'camera', 'admin');
  assert.equal(again.after.state, 'failed');
  assert.equal(journal.filter((e) => e.action === 'mask.push-failed').at(-1)?.details['when'], 'push');
  assert.ok(masks.sessions.stats().has('cam1/main'), 'still burned in by Vigie');
  const stillBurned = leakedPerPicture(await served(30));
  assert.equal(Math.max(...stillBurned), 0, `leaked: ${stillBurned.join(',')}`);
  camera.privacyMasks.ignoring = false;
  // Back to Vigie's mode: the camera's masks are removed.
  await push.setMode('cam1', 'vigie', 'admin');
  assert.deepEqual(await new OnvifClient({ url: sim.urls[0]?.onvif ?? '' }).getMasks(), []);
});

it('only administrators choose where masks are applied; a PTZ camera keeps Vigie’s burn-in; the editor offers the choice on a fixed one', async () => {
  const server = await startTestVigie({ cameras: 2, recording: true });
  try {
    const as = async (username: string): Promise<HttpSession> => {
      const client = new HttpSession(server.baseUrl, { username, password: DEMO_PASSWORD });
      assert.equal((await client.login()).status, 200, `login ${username}`);
      return client;
    };
    const admin = await as('admin');
    const cameras = (await (await admin.send('GET', '/api/cameras')).json()) as Array<{ id: string; type: string; name: string }>;
    const ptzCamera = cameras.find((c) => c.type === 'ptz');
    assert.ok(ptzCamera !== undefined);
    for (const username of ['operateur', 'chef', 'maire.chartres', 'auditeur']) {
      const client = await as(username);
      assert.equal((await client.send('PUT', `/api/cameras/${ptzCamera.id}/masks/mode`, { mode: 'camera' })).status, 403, `${username} PUT`);
      assert.equal((await client.send('GET', `/api/cameras/${ptzCamera.id}/masks/mode`)).status, 403, `${username} GET`);
    }
    const mode = (await (await admin.send('GET', `/api/cameras/${ptzCamera.id}/masks/mode`)).json()) as { mode: string; capability: { supported: boolean; reason: string } };
    assert.deepEqual([mode.mode, mode.capability], ['vigie', { supported: false, reason: 'ptz' }]);
    const refused = await admin.send('PUT', `/api/cameras/${ptzCamera.id}/masks/mode`, { mode: 'camera' });
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { error: string }).error, 'VIGIE_MASK_PUSH_UNSUPPORTED');

    // The same simulated camera onboarded as a fixed camera: the editor offers the choice and shows the check.
    assert.equal((await admin.send('PATCH', `/api/cameras/${ptzCamera.id}`, { type: 'fixed' })).status, 200);
    assert.equal((await admin.send('PUT', `/api/cameras/${ptzCamera.id}/masks`, { polygons: [POLYGON] })).status, 200);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await loginThroughPage(page, server.baseUrl, 'admin');
      await page.goto(`${server.baseUrl}/admin/cameras`);
      await page.getByTestId('estate-table').locator('tr', { hasText: ptzCamera.name }).first().click();
      const mode = page.getByTestId('mask-mode');
      await mode.waitFor({ timeout: 60_000 });
      await page.getByLabel('Masques poussés à la caméra').click();
      const verdict = page.getByTestId('mask-mode-verdict');
      await verdict.filter({ hasText: /Vérifié le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/ }).waitFor({ timeout: 90_000 });
      await screenshot(page, 'mask-mode-verified');
      const status = (await (await admin.send('GET', `/api/cameras/${ptzCamera.id}/masks/mode`)).json()) as { mode: string; state: string };
      assert.deepEqual([status.mode, status.state], ['camera', 'verified']);
      // Recordings of the camera's own (untouched) stream: snapshots decoded from the stored footage are masked.
      const servedFrom = Date.now() + 3000;
      const operator = await as('operateur');
      await sleep(9000);
      const recorded: number[] = [];
      for (const at of [servedFrom, servedFrom + 2000, servedFrom + 4000]) {
        const reply = await operator.send('GET', `/api/cameras/${ptzCamera.id}/snapshot?at=${at}`);
        assert.equal(reply.status, 200, await reply.clone().text());
        const [luma] = await decodeLuma(new Uint8Array(await reply.arrayBuffer()), 640, 360, 'image2pipe');
        assert.ok(luma !== undefined);
        recorded.push(uncoveredPixels(luma, 640, 360, RECT));
      }
      assert.deepEqual(recorded, [0, 0, 0], 'recorded pictures (snapshots): leaked pixels');

      // The demo simulator's camera starts lying: Vigie's periodic check (every 60 s) fails, the editor says so.
      const linked = await server.vigie.database.db.selectFrom('ptz_devices').select('device_url').where('camera_id', '=', ptzCamera.id).executeTakeFirstOrThrow();
      const control = new URL(linked.device_url);
      const camera = /\/onvif\/(cam\d+)\//.exec(control.pathname)?.[1] ?? '';
      assert.equal((await fetch(`${control.origin}/sim/${camera}/fault?kind=masks-ignored`, { method: 'POST' })).status, 200);
      await verdict.filter({ hasText: 'Échec : la caméra n’applique pas les masques — incrustation par Vigie rétablie' }).waitFor({ timeout: 150_000 });
      await screenshot(page, 'mask-mode-failed');
      const failed = (await (await admin.send('GET', `/api/cameras/${ptzCamera.id}/masks/mode`)).json()) as { state: string };
      assert.equal(failed.state, 'failed');
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
});

// The guided PTZ calibration against the simulator's PTZ camera on a real Vigie: the administrator starts it,
// Vigie moves the head and measures the picture's shift and magnification (block matching on decoded frames), and
// the stored calibration agrees with the simulator's known optics; a mask then drawn on the current picture is
// stored in angular coordinates and covers the simulator's lit window after the head pans and zooms (pixels of the
// published picture, decoded by ffmpeg). A camera whose picture does not follow the head gives the French
// "does not converge" error and stores nothing. The console's calibration panel is shown in Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PTZ_WINDOW, SCENE_HEIGHT, SCENE_WIDTH } from '../../sim/index.js';
import { OnvifClient } from '../../src/onvif/index.js';
import { maskErrorMessage } from '../../web/src/masks/messages.js';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { decodeLuma, uncoveredPixels, type Rect } from './support/mask-frames.js';
import { DEMO_PASSWORD, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

interface Sample {
  zoom: number;
  fovPan: number;
  fovTilt: number;
  panScale: number;
  tiltScale: number;
}
interface Job {
  state: 'running' | 'done' | 'failed';
  error?: string;
  step?: { index: number; count: number; label: string } | null;
}

let server: TestVigie;
let browser: TestBrowser;
let admin: HttpSession;
let ptzCamera: { id: string; name: string };
let fixedCamera: { id: string; name: string };

const as = async (username: string): Promise<HttpSession> => {
  const client = new HttpSession(server.baseUrl, { username, password: DEMO_PASSWORD });
  assert.equal((await client.login()).status, 200, `login ${username}`);
  return client;
};

/** sim/ptz/viewport.ts: the viewport is f = 1/2 − 3/8·zoom of the scene; pan sweeps (W − w), tilt +1 looks up. */
const viewFraction = (zoom: number): number => 0.5 - 0.375 * zoom;
function windowInPicture(pose: { pan: number; tilt: number; zoom: number }): Rect {
  const f = viewFraction(pose.zoom);
  const w = SCENE_WIDTH * f;
  const h = SCENE_HEIGHT * f;
  const x = ((pose.pan + 1) / 2) * (SCENE_WIDTH - w);
  const y = ((1 - pose.tilt) / 2) * (SCENE_HEIGHT - h);
  return { x0: (PTZ_WINDOW.x - x) / w, x1: (PTZ_WINDOW.x + PTZ_WINDOW.width - x) / w, y0: (PTZ_WINDOW.y - y) / h, y1: (PTZ_WINDOW.y + PTZ_WINDOW.height - y) / h };
}

async function calibrate(cameraId: string): Promise<Job> {
  const started = await admin.send('POST', `/api/cameras/${cameraId}/masks/calibration`, {});
  assert.equal(started.status, 202, await started.clone().text());
  return waitForValue(
    async () => ((await (await admin.send('GET', `/api/cameras/${cameraId}/masks/calibration`)).json()) as { job: Job }).job,
    (job) => job.state !== 'running',
    `the calibration of ${cameraId} ends`,
    300_000,
  );
}

async function stillOf(cameraId: string): Promise<{ luma: Uint8Array; width: number; height: number; pose: { pan: number; tilt: number; zoom: number } }> {
  const reply = await admin.send('POST', `/api/cameras/${cameraId}/masks/still`);
  assert.equal(reply.status, 200, await reply.clone().text());
  const still = (await reply.json()) as { jpeg: string; width: number; height: number; pose: { pan: number; tilt: number; zoom: number } };
  const frames = await decodeLuma(Buffer.from(still.jpeg, 'base64'), still.width, still.height, 'image2pipe');
  return { luma: frames[0] as Uint8Array, width: still.width, height: still.height, pose: still.pose };
}

before(async () => {
  server = await startTestVigie({ cameras: 2 });
  browser = await launchBrowser();
  admin = await as('admin');
  const cameras = (await (await admin.send('GET', '/api/cameras')).json()) as Array<{ id: string; name: string; type: string }>;
  const ptz = cameras.find((c) => c.type === 'ptz');
  const fixed = cameras.find((c) => c.type !== 'ptz');
  assert.ok(ptz !== undefined && fixed !== undefined, 'the demo has a PTZ and a fixed camera');
  ptzCamera = ptz;
  fixedCamera = fixed;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the guided calibration measures the simulator’s optics; a mask drawn on the picture follows the head', { timeout: 600_000 }, async (t) => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await loginThroughPage(page, server.baseUrl, 'admin');
  await page.goto(`${server.baseUrl}/admin/cameras`);
  await page.getByTestId('estate-table').locator('tr', { hasText: ptzCamera.name }).first().click();
  const panel = page.getByTestId('mask-calibration');
  await panel.waitFor({ timeout: 30_000 });
  await page.getByTestId('mask-canvas').waitFor({ timeout: 30_000 });
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'mask-calibration-before');
  const startedAt = Date.now();
  await page.getByRole('button', { name: 'Lancer l’étalonnage guidé' }).click();
  await page.getByTestId('calibration-progress').waitFor({ timeout: 15_000 });
  await sleep(4000);
  await screenshot(page, 'mask-calibration-running');
  const job = await waitForValue(
    async () => ((await (await admin.send('GET', `/api/cameras/${ptzCamera.id}/masks/calibration`)).json()) as { job: Job }).job,
    (j) => j.state !== 'running',
    'the calibration ends',
    300_000,
  );
  assert.equal(job.state, 'done', JSON.stringify(job));
  t.diagnostic(`calibration took ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  await page.getByText(/Caméra orientable étalonnée le \d\d\/\d\d\/\d{4} à \d\d:\d\d par admin/).waitFor({ timeout: 20_000 });
  await screenshot(page, 'mask-calibration-done');

  // The stored samples against the simulator's optics: field of view relative to the widest zoom, and how far the
  // picture moves per unit of pan and tilt (picture widths and heights).
  const stored = ((await (await admin.send('GET', `/api/cameras/${ptzCamera.id}/masks/calibration`)).json()) as { stored: { samples: Sample[] } }).stored;
  const widest = stored.samples[0] as Sample;
  const errors: string[] = [];
  let worst = 0;
  for (const s of stored.samples) {
    const f = viewFraction(s.zoom);
    const checks: Array<[string, number, number]> = [
      ['field of view', s.fovPan / widest.fovPan, f / viewFraction(widest.zoom)],
      ['pan rate', s.panScale / s.fovPan, (1 / f - 1) / 2],
      ['tilt rate', s.tiltScale / s.fovTilt, (1 / f - 1) / 2],
    ];
    for (const [what, measured, truth] of checks) {
      const error = Math.abs(measured - truth) / truth;
      worst = Math.max(worst, error);
      if (error > 0.04) errors.push(`${what} at zoom ${s.zoom}: ${measured.toFixed(4)} vs ${truth.toFixed(4)}`);
    }
  }
  t.diagnostic(`calibration worst relative error ${(worst * 100).toFixed(2)} % over ${stored.samples.length} zooms`);
  assert.deepEqual(errors, []);
  const journal = (await (await admin.send('GET', '/api/journal?action=mask.calibration')).json()) as { entries: Array<{ outcome: string; target: { id: string } }> };
  assert.ok(
    journal.entries.some((e) => e.target.id === ptzCamera.id && e.outcome === 'allowed'),
    'the calibration is journaled',
  );

  // A mask drawn on the current picture (the head is back at its reference pose): the window, with a small margin.
  const at = await stillOf(ptzCamera.id);
  const window = windowInPicture(at.pose);
  const margin = 0.01;
  const polygon = [
    { x: window.x0 - margin, y: window.y0 - margin },
    { x: window.x1 + margin, y: window.y0 - margin },
    { x: window.x1 + margin, y: window.y1 + margin },
    { x: window.x0 - margin, y: window.y1 + margin },
  ];
  const saved = await admin.send('PUT', `/api/cameras/${ptzCamera.id}/masks`, { polygons: [polygon], ptz: { drawnAt: at.pose } });
  assert.equal(saved.status, 200, await saved.clone().text());
  assert.equal(((await saved.json()) as { space: string }).space, 'angular');

  // The head pans, tilts and zooms (an operator drives it): at each pose the published picture has the window
  // covered, wherever it now is in the picture.
  const operator = await as('operateur');
  const report: string[] = [];
  for (const pose of [
    { pan: 0, tilt: 0, zoom: 0 },
    { pan: 0.3, tilt: 0, zoom: 0.5 },
    { pan: 0.2, tilt: -0.1, zoom: 0.8 },
    { pan: 0.45, tilt: 0.1, zoom: 0.3 },
  ]) {
    const moved = await operator.send('POST', `/api/cameras/${ptzCamera.id}/ptz/move`, { mode: 'absolute', ...pose });
    assert.equal(moved.status, 200, await moved.clone().text());
    await sleep(3500);
    const still = await stillOf(ptzCamera.id);
    const rect = windowInPicture(pose);
    const visible: Rect = { x0: Math.max(0, rect.x0), x1: Math.min(1, rect.x1), y0: Math.max(0, rect.y0), y1: Math.min(1, rect.y1) };
    assert.ok(visible.x1 - visible.x0 > 0.05 && visible.y1 - visible.y0 > 0.05, `the window is in sight at ${JSON.stringify(pose)}`);
    const leaked = uncoveredPixels(still.luma, still.width, still.height, visible);
    report.push(`${JSON.stringify(pose)}: ${leaked}`);
    assert.equal(leaked, 0, `leaked window pixels at ${JSON.stringify(pose)}`);
  }
  t.diagnostic(`window leaked pixels per pose: ${report.join('; ')}`);
  await operator.send('POST', `/api/cameras/${ptzCamera.id}/ptz/release`);

  // A move made outside Vigie (another ONVIF client drives the head): Vigie reads the head's status while masks
  // follow it, and the mask follows the window there too.
  const device = await server.vigie.database.db.selectFrom('ptz_devices').selectAll().where('camera_id', '=', ptzCamera.id).executeTakeFirstOrThrow();
  const outsider = new OnvifClient({ url: device.device_url });
  const outside = { pan: 0.35, tilt: 0.1, zoom: 0.6 };
  await outsider.absoluteMove(device.profile_token, outside);
  // No call to Vigie meanwhile (each would read the head): only Vigie's own reading of followed heads tells it.
  await sleep(4000);
  const afterOutside = await stillOf(ptzCamera.id);
  const seen = afterOutside.pose;
  assert.ok(Math.abs(seen.pan - outside.pan) < 0.01 && Math.abs(seen.tilt - outside.tilt) < 0.01 && Math.abs(seen.zoom - outside.zoom) < 0.01, JSON.stringify(seen));
  const rect = windowInPicture(outside);
  const visible: Rect = { x0: Math.max(0, rect.x0), x1: Math.min(1, rect.x1), y0: Math.max(0, rect.y0), y1: Math.min(1, rect.y1) };
  assert.ok(visible.x1 > visible.x0 + 0.05 && visible.y1 > visible.y0 + 0.05, 'the window is in sight after the outside move');
  assert.equal(uncoveredPixels(afterOutside.luma, afterOutside.width, afterOutside.height, visible), 0, 'window pixels leaked after a move made outside Vigie');
  t.diagnostic(`outside move seen by Vigie at ${JSON.stringify(seen)}`);
  await page.getByRole('button', { name: 'Actualiser l’image' }).click();
  await sleep(2000);
  await screenshot(page, 'mask-calibration-mask');
  await page.close();
});

test('a camera whose picture does not follow the head: the calibration does not converge, in French, and stores nothing', { timeout: 600_000 }, async () => {
  // A PTZ on a fixed camera is refused at once.
  const refused = await admin.send('POST', `/api/cameras/${fixedCamera.id}/masks/calibration`, {});
  assert.equal(refused.status, 409);
  assert.equal(((await refused.json()) as { error: string }).error, 'VIGIE_PTZ_NOT_PTZ');
  assert.match(maskErrorMessage('VIGIE_PTZ_NOT_PTZ'), /pas une caméra orientable/);
  // The fixed camera's stream declared a PTZ camera driven by the simulator's head: the head turns, the picture
  // (a fixed loop) does not.
  const patched = await admin.send('PATCH', `/api/cameras/${fixedCamera.id}`, { type: 'ptz' });
  assert.equal(patched.status, 200, await patched.clone().text());
  const device = await server.vigie.database.db.selectFrom('ptz_devices').selectAll().where('camera_id', '=', ptzCamera.id).executeTakeFirstOrThrow();
  await server.vigie.database.db
    .insertInto('ptz_devices')
    .values({ ...device, camera_id: fixedCamera.id })
    .execute();
  const job = await calibrate(fixedCamera.id);
  assert.equal(job.state, 'failed');
  assert.equal(job.error, 'VIGIE_MASK_CALIBRATION_DIVERGED');
  assert.match(maskErrorMessage(job.error), /L’étalonnage n’a pas abouti/);
  const after = (await (await admin.send('GET', `/api/cameras/${fixedCamera.id}/masks/calibration`)).json()) as { stored: unknown };
  assert.equal(after.stored, null, 'nothing stored');
  const journal = (await (await admin.send('GET', '/api/journal?action=mask.calibration')).json()) as { entries: Array<{ outcome: string; target: { id: string } }> };
  assert.ok(journal.entries.some((e) => e.target.id === fixedCamera.id && e.outcome === 'failed'));
  // The console says it in French.
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await loginThroughPage(page, server.baseUrl, 'admin');
  await page.goto(`${server.baseUrl}/admin/cameras`);
  await page.getByTestId('estate-table').locator('tr', { hasText: fixedCamera.name }).first().click();
  await page.getByTestId('calibration-error').filter({ hasText: 'L’étalonnage n’a pas abouti' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('mask-calibration').scrollIntoViewIfNeeded();
  await screenshot(page, 'mask-calibration-diverged');
  await page.close();
});

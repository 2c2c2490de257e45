// The mask editor in Chromium on a real Vigie (SQLite, recording on): the administrator draws a mask on the demo's
// fixed camera, the server checks each polygon as it is closed (a crossing or empty polygon, or a vertex dragged
// out of the picture, is said in French and cannot be saved), saves it, and from then on the picture Vigie
// publishes (the editor's still, decoded by ffmpeg) and its recordings (snapshots) have the masked rectangle black:
// zero leaked pixels. A room lead sees the camera estate but no editor; operators and room leads are refused by
// the API. The change is journaled with before and after, and listed in the masks register. The camera's RTSP
// restream (pulled and decoded by ffmpeg) and an export of its recordings are masked as well.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToCompletion } from '../../sim/ffmpeg-process.js';
import { decodeFileLuma, decodeLuma, uncoveredPixels, type Rect } from './support/mask-frames.js';
import { DEMO_PASSWORD, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const RECT: Rect = { x0: 0.1, y0: 0.2, x1: 0.45, y1: 0.6 };
let server: TestVigie;
let browser: TestBrowser;
let admin: HttpSession;
let camera: { id: string; name: string };
/** The rectangle the administrator saved, and when pictures were masked from (set by the drawing test). */
let saved: Rect | undefined;
let maskedFrom = 0;

const as = async (username: string): Promise<HttpSession> => {
  const client = new HttpSession(server.baseUrl, { username, password: DEMO_PASSWORD });
  assert.equal((await client.login()).status, 200, `login ${username}`);
  return client;
};

/** Luma of a JPEG (the editor's still, a snapshot), with its size read by the decoder. */
async function jpegLuma(jpeg: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const frames = await decodeLuma(jpeg, width, height, 'image2pipe');
  assert.equal(frames.length, 1, 'one decoded picture');
  return frames[0] as Uint8Array;
}

async function stillSize(): Promise<{ width: number; height: number }> {
  const { width, height } = await stillLuma();
  return { width, height };
}

async function stillLuma(): Promise<{ luma: Uint8Array; width: number; height: number }> {
  const reply = await admin.send('POST', `/api/cameras/${camera.id}/masks/still`);
  assert.equal(reply.status, 200, await reply.clone().text());
  const still = (await reply.json()) as { jpeg: string; width: number; height: number };
  return { luma: await jpegLuma(Buffer.from(still.jpeg, 'base64'), still.width, still.height), width: still.width, height: still.height };
}

/** Clicks on the editor's picture at these fractions of it. */
async function clickAt(page: Page, points: ReadonlyArray<readonly [number, number]>): Promise<void> {
  const box = await page.getByTestId('mask-canvas').boundingBox();
  assert.ok(box !== null, 'the editor shows the picture');
  for (const [x, y] of points) await page.mouse.click(box.x + x * box.width, box.y + y * box.height);
}

before(async () => {
  server = await startTestVigie({ cameras: 2, recording: true, restream: true });
  browser = await launchBrowser();
  admin = await as('admin');
  const cameras = (await (await admin.send('GET', '/api/cameras')).json()) as Array<{ id: string; name: string; type: string }>;
  const fixed = cameras.find((c) => c.type !== 'ptz');
  assert.ok(fixed !== undefined, 'the demo has a fixed camera');
  camera = fixed;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('only administrators see the mask editor; the API refuses the others', { timeout: 120_000 }, async () => {
  for (const username of ['operateur', 'chef']) {
    const client = await as(username);
    const square = [
      { x: 0.1, y: 0.1 },
      { x: 0.3, y: 0.1 },
      { x: 0.3, y: 0.3 },
    ];
    assert.equal((await client.send('PUT', `/api/cameras/${camera.id}/masks`, { polygons: [square] })).status, 403, `${username} PUT`);
    assert.equal((await client.send('POST', `/api/cameras/${camera.id}/masks/still`)).status, 403, `${username} still`);
    assert.equal((await client.send('POST', `/api/cameras/${camera.id}/masks/calibration`, {})).status, 403, `${username} calibration`);
  }
  // The room lead reads the camera estate, without the editor.
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'chef');
  await page.goto(`${server.baseUrl}/admin/cameras`);
  await page.getByTestId('estate-table').locator('tr', { hasText: camera.name }).first().click();
  await page.getByTestId('camera-form').waitFor({ timeout: 15_000 });
  await sleep(500);
  assert.equal(await page.getByTestId('mask-editor').count(), 0, 'no mask editor for a room lead');
  await screenshot(page, 'mask-editor-room-lead');
  await page.close();
});

test('the administrator draws a mask: bad polygons are said in French, the saved one covers every picture published and recorded', { timeout: 420_000 }, async (t) => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await loginThroughPage(page, server.baseUrl, 'admin');
  await page.goto(`${server.baseUrl}/admin/cameras`);
  await page.getByTestId('estate-table').locator('tr', { hasText: camera.name }).first().click();
  const editor = page.getByTestId('mask-editor');
  await editor.waitFor({ timeout: 15_000 });
  await page.getByTestId('mask-canvas').waitFor({ timeout: 30_000 });
  await editor.scrollIntoViewIfNeeded();

  // A bow tie: the server's check says it crosses itself, and it cannot be saved.
  await clickAt(page, [
    [0.6, 0.2],
    [0.9, 0.5],
    [0.9, 0.2],
    [0.6, 0.5],
  ]);
  await page.getByRole('button', { name: 'Fermer le masque' }).click();
  await page.getByTestId('mask-error').filter({ hasText: 'se croise lui-même' }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByRole('button', { name: 'Enregistrer les masques' }).isDisabled(), true, 'a crossing polygon cannot be saved');
  await screenshot(page, 'mask-editor-self-intersecting');
  await page.getByRole('button', { name: 'Supprimer le masque' }).click();

  // Out and back along one line: no area.
  await clickAt(page, [
    [0.6, 0.7],
    [0.8, 0.8],
    [0.6, 0.7],
  ]);
  await page.getByRole('button', { name: 'Fermer le masque' }).click();
  await page.getByTestId('mask-error').filter({ hasText: 'au moins 3 points' }).waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Supprimer le masque' }).click();
  assert.equal(await page.getByTestId('mask-error').count(), 0);

  // The real mask: four corners, closed by clicking the first point again.
  await clickAt(page, [
    [RECT.x0, RECT.y0],
    [RECT.x1 - 0.1, RECT.y0],
    [RECT.x1 - 0.1, RECT.y1],
    [RECT.x0, RECT.y1],
    [RECT.x0, RECT.y0],
  ]);
  await page.getByTestId('mask-count').filter({ hasText: '1 masque' }).waitFor({ timeout: 5_000 });
  // Drag two corners to the right edge of the rectangle.
  const box = await page.getByTestId('mask-canvas').boundingBox();
  assert.ok(box !== null);
  for (const [vertex, y] of [
    [1, RECT.y0],
    [2, RECT.y1],
  ] as const) {
    const handle = await page.getByTestId(`vertex-0-${vertex}`).boundingBox();
    assert.ok(handle !== null, `vertex ${vertex} has a handle`);
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + RECT.x1 * box.width, box.y + y * box.height, { steps: 6 });
    await page.mouse.up();
  }
  // A vertex dragged out of the picture is refused, dragged back it is fine.
  const corner = await page.getByTestId('vertex-0-2').boundingBox();
  assert.ok(corner !== null);
  await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 8, box.y + RECT.y1 * box.height, { steps: 6 });
  await page.mouse.up();
  await page.getByTestId('mask-error').filter({ hasText: 'hors de l’image' }).waitFor({ timeout: 10_000 });
  await screenshot(page, 'mask-editor-outside');
  const outside = await page.getByTestId('vertex-0-2').boundingBox();
  assert.ok(outside !== null);
  await page.mouse.move(outside.x + outside.width / 2, outside.y + outside.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + RECT.x1 * box.width, box.y + RECT.y1 * box.height, { steps: 6 });
  await page.mouse.up();
  await sleep(1000);
  assert.equal(await page.getByTestId('mask-error').count(), 0, 'the polygon is valid again');
  await screenshot(page, 'mask-editor-drawn');

  await page.getByRole('button', { name: 'Enregistrer les masques' }).click();
  await page.getByTestId('mask-message').filter({ hasText: 'Masques enregistrés' }).waitFor({ timeout: 15_000 });
  const savedAt = Date.now();
  const stored = (await (await admin.send('GET', `/api/cameras/${camera.id}/masks`)).json()) as { space: string; polygons: Array<Array<{ x: number; y: number }>> };
  assert.equal(stored.space, 'picture');
  assert.equal(stored.polygons.length, 1);
  const xs = (stored.polygons[0] ?? []).map((p) => p.x);
  const ys = (stored.polygons[0] ?? []).map((p) => p.y);
  // Dragging lands within a pixel or two of the aim: the check below uses the rectangle the editor saved.
  saved = {
    x0: Math.max(...xs.filter((x) => x < 0.3)),
    x1: Math.min(...xs.filter((x) => x > 0.3)),
    y0: Math.max(...ys.filter((y) => y < 0.4)),
    y1: Math.min(...ys.filter((y) => y > 0.4)),
  };
  assert.ok(Math.abs(saved.x0 - RECT.x0) < 0.02 && Math.abs(saved.x1 - RECT.x1) < 0.02 && Math.abs(saved.y0 - RECT.y0) < 0.02 && Math.abs(saved.y1 - RECT.y1) < 0.02, JSON.stringify(stored.polygons));

  // The camera's sessions reopen through the mask pipeline: wait for its first masked picture, then every
  // picture published after it is masked.
  let first: Awaited<ReturnType<typeof stillLuma>> | undefined;
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(1000)) {
    const still = await stillLuma();
    if (uncoveredPixels(still.luma, still.width, still.height, saved) === 0) {
      first = still;
      break;
    }
  }
  assert.ok(first !== undefined, 'the published picture became masked');
  maskedFrom = Date.now();
  const leaks: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const still = await stillLuma();
    leaks.push(uncoveredPixels(still.luma, still.width, still.height, saved));
    await sleep(700);
  }
  assert.deepEqual(leaks, [0, 0, 0, 0], 'published pictures: leaked pixels');
  const outsideBright = uncoveredPixels(first.luma, first.width, first.height, { x0: 0.55, y0: 0.1, x1: 0.95, y1: 0.9 });
  assert.ok(outsideBright > 0.3 * 0.4 * 0.8 * first.width * first.height, `outside the mask the picture stays: ${outsideBright}`);
  t.diagnostic(`masked ${((maskedFrom - savedAt) / 1000).toFixed(1)} s after saving; published pictures leaked ${leaks.join(',')}`);

  // Recordings: snapshots (decoded from the stored footage) at instants after masking are masked too.
  const operator = await as('operateur');
  await sleep(6000);
  const recorded: number[] = [];
  for (const at of [maskedFrom + 500, maskedFrom + 2500, maskedFrom + 4500]) {
    const reply = await operator.send('GET', `/api/cameras/${camera.id}/snapshot?at=${at}`);
    assert.equal(reply.status, 200, await reply.clone().text());
    const luma = await jpegLuma(new Uint8Array(await reply.arrayBuffer()), first.width, first.height);
    recorded.push(uncoveredPixels(luma, first.width, first.height, saved));
  }
  assert.deepEqual(recorded, [0, 0, 0], 'recorded pictures (snapshots): leaked pixels');
  t.diagnostic(`recorded snapshots leaked ${recorded.join(',')}`);

  // The editor shows the picture with the mask burned in; the change is journaled and registered.
  await page.getByRole('button', { name: 'Actualiser l’image' }).click();
  await sleep(2000);
  await screenshot(page, 'mask-editor-saved');
  const journal = (await (await admin.send('GET', '/api/journal?action=mask.set')).json()) as { entries: Array<{ details: Record<string, unknown>; target: { id: string } }> };
  const entry = journal.entries.find((e) => e.target.id === camera.id);
  assert.ok(entry !== undefined, 'the change is journaled');
  assert.equal(entry.details['before'], null);
  assert.deepEqual((entry.details['after'] as { polygons: unknown }).polygons, stored.polygons);
  const registers = (await (await (await as('auditeur')).send('GET', '/api/registers')).json()) as { registers: Array<{ id: string; rows: string[][] }> };
  const masks = registers.registers.find((r) => r.id === 'masques');
  const line = masks?.rows.find((row) => row[0]?.startsWith(camera.name) === true);
  assert.ok(line !== undefined, JSON.stringify(masks?.rows));
  assert.deepEqual([line[1], line[3]], ['admin', 'aucun masque']);
  assert.match(line[4] ?? '', /^1 zone\(s\) sur l’image fixe/);
  await page.close();
});

test('the masked camera’s restream (decoded by ffmpeg) and its exports are masked too', { timeout: 300_000 }, async (t) => {
  const rect = saved;
  assert.ok(rect !== undefined && maskedFrom > 0, 'the drawing test masked the camera');
  // Restream: ffmpeg pulls rtsp://…/<camera>/main from Vigie as an operator and decodes four seconds of it.
  const url = `rtsp://operateur:${DEMO_PASSWORD}@127.0.0.1:${server.vigie.config.media.rtspPort}/${camera.id}/main`;
  const raw = await runToCompletion('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url, '-t', '4', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
  const probe = await stillSize();
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + probe.width * probe.height <= raw.length; offset += probe.width * probe.height) frames.push(raw.subarray(offset, offset + probe.width * probe.height));
  assert.ok(frames.length >= 20, `restream decoded ${frames.length} pictures`);
  const restreamLeaks = frames.map((luma) => uncoveredPixels(luma, probe.width, probe.height, rect));
  assert.equal(Math.max(...restreamLeaks), 0, `restream leaked pixels per picture: ${restreamLeaks.join(',')}`);

  // Export: a room lead exports ten seconds recorded after masking; every picture of the package's video is masked.
  const lead = await as('chef');
  const from = maskedFrom + 1000;
  const to = from + 10_000;
  while (Date.now() < to + 4000) await sleep(1000);
  const created = await lead.send('POST', '/api/exports', { cameraId: camera.id, from, to, reason: 'contrôle des masques', reference: 'TEST-MASQUES-1' });
  assert.equal(created.status, 202, await created.clone().text());
  const id = ((await created.json()) as { id: string }).id;
  let status = '';
  for (const deadline = Date.now() + 120_000; Date.now() < deadline && status !== 'done' && status !== 'failed'; await sleep(1000))
    status = ((await (await lead.send('GET', `/api/exports/${id}`)).json()) as { status: string }).status;
  assert.equal(status, 'done');
  const video = await lead.send('GET', `/api/exports/${id}/files/video.mp4`);
  assert.equal(video.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'vigie-mask-export-'));
  const path = join(dir, 'video.mp4');
  writeFileSync(path, new Uint8Array(await video.arrayBuffer()));
  const exported = await decodeFileLuma(path, probe.width, probe.height);
  rmSync(dir, { recursive: true, force: true });
  assert.ok(exported.length >= 100, `export decoded ${exported.length} pictures`);
  const exportLeaks = exported.map((luma) => uncoveredPixels(luma, probe.width, probe.height, rect));
  assert.equal(Math.max(...exportLeaks), 0, `exported pictures leaked: ${exportLeaks.filter((n) => n > 0).length} of ${exported.length}`);
  t.diagnostic(`restream: ${frames.length} pictures, 0 leaked pixels; export: ${exported.length} pictures, 0 leaked pixels`);
});

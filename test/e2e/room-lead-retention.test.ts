// A room lead in Chromium on a real Vigie recording its demo simulator: creates a hold on the « Gels » page, sees
// the held footage on the playback timeline, requests an export from playback and follows it to ready, opens its
// manifest with a valid signature check, and reads the storage page: use per commune and a camera under its
// retention (after a disk-full destruction of footage younger than its retention, written to the register as
// the purge writes it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DestructionRegister } from '../../src/retention/index.js';
import { readTimeline } from '../../web/src/playback/timeline-data.js';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { exportFromPlayback, holdThroughPage, submitHold } from './support/room-lead-pages.js';
import { loginThroughApi, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let browser: TestBrowser;

before(async () => {
  server = await startTestVigie({ cameras: 3, recording: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Stops at the first raw server sentence or ISO/English date leaking into the page. */
async function assertFrench(text: string, where: string): Promise<void> {
  assert.doesNotMatch(text, /VIGIE_[A-Z_]+|\d{4}-\d{2}-\d{2}T|\b(AM|PM)\b|undefined|NaN|\[object/, `${where} shows raw text: ${text.slice(0, 400)}`);
}

test('a room lead holds footage, exports it from playback, checks its signature and reads the storage page', { timeout: 300_000 }, async (t) => {
  const lead = await loginThroughApi(server.baseUrl, 'chef');
  const cameras = (await lead.get('/api/cameras')) as Array<{ id: string; name: string; commune: string }>;
  const camera = cameras[0];
  const other = cameras.find((c) => c.commune !== camera?.commune && c.id !== camera?.id) ?? cameras[1];
  assert.ok(camera !== undefined && other !== undefined, 'the demo has cameras in two communes');
  const since = Date.now();
  await waitForValue(
    async () => readTimeline(await lead.get(`/api/recordings/timeline?cameras=${camera.id}&from=${since - 60_000}&to=${Date.now()}`), camera.id).coverage,
    (coverage) => coverage.some((r) => r.from < since + 1000 && r.to > since + 8000),
    'eight seconds recorded after the test began',
    60_000,
  );

  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'chef');

  // 1. A hold on the « Gels » page over what was recorded.
  await holdThroughPage(page, server.baseUrl, { reference: 'PV 2026/00042', reason: 'Vol à l’arraché place des Épars', cameraName: camera.name, fromMs: since - 30_000, toMs: Date.now() });
  const row = page.locator('table[aria-label="Gels"] tr', { hasText: 'PV 2026/00042' });
  await row.waitFor();
  await assertFrench(await row.innerText(), 'the holds table');
  assert.match(await row.innerText(), /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/, 'dates as JJ/MM/AAAA HH:MM:SS');
  t.diagnostic(`screenshot: ${await screenshot(page, 'room-lead-holds')}`);

  // A hold over footage that does not exist (a year ago) is refused in French.
  const form = page.getByRole('form', { name: 'Nouveau gel' });
  await submitHold(page, { reference: 'PV ancien', reason: 'trop tard', cameraName: camera.name, fromMs: since - 365 * 86_400_000, toMs: since - 364 * 86_400_000 });
  await form.getByRole('alert').filter({ hasText: 'déjà détruites' }).waitFor({ timeout: 10_000 });

  // 2. The held footage on the playback timeline.
  await page.goto(`${server.baseUrl}/relecture?camera=${camera.id}&at=${since + 2000}`);
  await page.getByRole('button', { name: '15 min' }).click();
  await page.locator('.timeline-hold').first().waitFor({ timeout: 15_000 });
  await page.getByText('Gelé (conservé au-delà de sa durée)').waitFor();

  // 3. An export from playback, followed to ready.
  await exportFromPlayback(page, { fromMs: since + 1000, toMs: since + 6000, reason: 'Remise à l’OPJ', reference: 'PV 2026/00042' }, async () => {
    t.diagnostic(`screenshot: ${await screenshot(page, 'room-lead-playback-export')}`);
  });

  // 4. Its manifest and the signature check.
  await page.getByRole('link', { name: 'Télécharger et vérifier' }).click();
  await page.locator('[data-testid="signature"][data-valid="true"]').waitFor({ timeout: 20_000 });
  const manifest = await page.getByTestId('manifest').innerText();
  assert.match(manifest, /PV 2026\/00042/);
  assert.match(manifest, /Remise à l’OPJ/);
  assert.match(manifest, /video\.mp4/);
  await assertFrench(await page.getByTestId('exports-page').innerText(), 'the exports page');
  const exportId = await page.locator('table[aria-label="Exports"] tr.selected').getAttribute('data-export-id');
  assert.ok(exportId !== null);
  const video = await lead.raw(`/api/exports/${exportId}/files/video.mp4`);
  assert.equal(video.status, 200, 'the package downloads');
  assert.ok((await video.arrayBuffer()).byteLength > 1000);
  t.diagnostic(`screenshot: ${await screenshot(page, 'room-lead-export-manifest')}`);

  // 5. Storage: footage younger than its retention destroyed for disk space on the other camera.
  await new DestructionRegister(server.vigie.database.db).record({
    cameraId: other.id,
    stream: 'main',
    fromMs: since - 3_600_000,
    toMs: since - 60_000,
    bytes: 50_000_000,
    segments: 12,
    cause: 'disk-full',
    destroyedAt: Date.now(),
  });
  await page.goto(`${server.baseUrl}/stockage`);
  const storage = page.getByTestId('storage-page');
  await storage.locator('table[aria-label="Stockage par commune"] tr[data-commune]').first().waitFor({ timeout: 15_000 });
  const communes = await storage.locator('table[aria-label="Stockage par commune"] tr[data-commune]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-commune')));
  assert.ok(communes.includes(camera.commune) && communes.includes(other.commune), `use per commune: ${communes.join(', ')}`);
  const underRow = storage.locator(`table[aria-label="Conservation par caméra"] tr[data-camera-id="${other.id}"]`);
  assert.equal(await underRow.getAttribute('class'), 'alert', 'the camera under its retention is flagged');
  assert.match(await underRow.innerText(), /Images détruites faute de place/);
  const heldRow = storage.locator(`table[aria-label="Conservation par caméra"] tr[data-camera-id="${camera.id}"]`);
  assert.equal(await heldRow.getAttribute('class'), '', 'a camera recording for minutes, nothing destroyed: not flagged');
  assert.match(await heldRow.innerText(), /En cours de constitution/);
  await storage.getByTestId('storage-alerts').filter({ hasText: other.name }).waitFor();
  await page.getByTestId('storage-notices').filter({ hasText: other.name }).waitFor({ timeout: 30_000 });
  await assertFrench(await page.locator('body').innerText(), 'the storage page');
  t.diagnostic(`screenshot: ${await screenshot(page, 'room-lead-storage')}`);

  // 6. The destruction register: the disk-full line, and the hold that kept footage meanwhile.
  await page.goto(`${server.baseUrl}/destructions`);
  const destroyed = page.locator('table[aria-label="Destructions"] tr', { hasText: other.name });
  await destroyed.waitFor({ timeout: 15_000 });
  assert.match(await destroyed.innerText(), /Disque plein/);
  await page.locator('table[aria-label="Images conservées sous gel"] tr', { hasText: 'PV 2026/00042' }).first().waitFor();
  await assertFrench(await page.getByTestId('destructions-page').innerText(), 'the destruction register');
  t.diagnostic(`screenshot: ${await screenshot(page, 'room-lead-destructions')}`);
  await page.close();
});

// The export test, end to end in Chromium on a real Vigie: footage three days old on two cameras; the
// room lead holds part of one camera's footage on the « Gels » page, sees it on the playback timeline, requests an
// export from playback, follows it to ready and downloads every file of the package through the browser; the real
// command `vigie export verify` checks the downloaded package. The data-protection officer finds the export in the
// journal console and in the export register. Then the retention is lowered below the footage's age and the
// server's own purge job runs: the held footage stays and still plays, the rest is destroyed and listed in the
// destruction register beside the hold that kept it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readTimeline } from '../../web/src/playback/timeline-data.js';
import { runVigieCommand } from '../support/vigie-cli.js';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { writeFootage } from './support/footage.js';
import { HttpSession } from './support/http-session.js';
import { playbackProbe } from './support/playback-probe.js';
import { exportFromPlayback, holdThroughPage } from './support/room-lead-pages.js';
import { DEMO_PASSWORD, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const DAY_MS = 86_400_000;
const REFERENCE = 'PV 2026/00077';

let server: TestVigie;
let browser: TestBrowser;
let downloads: string;

before(async () => {
  server = await startTestVigie({ cameras: 3, recording: false });
  browser = await launchBrowser();
  downloads = mkdtempSync(join(tmpdir(), 'vigie-export-download-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (downloads !== undefined) rmSync(downloads, { recursive: true, force: true });
});

interface Destruction {
  readonly camera_id: string;
  readonly from_ms: number;
  readonly to_ms: number;
  readonly cause: string;
}

test('an export from playback downloads and verifies with vigie export verify; the DPO audits it; the hold survives a real purge', { timeout: 600_000 }, async (t) => {
  const admin = new HttpSession(server.baseUrl, { username: 'admin', password: DEMO_PASSWORD });
  const lead = new HttpSession(server.baseUrl, { username: 'chef', password: DEMO_PASSWORD });
  await admin.login();
  await lead.login();
  const cameras = (await (await lead.send('GET', '/api/cameras')).json()) as Array<{ id: string; name: string; retentionDays: number }>;
  const [held, other] = cameras;
  assert.ok(held !== undefined && other !== undefined, 'the demo has cameras');
  // Footage three days old (the demo keeps 15 days): 40 s on the held camera, 20 s on the other, in 10 s segments.
  const T = Math.floor((Date.now() - 3 * DAY_MS) / 1000) * 1000;
  await writeFootage(server.vigie, held.id, T, 40);
  await writeFootage(server.vigie, other.id, T, 20);
  const coverage = async (cameraId: string): Promise<ReadonlyArray<{ from: number; to: number }>> =>
    readTimeline(await (await lead.send('GET', `/api/recordings/timeline?cameras=${cameraId}&from=${T - 60_000}&to=${T + 120_000}`)).json(), cameraId).coverage;
  assert.ok(
    (await coverage(held.id)).some((r) => r.from <= T + 1000 && r.to >= T + 39_000),
    'the footage is indexed',
  );

  // 1. The room lead holds the first 19 s of the held camera on the « Gels » page.
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'chef');
  await holdThroughPage(page, server.baseUrl, { reference: REFERENCE, reason: 'Agression rue du Bois-Merrain', cameraName: held.name, fromMs: T, toMs: T + 19_000 });
  // Extended by thirty days from the page (the form proposes the current end + 30 days).
  type HoldRow = { id: string; reference: string; expiresAt: number; releasedAt: number | null };
  const holdNow = async (): Promise<HoldRow> => ((await (await lead.send('GET', '/api/retention/holds?all=1')).json()) as HoldRow[]).find((h) => h.reference === REFERENCE) as HoldRow;
  const firstEnd = (await holdNow()).expiresAt;
  const holdRow = page.locator('table[aria-label="Gels"] tr', { hasText: REFERENCE });
  await holdRow.getByRole('button', { name: 'Prolonger' }).click();
  await page.getByLabel('Nouvelle échéance (JJ/MM/AAAA HH:MM:SS)').waitFor();
  await page
    .locator('form', { has: page.getByLabel('Nouvelle échéance (JJ/MM/AAAA HH:MM:SS)') })
    .getByRole('button', { name: 'Prolonger' })
    .click();
  await page.getByRole('status').filter({ hasText: 'prolongé jusqu’au' }).waitFor({ timeout: 15_000 });
  const extendedBy = (await holdNow()).expiresAt - firstEnd;
  assert.ok(Math.abs(extendedBy - 30 * DAY_MS) < 2000, `extended by 30 days (${extendedBy} ms)`);

  // 2. The hold on the playback timeline, and an export requested from playback, followed to ready.
  await page.goto(`${server.baseUrl}/relecture?camera=${held.id}&at=${T + 2000}`);
  await page.getByRole('button', { name: '15 min' }).click();
  await page.locator('.timeline-hold').first().waitFor({ timeout: 15_000 });
  await exportFromPlayback(page, { fromMs: T + 1000, toMs: T + 9000, reason: 'Remise à l’OPJ de Chartres', reference: REFERENCE });
  t.diagnostic(`screenshot: ${await screenshot(page, 'export-room-lead-playback')}`);

  // 3. Every file of the package downloaded through the browser, then checked by the real command.
  await page.getByRole('link', { name: 'Télécharger et vérifier' }).click();
  await page.locator('[data-testid="signature"][data-valid="true"]').waitFor({ timeout: 20_000 });
  const links = page.locator('ul[aria-label="Fichiers du paquet"] a');
  const count = await links.count();
  assert.ok(count >= 7, `the package's files are offered (${count})`);
  for (let i = 0; i < count; i++) {
    const downloading = page.waitForEvent('download');
    await links.nth(i).click();
    const download = await downloading;
    await download.saveAs(join(downloads, download.suggestedFilename()));
  }
  t.diagnostic(`screenshot: ${await screenshot(page, 'export-room-lead-package')}`);
  const verified = await runVigieCommand(['export', 'verify', downloads]);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  const verdict = JSON.parse(verified.stdout.trim().split('\n').at(-1) ?? '{}') as { ok: boolean; exportId: string; problems: string[] };
  assert.equal(verdict.ok, true, verdict.problems?.join('; '));
  const exportId = await page.locator('table[aria-label="Exports"] tr.selected').getAttribute('data-export-id');
  assert.equal(verdict.exportId, exportId, 'the downloaded package is the export requested');

  // 4. The data-protection officer: the export in the journal console and in the export register.
  const dpo = await browser.newPage();
  await loginThroughPage(dpo, server.baseUrl, 'auditeur');
  await dpo.goto(`${server.baseUrl}/journal`);
  await dpo.getByLabel('Action').selectOption('video.export');
  await dpo.getByLabel('Rôle').selectOption('room_lead');
  await dpo.getByLabel('Résultat').selectOption('allowed');
  const answered = dpo.waitForResponse((response) => response.url().includes('/api/journal?') && response.status() === 200);
  await dpo.getByRole('button', { name: 'Filtrer' }).click();
  await answered;
  const journalRow = dpo.locator('[data-testid="journal-table"] tbody tr').first();
  await journalRow.waitFor({ timeout: 15_000 });
  assert.match(await journalRow.innerText(), /chef/);
  await journalRow.click();
  const details = dpo.getByTestId('journal-details');
  await details.waitFor();
  assert.match((await details.innerText()) ?? '', new RegExp(REFERENCE.replace('/', '\\/')));
  t.diagnostic(`screenshot: ${await screenshot(dpo, 'export-room-lead-dpo-journal')}`);
  await dpo.keyboard.press('Escape');
  await dpo.goto(`${server.baseUrl}/registres`);
  const registerRow = dpo.locator('section[data-register="exports"] tr', { hasText: REFERENCE });
  await registerRow.waitFor({ timeout: 15_000 });
  assert.match(await registerRow.innerText(), new RegExp(held.name));
  await dpo.locator('section[data-register="gels"] tr', { hasText: 'Agression rue du Bois-Merrain' }).waitFor();
  t.diagnostic(`screenshot: ${await screenshot(dpo, 'export-room-lead-dpo-register')}`);

  // 5. The footage becomes older than its retention (2 days); the server's purge job (every minute) runs for real.
  const purgeStarted = Date.now();
  for (const camera of [held, other]) assert.equal((await admin.send('PATCH', `/api/cameras/${camera.id}`, { retentionDays: 2 })).status, 200);
  const destroyed = await waitForValue(
    async () => (await (await lead.send('GET', `/api/retention/destructions?from=${purgeStarted - 60_000}`)).json()) as Destruction[],
    (rows) => [held.id, other.id].every((id) => rows.some((r) => r.camera_id === id && r.cause === 'retention')),
    'the purge to destroy the unheld footage of both cameras',
    150_000,
  );
  t.diagnostic(`purge ran ${Math.round((Date.now() - purgeStarted) / 1000)} s after the retention was lowered`);
  const heldLine = destroyed.find((r) => r.camera_id === held.id);
  assert.ok(heldLine !== undefined && heldLine.from_ms >= T + 19_000, `only footage after the hold is destroyed (${JSON.stringify(heldLine)})`);
  const left = await coverage(held.id);
  assert.ok(
    left.some((r) => r.from <= T + 500 && r.to >= T + 19_000),
    `the held range is still recorded: ${JSON.stringify(left)}`,
  );
  assert.ok(
    left.every((r) => r.to <= T + 21_000),
    `nothing after the hold is left: ${JSON.stringify(left)}`,
  );
  assert.deepEqual(await coverage(other.id), [], 'the unheld camera has nothing left');

  // 6. The held footage still plays; the destruction register lists what went and the hold that kept the rest.
  // (The browser's pages share one cookie jar: the room lead signs in again after the DPO.)
  await dpo.close();
  await loginThroughPage(page, server.baseUrl, 'chef');
  await page.goto(`${server.baseUrl}/relecture?camera=${held.id}&at=${T + 3000}`);
  await page.getByRole('button', { name: '15 min' }).click();
  await page.locator('.timeline-hold').first().waitFor({ timeout: 15_000 });
  await waitForValue(
    () => playbackProbe(page),
    (p) => p.frames > 5,
    'held footage decoded after the purge',
    30_000,
  );
  t.diagnostic(`screenshot: ${await screenshot(page, 'export-room-lead-held-plays')}`);
  await page.goto(`${server.baseUrl}/destructions`);
  for (const camera of [held, other]) {
    const line = page.locator('table[aria-label="Destructions"] tr', { hasText: camera.name });
    await line.first().waitFor({ timeout: 15_000 });
    assert.match(await line.first().innerText(), /durée de conservation/i);
  }
  await page.locator('table[aria-label="Images conservées sous gel"] tr', { hasText: REFERENCE }).first().waitFor();
  t.diagnostic(`screenshot: ${await screenshot(page, 'export-room-lead-destructions')}`);

  // 7. The procedure closed: the room lead releases the hold from the page.
  await page.goto(`${server.baseUrl}/conservation`);
  await page.locator('table[aria-label="Gels"] tr', { hasText: REFERENCE }).getByRole('button', { name: 'Lever' }).click();
  await waitForValue(holdNow, (h) => h.releasedAt !== null, 'the hold released', 15_000);
  await page.close();
});

// The registers in Chromium on a real Vigie: the DPO (auditeur/demo) opens « Registres » and finds every account
// with its habilitation and every camera with its authorisation and retention, as the database holds them; the
// masks and analytics registers say the function is not active; a register's CSV holds the same rows; the page
// prints black on white without the navigation; a mayor gets an explanation instead.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { csvRecords } from '../support/csv-records.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let browser: TestBrowser;

before(async () => {
  server = await startTestVigie({ cameras: 3 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the DPO reads the registers, equal to the database, prints them and downloads one as CSV', async (t) => {
  const db = server.vigie.database.db;
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'auditeur');
  await page.getByRole('link', { name: 'Registres' }).click();
  await page.waitForURL(/\/registres$/);
  await page.locator('[data-register="comptes"] table').waitFor();

  const cells = (register: string, column: number) => page.$$eval(`[data-register="${register}"] tbody tr`, (rows, index) => rows.map((row) => row.children[index]?.textContent ?? ''), column);
  const users = await db.selectFrom('users').select(['username']).orderBy('username').execute();
  assert.deepEqual((await cells('comptes', 0)).sort(), users.map((user) => user.username).sort());
  const cameras = await db.selectFrom('cameras').select(['name', 'retention_days']).execute();
  const shownCameras = await page.$$eval('[data-register="cameras"] tbody tr', (rows) => rows.map((row) => [row.children[0]?.textContent ?? '', row.children[6]?.textContent ?? '']));
  assert.deepEqual(shownCameras.sort(), cameras.map((camera) => [camera.name, String(camera.retention_days)]).sort());
  // Masks (src/masks) and analytics activations (src/alerts) are wired: both registers are active, and empty here.
  for (const register of ['masques', 'analyses']) {
    assert.equal(await page.locator(`[data-register="${register}"] .register-inactive`).textContent(), 'Aucune ligne.', register);
  }
  t.diagnostic(`screenshot: ${await screenshot(page, 'registers')}`);

  const downloading = page.waitForEvent('download');
  await page.locator('[data-register="comptes"]').getByRole('link', { name: 'CSV' }).click();
  const csv = csvRecords(readFileSync(await (await downloading).path(), 'utf8'));
  assert.equal(csv[0]?.[0], 'Identifiant');
  assert.deepEqual(
    csv
      .slice(1)
      .map((row) => row[0])
      .sort(),
    users.map((user) => user.username).sort(),
  );

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false, 'no navigation on paper');
  assert.equal(await page.evaluate("getComputedStyle(document.querySelector('.register')).backgroundColor"), 'rgb(255, 255, 255)');
  t.diagnostic(`screenshot: ${await screenshot(page, 'registers-print')}`);
  await page.close();
});

test('a mayor gets an explanation instead of the registers', async (t) => {
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'maire.chartres');
  assert.equal(await page.getByRole('link', { name: 'Registres' }).count(), 0);
  await page.goto(`${server.baseUrl}/registres`);
  await page.getByText('Registres : accès réservé').waitFor();
  t.diagnostic(`screenshot: ${await screenshot(page, 'registers-mayor-refused')}`);
  await page.close();
});

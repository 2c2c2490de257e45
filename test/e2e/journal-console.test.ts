// The journal page in Chromium on a real Vigie: the DPO (auditeur/demo) filters by period, role, outcome and
// commune, and the rows shown are exactly those a direct SQL query selects; an entry opens its details; the CSV
// downloaded with the same criteria holds the same entries; the chain banner says intact with its last anchor;
// a bad date gets a French explanation; a mayor gets an explanation instead of the journal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { csvRecords } from '../support/csv-records.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { loginThroughPage, DEMO_PASSWORD } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';
import { parisDateFr, parseFrenchDateTime } from '../../web/src/time/paris.js';

const LUCE = '28218';
let server: TestVigie;
let browser: TestBrowser;

before(async () => {
  server = await startTestVigie({ cameras: 3 });
  browser = await launchBrowser();
  // Activity to read: a wrong password, mayors asking for cameras outside their commune (refused, journaled with
  // the camera's commune), and an operator's ordinary login.
  const login = (username: string, password = DEMO_PASSWORD) =>
    fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  await login('operateur', 'mauvais mot de passe');
  await login('operateur');
  const cameras = await server.vigie.database.db.selectFrom('cameras').select(['id', 'commune_insee']).execute();
  for (const mayor of ['maire.chartres', 'maire.luce']) {
    const reply = await login(mayor);
    const cookie = reply.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    const own = mayor === 'maire.luce' ? LUCE : '28085';
    for (const camera of cameras.filter((c) => c.commune_insee !== own)) await fetch(`${server.baseUrl}/api/cameras/${camera.id}`, { headers: { cookie } });
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const shownSequences = (page: Page): Promise<number[]> => page.$$eval('[data-testid="journal-table"] tbody tr', (rows) => rows.map((row) => Number(row.getAttribute('data-sequence'))));

async function applyFilters(page: Page): Promise<void> {
  const answered = page.waitForResponse((response) => response.url().includes('/api/journal?'));
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await answered;
  await page.locator('[data-testid="journal-table"], .empty').first().waitFor();
}

test('the DPO filters the journal and sees exactly what SQL selects, opens an entry, and downloads the same entries as CSV', async (t) => {
  const db = server.vigie.database.db;
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'auditeur');
  await page.getByRole('link', { name: 'Journal' }).click();
  await page.waitForURL(/\/journal$/);
  const banner = page.getByTestId('chain-banner');
  await banner.waitFor();
  assert.match((await banner.textContent()) ?? '', /^Chaîne intègre — dernier point d’ancrage le \d\d\/\d\d\/\d{4} à \d\d:\d\d$/);
  await page.getByTestId('journal-table').waitFor();
  t.diagnostic(`screenshot: ${await screenshot(page, 'journal-all')}`);

  // Today in Paris, typed the French way.
  const today = parisDateFr(Date.now());
  await page.getByLabel('Début : date (JJ/MM/AAAA)').fill(today);
  await page.getByLabel('Début : heure (HH:MM, 24 h)').fill('00:00');
  await page.getByLabel('Fin : date (JJ/MM/AAAA)').fill(today);
  await page.getByLabel('Rôle').selectOption('mayor');
  await page.getByLabel('Résultat').selectOption('denied');
  await applyFilters(page);
  const dayStart = parseFrenchDateTime(today, '00:00');
  const denied = (
    await db
      .selectFrom('journal_entries')
      .select('sequence')
      .where('actor_role', '=', 'mayor')
      .where('outcome', '=', 'denied')
      .where('time', '>=', dayStart)
      .where('time', '<=', dayStart + 86_400_000 - 1000)
      .orderBy('sequence', 'desc')
      .execute()
  ).map((row) => row.sequence);
  assert.ok(denied.length >= 2, `both mayors were refused cameras outside their commune (${denied.length})`);
  assert.deepEqual(await shownSequences(page), denied);
  t.diagnostic(`screenshot: ${await screenshot(page, 'journal-mayors-denied')}`);

  await page.getByLabel('Commune').selectOption(LUCE);
  await applyFilters(page);
  const luceCameras = (await db.selectFrom('cameras').select('id').where('commune_insee', '=', LUCE).execute()).map((row) => row.id);
  const luce = (
    await db
      .selectFrom('journal_entries')
      .select('sequence')
      .where('actor_role', '=', 'mayor')
      .where('outcome', '=', 'denied')
      .where('time', '>=', dayStart)
      .where('time', '<=', dayStart + 86_400_000 - 1000)
      .where((eb) => eb.or([eb('commune_insee', '=', LUCE), eb('camera_id', 'in', luceCameras)]))
      .orderBy('sequence', 'desc')
      .execute()
  ).map((row) => row.sequence);
  assert.ok(luce.length >= 1 && luce.length < denied.length, `Lucé's refusals are a part of them (${luce.length} of ${denied.length})`);
  assert.deepEqual(await shownSequences(page), luce);

  await page.locator('[data-testid="journal-table"] tbody tr').first().click();
  const details = page.getByTestId('journal-details');
  await details.waitFor();
  const text = (await details.textContent()) ?? '';
  assert.match(text, new RegExp(`Entrée n° ${luce[0]}`));
  assert.match(text, /Maire \/ élu/);
  assert.match(text, /Consultation d’une caméra \(camera\.read\)/);
  assert.match(text, /Refusé/);
  assert.match(text, /\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \(heure de Paris\)/);
  t.diagnostic(`screenshot: ${await screenshot(page, 'journal-details')}`);
  await page.keyboard.press('Escape');
  await details.waitFor({ state: 'detached' });

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await (await downloading).path();
  const rows = csvRecords(readFileSync(file, 'utf8')).slice(1);
  const stored = await db.selectFrom('journal_entries').select(['sequence', 'hash']).where('sequence', 'in', luce).orderBy('sequence', 'asc').execute();
  assert.deepEqual(
    rows.map((row) => [Number(row[0]), row[14]]),
    stored.map((row) => [row.sequence, row.hash]),
  );
  await page.close();
});

test('a bad date gets a French explanation, and a mayor an explanation instead of the journal', async (t) => {
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'auditeur');
  await page.goto(`${server.baseUrl}/journal`);
  await page.getByLabel('Début : date (JJ/MM/AAAA)').fill('31/02/2026');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  // The form's own alert (the header may hold others: storage, cameras down).
  const alert = page.getByRole('alert').filter({ hasText: 'Date de début' });
  await alert.waitFor();
  assert.equal((await alert.textContent())?.trim(), 'Date de début invalide : saisissez JJ/MM/AAAA et, si besoin, HH:MM (24 h).');
  t.diagnostic(`screenshot: ${await screenshot(page, 'journal-bad-date')}`);

  await loginThroughPage(page, server.baseUrl, 'maire.chartres');
  assert.equal(await page.getByRole('link', { name: 'Journal' }).count(), 0);
  await page.goto(`${server.baseUrl}/journal`);
  await page.getByText('Journal : accès réservé').waitFor();
  t.diagnostic(`screenshot: ${await screenshot(page, 'journal-mayor-refused')}`);
  await page.close();
});

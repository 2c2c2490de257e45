// The web shell in Chromium on a real Vigie (demo content): a mayor sees only his commune's cameras,
// a wrong password shows an error, the session survives a reload, logout ends it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { loginThroughApi, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const CHARTRES = '28085';
let server: TestVigie;
let browser: TestBrowser;
let missing: string | undefined;

before(async () => {
  server = await startTestVigie({ cameras: 3 });
  if (!server.hasRoute('POST', '/api/auth/login')) missing = 'POST /api/auth/login is not wired in src/main.ts (access capability)';
  else if (!server.hasRoute('GET', '/api/cameras')) missing = 'GET /api/cameras is not wired in src/main.ts (territory capability: camera routes and seedDemo)';
  if (missing === undefined) browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function cardIds(page: Page): Promise<{ ids: string[]; communes: string[] }> {
  return page.$$eval('.camera-card', (cards) => ({
    ids: cards.map((c) => c.getAttribute('data-camera-id') ?? ''),
    communes: cards.map((c) => c.getAttribute('data-commune') ?? ''),
  }));
}

test('a wrong password shows an error and keeps the visitor on the login page', async (t) => {
  if (missing !== undefined) return t.skip(missing);
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/cameras`);
  await page.waitForURL(/\/connexion$/);
  await page.getByLabel('Identifiant').fill('maire.chartres');
  await page.getByLabel('Mot de passe').fill('not-the-password');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal((await alert.textContent())?.trim(), 'Identifiant ou mot de passe incorrect.');
  assert.match(page.url(), /\/connexion$/);
  t.diagnostic(`screenshot: ${await screenshot(page, 'login-error')}`);
  await page.close();
});

test('a user whose communes have no camera sees an explanation instead of an empty page', async (t) => {
  if (missing !== undefined) return t.skip(missing);
  // With three demo cameras, Mainvilliers (camera 5) has none.
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'pm.mainvilliers');
  await page.getByText('Aucune caméra ne vous est attribuée.').waitFor();
  assert.equal(await page.locator('.camera-card').count(), 0);
  t.diagnostic(`screenshot: ${await screenshot(page, 'cameras-empty')}`);
  await page.close();
});

test('a mayor sees only his commune cameras, keeps his session on reload, and logs out', async (t) => {
  if (missing !== undefined) return t.skip(missing);
  const operator = await loginThroughApi(server.baseUrl, 'operateur');
  const all = (await operator.get('/api/cameras')) as Array<{ id: string; commune: string }>;
  const expected = all
    .filter((c) => c.commune === CHARTRES)
    .map((c) => c.id)
    .sort();
  assert.ok(expected.length > 0, 'the demo has cameras in Chartres');
  assert.ok(
    all.some((c) => c.commune !== CHARTRES),
    'the demo has cameras outside Chartres, so the scope is really tested',
  );

  const page = await browser.newPage();
  await browser.context.clearCookies();
  await page.goto(`${server.baseUrl}/connexion`);
  t.diagnostic(`screenshot: ${await screenshot(page, 'login')}`);
  await loginThroughPage(page, server.baseUrl, 'maire.chartres');
  await page.waitForURL(/\/cameras$/);
  await page.locator('.camera-card').first().waitFor();
  const shown = await cardIds(page);
  assert.deepEqual([...shown.ids].sort(), expected);
  assert.ok(shown.communes.every((c) => c === CHARTRES));
  assert.match((await page.getByTestId('user').textContent()) ?? '', /Maire de Chartres.*Maire \/ élu.*Chartres/);
  t.diagnostic(`screenshot: ${await screenshot(page, 'cameras-mayor')}`);

  // The search box narrows the list (`/` puts the cursor in it).
  await page.keyboard.press('/');
  await page.keyboard.type('zzz-aucune');
  assert.equal(await page.locator('.camera-card').count(), 0);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.camera-card').count(), expected.length);

  await page.reload();
  await page.locator('.camera-card').first().waitFor();
  assert.deepEqual((await cardIds(page)).ids.sort(), expected);

  await page.getByRole('button', { name: 'Déconnexion' }).click();
  await page.waitForURL(/\/connexion$/);
  await page.goto(`${server.baseUrl}/cameras`);
  await page.waitForURL(/\/connexion$/);
  await page.close();
});

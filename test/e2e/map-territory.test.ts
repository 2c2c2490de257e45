// The map of the territory in Chromium on a real Vigie: the 66 communes of Chartres métropole imported from the
// shared GeoJSON, camera markers by state with their field of view, click to open live, lasso to open a mosaic,
// keyboard zoom. A mayor's map, and every API answer his console receives, hold his commune only. With a few
// hundred cameras, markers that would overlap group into clusters whose counts add up, and zooming in splits them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { revealMarker } from './support/map.js';
import { loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const SHARED_COMMUNES = resolve(process.cwd(), '../shared/data/geo/chartres-metropole-communes.geojson');
const CHARTRES = '28085';
let server: TestVigie;
let browser: TestBrowser;
let cameras: Array<{ id: string; commune: string; fieldOfView?: unknown }> = [];
let communeCodes: string[] = [];

before(async () => {
  server = await startTestVigie({ cameras: 8 });
  browser = await launchBrowser();
  const admin = new HttpSession(server.baseUrl, { username: 'admin', password: 'demo' });
  assert.equal((await admin.login()).status, 200);
  if (existsSync(SHARED_COMMUNES)) {
    // The real case: the territory's 66 communes with their outlines, imported as an administrator would.
    const imported = await admin.send('POST', '/api/communes/import', JSON.parse(readFileSync(SHARED_COMMUNES, 'utf8')));
    assert.equal(imported.status, 200, await imported.clone().text());
    assert.equal(((await imported.json()) as { imported: number }).imported, 66);
  }
  cameras = (await (await admin.send('GET', '/api/cameras')).json()) as typeof cameras;
  communeCodes = ((await (await admin.send('GET', '/api/communes')).json()) as Array<{ insee: string }>).map((c) => c.insee);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The cameras a mosaic URL shows (the mosaic page may rewrite the layout part, `n=` or `g=`). */
const openedCameras = (url: string): string[] => (new URL(url).searchParams.get('cams') ?? '').split(',').filter((id) => id !== '');
/** The cameras the map shows: single markers and the members of clusters. */
const markerIds = (page: Page): Promise<string[]> =>
  page.$$eval('.map-camera, .map-cluster', (nodes) => nodes.flatMap((n) => (n.getAttribute('data-camera-ids') ?? n.getAttribute('data-camera-id') ?? '').split(',').filter((id: string) => id !== '')));
/** The cameras whose marker, or cluster, is in the given state (a cluster has its worst member's state). */
const idsInState = (page: Page, state: string): Promise<string[]> =>
  page.$$eval(`.map-cameras [data-state="${state}"]`, (nodes) =>
    nodes.flatMap((n) => (n.getAttribute('data-camera-ids') ?? n.getAttribute('data-camera-id') ?? '').split(',').filter((id: string) => id !== '')),
  );

test('an operator sees the 66 communes and every camera by state, opens one live by a click and several by a lasso', async (t) => {
  if (!existsSync(SHARED_COMMUNES)) return t.skip(`the shared commune outlines are absent (${SHARED_COMMUNES})`);
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'operateur');
  await page.goto(`${server.baseUrl}/cameras`);
  await waitForValue(
    () => page.locator('.map-commune').count(),
    (n) => n === 66,
    'the 66 commune outlines',
  );
  await waitForValue(
    async () => (await markerIds(page)).length,
    (n) => n === cameras.length,
    'a marker per camera',
  );
  assert.deepEqual((await markerIds(page)).sort(), cameras.map((c) => c.id).sort());
  // The simulated cameras come online: their markers turn green.
  await waitForValue(
    async () => (await idsInState(page, 'online')).length,
    (n) => n >= cameras.length - 1,
    'markers online',
    45_000,
  );
  const singles = await page.$$eval('.map-camera', (nodes) => nodes.map((n) => n.getAttribute('data-camera-id')));
  const withView = cameras.filter((c) => singles.includes(c.id) && c.fieldOfView !== null && c.fieldOfView !== undefined).length;
  assert.equal(await page.locator('.map-fov').count(), withView, 'a field-of-view cone for each single marker that has one');
  // Every outline is drawn inside the map, and the map is not empty space: the fit shows the whole territory.
  const box = await page.getByTestId('territory-map').boundingBox();
  const drawn = await page.locator('.map-communes').boundingBox();
  assert.ok(box !== null && drawn !== null);
  assert.ok(drawn.x >= box.x - 1 && drawn.y >= box.y - 1 && drawn.x + drawn.width <= box.x + box.width + 1 && drawn.y + drawn.height <= box.y + box.height + 1, 'the territory fits in the map');
  assert.ok(drawn.width > box.width * 0.5 || drawn.height > box.height * 0.7, 'the territory fills the map');
  await page
    .locator('.map-commune[data-insee="28085"]')
    .hover({ position: { x: 5, y: 5 }, force: true })
    .catch(() => undefined);
  t.diagnostic(`screenshot: ${await screenshot(page, 'map-territory-operator')}`);

  // Keyboard: + zooms in, 0 fits the territory again.
  const zoom = async (): Promise<number> => Number(await page.getByTestId('territory-map').getAttribute('data-zoom'));
  const fitted = await zoom();
  await page.getByTestId('territory-map').focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  assert.ok((await zoom()) > fitted + 0.9, 'two + zoom in by a level');
  await page.keyboard.press('0');
  assert.ok(Math.abs((await zoom()) - fitted) < 0.01, '0 fits the territory again');

  // Centre on Chartres from the navigator, then a click on a marker opens the camera live.
  await page.getByRole('button', { name: 'Centrer la carte sur Chartres' }).click();
  await waitForValue(zoom, (z) => z > fitted + 1.5, 'the map zoomed on Chartres');
  const chartres = cameras.find((c) => c.commune === CHARTRES);
  assert.ok(chartres !== undefined);
  await revealMarker(page, chartres.id);
  const marker = page.locator(`.map-camera[data-camera-id="${chartres.id}"] .map-dot`);
  await marker.hover();
  await page.getByRole('tooltip').waitFor();
  assert.match((await page.getByRole('tooltip').textContent()) ?? '', /Chartres.*Clic : ouvrir en direct/);
  t.diagnostic(`screenshot: ${await screenshot(page, 'map-chartres-zoom')}`);
  await marker.click();
  await page.waitForURL(/\/mosaique/).catch(() => undefined);
  assert.deepEqual(openedCameras(page.url()), [chartres.id], 'a click on the marker opens that camera live');

  // Back on the map: Shift + drag around the whole map selects every camera shown, and opens them as a mosaic.
  await page.goto(`${server.baseUrl}/cameras`);
  await waitForValue(
    async () => (await markerIds(page)).length,
    (n) => n === cameras.length,
    'markers again',
  );
  const area = await page.getByTestId('territory-map').boundingBox();
  assert.ok(area !== null);
  const corners: Array<[number, number]> = [
    [area.x + 8, area.y + 8],
    [area.x + area.width - 60, area.y + 8],
    [area.x + area.width - 60, area.y + area.height - 60],
    [area.x + 8, area.y + area.height - 60],
  ];
  await page.keyboard.down('Shift');
  await page.mouse.move(...corners[0]!);
  await page.mouse.down();
  for (const corner of [...corners.slice(1), corners[0]!]) await page.mouse.move(...corner, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const selection = page.getByTestId('map-selection');
  await selection.waitFor();
  assert.match((await selection.textContent()) ?? '', new RegExp(`${cameras.length} caméras sélectionnées`));
  t.diagnostic(`screenshot: ${await screenshot(page, 'map-lasso')}`);
  await selection.getByRole('button', { name: 'Ouvrir en mosaïque' }).click();
  await page.waitForURL(/\/mosaique/);
  assert.deepEqual(openedCameras(page.url()).sort(), cameras.map((c) => c.id).sort());
  await page.close();
});

test('a mayor’s map, tree and every API answer hold his commune only', async (t) => {
  const foreignCameras = cameras.filter((c) => c.commune !== CHARTRES).map((c) => c.id);
  const foreignCommunes = communeCodes.filter((c) => c !== CHARTRES);
  assert.ok(foreignCameras.length > 0, 'the demo has cameras outside Chartres, so the scope is really tested');
  const page = await browser.newPage();
  const answers: Array<{ url: string; body: string }> = [];
  page.on('response', (response) => {
    if (!response.url().includes('/api/')) return;
    answers.push({ url: response.url(), body: '' });
    const entry = answers[answers.length - 1]!;
    response.text().then(
      (body) => (entry.body = body),
      () => undefined,
    );
  });
  await loginThroughPage(page, server.baseUrl, 'maire.chartres');
  await page.goto(`${server.baseUrl}/cameras`);
  const mine = cameras.filter((c) => c.commune === CHARTRES).map((c) => c.id);
  await waitForValue(
    async () => (await markerIds(page)).sort(),
    (ids) => ids.length === mine.length,
    'the mayor’s markers',
  );
  assert.deepEqual((await markerIds(page)).sort(), [...mine].sort());
  const outlines = await page.$$eval('.map-commune', (paths) => paths.map((p) => p.getAttribute('data-insee')));
  if (existsSync(SHARED_COMMUNES)) assert.deepEqual(outlines, [CHARTRES], 'the mayor’s map draws his commune only');
  const treeCommunes = await page.$$eval('.nav-commune', (nodes) => nodes.map((n) => n.getAttribute('data-commune')));
  assert.deepEqual(treeCommunes, [CHARTRES]);
  // Let the console poll once more (states every 5 s), so every call it makes is in the record.
  await page.waitForTimeout(6000);
  t.diagnostic(`screenshot: ${await screenshot(page, 'map-mayor-chartres')}`);

  const called = new Set(answers.map((a) => new URL(a.url).pathname));
  for (const path of ['/api/cameras', '/api/communes/outlines', '/api/health/cameras', '/api/me/favourites'])
    assert.ok(called.has(path), `the console called ${path} (called: ${[...called].join(', ')})`);
  for (const { url, body } of answers) {
    for (const id of foreignCameras) assert.ok(!body.includes(id), `${url} gave the mayor camera ${id} of another commune`);
    for (const insee of foreignCommunes) assert.ok(!body.includes(`"${insee}"`), `${url} gave the mayor commune ${insee}`);
  }
  t.diagnostic(`${answers.length} API answers checked: ${[...called].sort().join(', ')}`);
  await page.close();
});

test('a territory of 400 cameras: overlapping markers group into clusters whose counts add up, zooming in splits them, a click on a cluster zooms to it', async (t) => {
  if (!existsSync(SHARED_COMMUNES)) return t.skip(`the shared commune outlines are absent (${SHARED_COMMUNES})`);
  const geo = JSON.parse(readFileSync(SHARED_COMMUNES, 'utf8')) as { features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }> };
  // Each commune's cameras around the middle of its outline (mean of the first ring's corners).
  const communes = geo.features.flatMap((f) => {
    const insee = String(f.properties['code'] ?? f.properties['insee'] ?? '');
    const ring = (f.geometry.type === 'Polygon' ? (f.geometry.coordinates as number[][][])[0] : (f.geometry.coordinates as number[][][][])[0]?.[0]) ?? [];
    if (insee === '' || ring.length === 0) return [];
    return [{ insee, lon: ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length, lat: ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length }];
  });
  assert.ok(communes.length >= 60, `communes read from the outlines (${communes.length})`);
  const lines = ['nom;insee;lat;lon;url;conservation;finalites;azimut;ouverture;portee;arrete;expiration'];
  for (let n = 1; n <= 400; n++) {
    const commune = communes[n % communes.length]!;
    const lat = (commune.lat + Math.sin(n * 1.7) * 0.006).toFixed(6);
    const lon = (commune.lon + Math.cos(n * 2.3) * 0.009).toFixed(6);
    lines.push(
      [`AMAS-${String(n).padStart(3, '0')}`, commune.insee, lat, lon, `rtsp://127.0.0.1:9/amas${n}`, '20', 'crime-prevention', String((n * 47) % 360), '70', '60', '2026-PREF-0042', '31/12/2031'].join(
        ';',
      ),
    );
  }
  const admin = new HttpSession(server.baseUrl, { username: 'admin', password: 'demo' });
  assert.equal((await admin.login()).status, 200);
  // The CSV as a JSON string: the import reads a text body as CSV.
  const imported = await admin.send('POST', '/api/cameras/import', lines.join('\n'));
  assert.equal(imported.status, 200, await imported.clone().text());
  const all = (await (await admin.send('GET', '/api/cameras')).json()) as Array<{ id: string }>;
  assert.ok(all.length >= 400, `${all.length} cameras`);

  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'operateur');
  await page.goto(`${server.baseUrl}/cameras`);
  const counts = async () => ({
    clusters: await page.locator('.map-cluster').count(),
    singles: await page.locator('.map-camera').count(),
    inClusters: (await page.$$eval('.map-cluster', (nodes) => nodes.map((n) => Number(n.getAttribute('data-count'))))).reduce((a, b) => a + b, 0),
  });
  await waitForValue(
    async () => (await markerIds(page)).length,
    (n) => n === all.length,
    'every camera on the map, alone or in a cluster',
    30_000,
  );
  const territory = await counts();
  t.diagnostic(`territory zoom: ${territory.clusters} clusters holding ${territory.inClusters} cameras, ${territory.singles} single markers, for ${all.length} cameras`);
  assert.ok(territory.clusters > 0, 'clusters at the territory zoom');
  assert.equal(territory.inClusters + territory.singles, all.length, 'the clusters’ counts and the single markers add up to the cameras');
  assert.deepEqual((await markerIds(page)).sort(), all.map((c) => c.id).sort(), 'each camera once');
  t.diagnostic(`screenshot: ${await screenshot(page, 'map-clusters-territory')}`);

  // Zooming in splits clusters: more spots on the map, each cluster smaller.
  await page.getByTestId('territory-map').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('+');
  const closer = await counts();
  t.diagnostic(`zoomed in 2 levels: ${closer.clusters} clusters holding ${closer.inClusters} cameras, ${closer.singles} single markers in view`);
  assert.ok(closer.singles > territory.singles, 'zooming in shows more single markers');
  assert.ok(closer.inClusters < territory.inClusters, 'fewer cameras in clusters');
  t.diagnostic(`screenshot: ${await screenshot(page, 'map-clusters-zoomed')}`);

  // A click on a cluster zooms to it.
  await page.keyboard.press('0');
  const zoom = async (): Promise<number> => Number(await page.getByTestId('territory-map').getAttribute('data-zoom'));
  const fitted = await zoom();
  const cluster = page.locator('.map-cluster').first();
  await cluster.hover();
  assert.match((await page.getByRole('tooltip').textContent()) ?? '', /\d+ caméras.*Clic : zoomer sur ce groupe/);
  await cluster.locator('.map-cluster-dot').click();
  await waitForValue(zoom, (z) => z > fitted + 0.5, 'the map zoomed to the cluster');
  await page.close();
});

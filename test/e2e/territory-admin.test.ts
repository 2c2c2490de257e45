// « Communes et secteurs » in Chromium on a real Vigie: the administrator creates a sensitive sector in Chartres,
// draws its area on the map with four clicks, assigns cameras from the list and from the map, renames it, meets
// French refusals (a name already used, an empty name) with nothing written, and deletes it — each change
// journaled and stored as the database shows; a commune file with a bad line is refused line by line, a good
// one imported. A camera is placed by a click on its commune's map. A room lead reads the page without editing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { DEMO_PASSWORD, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const CHARTRES = '28085';

let server: TestVigie;
let browser: TestBrowser;

before(async () => {
  server = await startTestVigie({ cameras: 8 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface SectorRow {
  readonly id: string;
  readonly name: string;
  readonly sensitive: boolean;
  readonly commune: string | null;
  readonly area: { type: string; coordinates: number[][][] } | null;
  readonly cameraIds: string[];
}

/** Clicks the map at a fraction of its frame (away from markers: the test chooses empty corners). */
async function clickMap(page: Page, fx: number, fy: number): Promise<void> {
  const box = await page.getByTestId('territory-map').boundingBox();
  assert.ok(box !== null);
  await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
}

test('an administrator creates, draws, fills, renames and deletes a sensitive sector of Chartres; communes import line by line', async (t) => {
  const admin = new HttpSession(server.baseUrl, { username: 'admin', password: DEMO_PASSWORD });
  await admin.login();
  const sectors = async (): Promise<SectorRow[]> => (await (await admin.send('GET', '/api/sectors')).json()) as SectorRow[];
  const cameras = (await (await admin.send('GET', '/api/cameras')).json()) as Array<{ id: string; name: string; commune: string }>;
  const chartres = cameras.filter((c) => c.commune === CHARTRES);
  assert.ok(chartres.length >= 4, 'the demo places several cameras in Chartres');
  const first = chartres[0] as { id: string; name: string };
  const second = chartres[1] as { id: string; name: string };
  const db = server.vigie.database.db;

  const page = await browser.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await loginThroughPage(page, server.baseUrl, 'admin');
  await page.goto(`${server.baseUrl}/admin/cameras`);
  await page.getByRole('link', { name: 'Communes et secteurs' }).click();
  await page.getByTestId('territory-page').waitFor();
  await waitForValue(
    () => page.getByLabel('Commune', { exact: true }).inputValue(),
    (insee) => insee === CHARTRES,
    'Chartres chosen first',
    15_000,
  );
  await page.getByRole('list', { name: 'Secteurs de la commune' }).getByRole('button', { name: 'Centre-ville' }).waitFor();
  assert.match((await page.getByTestId('commune-summary').textContent()) ?? '', new RegExp(`Chartres : ${chartres.length} caméra\\(s\\), 1 secteur\\(s\\)`));

  // A new sector: name, sensitive, an area of four corners clicked on the map, two cameras ticked, one clicked on the map.
  await page.getByRole('button', { name: 'Nouveau secteur' }).click();
  const form = page.getByTestId('sector-form');
  await form.getByLabel('Nom du secteur').fill('Quartier de la gare');
  await form.getByLabel(/Secteur sensible/).check();
  await form.getByRole('button', { name: 'Dessiner la zone sur la carte' }).click();
  await page.getByTestId('drawing-hint').waitFor();
  for (const [fx, fy] of [
    [0.12, 0.12],
    [0.3, 0.1],
    [0.32, 0.3],
    [0.1, 0.28],
  ] as const)
    await clickMap(page, fx, fy);
  assert.equal(await page.getByTestId('map-draft').getAttribute('data-points'), '4');
  t.diagnostic(`screenshot: ${await screenshot(page, 'territory-drawing')}`);
  await form.getByRole('button', { name: 'Terminer la zone' }).click();
  assert.match((await form.getByTestId('sector-area').textContent()) ?? '', /Zone dessinée \(4 sommets\)/);
  const group = form.getByRole('group', { name: 'Caméras du secteur' });
  await group.getByRole('checkbox', { name: first.name }).check();
  await group.getByRole('checkbox', { name: second.name }).check();
  const onMap = chartres[2] as { id: string; name: string };
  await page.locator(`[data-testid="territory-map"] [data-camera-id="${onMap.id}"] .map-dot`).click();
  assert.equal(await group.getByRole('checkbox', { name: onMap.name }).isChecked(), true, 'a click on a marker adds its camera');
  await form.getByRole('button', { name: 'Créer le secteur' }).click();
  await page.getByRole('status').filter({ hasText: 'Secteur « Quartier de la gare » créé.' }).waitFor({ timeout: 15_000 });
  const created = (await sectors()).find((s) => s.name === 'Quartier de la gare');
  assert.ok(created !== undefined);
  assert.equal(created.commune, CHARTRES);
  assert.equal(created.sensitive, true);
  assert.equal(created.area?.type, 'Polygon');
  assert.equal(created.area?.coordinates[0]?.length, 5, 'four corners, closed');
  assert.deepEqual([...created.cameraIds].sort(), [first.id, second.id, onMap.id].sort());
  const stored = await db.selectFrom('sectors').select(['commune_insee', 'sensitive', 'area']).where('id', '=', created.id).executeTakeFirstOrThrow();
  assert.equal(stored.commune_insee, CHARTRES);
  assert.equal(Number(stored.sensitive), 1);
  // The area on the map, drawn as a sensitive sector's once another is being edited.
  await page.getByRole('button', { name: 'Nouveau secteur' }).click();
  await page.locator(`[data-testid="territory-map"] path.map-area.sensitive[data-sector-id="${created.id}"]`).waitFor({ state: 'attached' });
  t.diagnostic(`screenshot: ${await screenshot(page, 'territory-sector-created')}`);
  // The operators' map (« Caméras ») draws it too.
  const operatorsMap = await browser.newPage();
  await operatorsMap.goto(`${server.baseUrl}/cameras`);
  await operatorsMap.locator(`[data-testid="territory-map"] path.map-area.sensitive[data-sector-id="${created.id}"]`).waitFor({ state: 'attached', timeout: 15_000 });
  t.diagnostic(`screenshot: ${await screenshot(operatorsMap, 'territory-cameras-map-area')}`);
  await operatorsMap.close();

  // A name already used, then an empty name: refused in French, nothing written.
  await page.getByRole('list', { name: 'Secteurs de la commune' }).getByRole('button', { name: 'Quartier de la gare' }).click();
  await form.getByLabel('Nom du secteur').fill('Centre-ville');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByTestId('sector-issues').filter({ hasText: 'Nom : un autre secteur porte déjà ce nom.' }).waitFor({ timeout: 10_000 });
  await form.getByLabel('Nom du secteur').fill('');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByTestId('sector-issues').filter({ hasText: 'Nom du secteur : valeur obligatoire manquante' }).waitFor({ timeout: 10_000 });
  t.diagnostic(`screenshot: ${await screenshot(page, 'territory-sector-refused')}`);
  assert.equal((await sectors()).find((s) => s.id === created.id)?.name, 'Quartier de la gare');

  // Renamed, one camera taken out.
  await form.getByLabel('Nom du secteur').fill('Gare et Épars');
  await group.getByRole('checkbox', { name: second.name }).uncheck();
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('status').filter({ hasText: 'Secteur « Gare et Épars » enregistré.' }).waitFor({ timeout: 15_000 });
  const renamed = (await sectors()).find((s) => s.id === created.id);
  assert.equal(renamed?.name, 'Gare et Épars');
  assert.equal(renamed?.cameraIds.length, 2);
  assert.equal(renamed?.area?.coordinates[0]?.length, 5, 'the area is kept');

  // Deleted after a confirmation; its cameras stay.
  await form.getByRole('button', { name: 'Supprimer le secteur' }).click();
  await form.getByRole('button', { name: 'Confirmer la suppression' }).click();
  await page.getByRole('status').filter({ hasText: 'supprimé' }).waitFor({ timeout: 15_000 });
  assert.equal(
    (await sectors()).some((s) => s.id === created.id),
    false,
  );
  assert.equal(((await (await admin.send('GET', '/api/cameras')).json()) as unknown[]).length, cameras.length);
  const journal = await db.selectFrom('journal_entries').select(['action', 'outcome']).where('target_id', '=', created.id).orderBy('sequence').execute();
  const actions = journal.map((e) => `${e.action}:${e.outcome}`);
  assert.equal(actions[0], 'sector.create:allowed');
  assert.ok(actions.includes('sector.update:failed'), `the refused rename is journaled: ${actions.join(', ')}`);
  assert.deepEqual(actions.slice(-2), ['sector.update:allowed', 'sector.delete:allowed']);

  // Communes from a file: a bad line refused with its line number, nothing written; then a good file.
  const upload = (name: string, text: string) => page.getByTestId('commune-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await upload('communes-fausses.csv', 'insee;nom;lat;lon;population\n28085;Chartres;48.44695;1.50569;38534\n28218;Lucé;91;1.4529;15000\n');
  const result = page.getByTestId('commune-import-result');
  await result.filter({ hasText: 'aucune commune importée' }).waitFor({ timeout: 15_000 });
  assert.match((await result.textContent()) ?? '', /Ligne 3/);
  const population = async () => (await db.selectFrom('communes').select('population').where('insee', '=', CHARTRES).executeTakeFirstOrThrow()).population;
  assert.notEqual(await population(), 38534, 'nothing written');
  t.diagnostic(`screenshot: ${await screenshot(page, 'territory-communes-refused')}`);
  await upload('communes.csv', 'insee;nom;lat;lon;population\n28085;Chartres;48.44695;1.50569;38534\n');
  await result.filter({ hasText: '1 commune(s) importée(s)' }).waitFor({ timeout: 15_000 });
  assert.equal(await population(), 38534);
  await page.close();
});

test('an administrator places a camera by a click on its commune map, its field of view drawn there', async (t) => {
  const admin = new HttpSession(server.baseUrl, { username: 'admin', password: DEMO_PASSWORD });
  await admin.login();
  const cameras = (await (await admin.send('GET', '/api/cameras')).json()) as Array<{ id: string; name: string; position: { lat: number; lon: number } }>;
  const camera = cameras.find((c) => c.name.startsWith('CAM-02'));
  assert.ok(camera !== undefined);
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await loginThroughPage(page, server.baseUrl, 'admin');
  await page.goto(`${server.baseUrl}/admin/cameras`);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill(camera.name);
  await page.locator('[data-testid="estate-table"] tbody tr').first().click();
  const form = page.getByTestId('camera-form');
  await form.getByRole('button', { name: 'Placer sur la carte' }).click();
  const frame = page.getByTestId('place-on-map');
  await frame.locator('[data-camera-id="placed"] .map-fov').waitFor();
  const box = await frame.boundingBox();
  assert.ok(box !== null);
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.35);
  const lat = Number(await form.getByLabel('Latitude').inputValue());
  const lon = Number(await form.getByLabel('Longitude').inputValue());
  assert.ok(Math.abs(lat - camera.position.lat) > 1e-5 || Math.abs(lon - camera.position.lon) > 1e-5, 'the click moved the camera');
  assert.ok(lat > 48.3 && lat < 48.6 && lon > 1.3 && lon < 1.7, `placed in Chartres: ${lat}, ${lon}`);
  t.diagnostic(`screenshot: ${await screenshot(page, 'estate-place-on-map')}`);
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await waitForValue(
    async () => ((await (await admin.send('GET', `/api/cameras/${camera.id}`)).json()) as { position: { lat: number; lon: number } }).position,
    (saved) => Math.abs(saved.lat - lat) < 1e-6 && Math.abs(saved.lon - lon) < 1e-6,
    'the new position saved',
    15_000,
  );
  await page.close();
});

test('an administrator adds a camera from the blank form: refusals in French beside their fields, nothing written; then it is listed, stored and connects', async (t) => {
  const admin = new HttpSession(server.baseUrl, { username: 'admin', password: DEMO_PASSWORD });
  await admin.login();
  type CameraRow = { id: string; name: string; commune: string; state: string; retentionDays: number; purposes: string[]; position: { lat: number; lon: number } };
  const listCameras = async () => (await (await admin.send('GET', '/api/cameras')).json()) as Array<CameraRow & { streams: { main: string | null } }>;
  const before = await listCameras();
  const existing = before[0];
  assert.ok(existing?.streams.main !== null && existing?.streams.main !== undefined, 'an administrator reads the demo stream URLs');
  const db = server.vigie.database.db;
  const storedCount = async () =>
    Number(
      (
        await db
          .selectFrom('cameras')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const countBefore = await storedCount();

  const page = await browser.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  await loginThroughPage(page, server.baseUrl, 'admin');
  await page.goto(`${server.baseUrl}/admin/cameras`);
  await page.getByTestId('estate-table').waitFor();
  await page.getByRole('button', { name: 'Ajouter une caméra' }).click();
  const form = page.getByTestId('camera-form');
  await form.getByRole('heading', { name: 'Ajouter une caméra' }).waitFor();
  assert.equal(await form.getByLabel(/^Nom/).inputValue(), '', 'a blank form');
  assert.equal(await form.getByLabel('Commune', { exact: true }).inputValue(), '', 'no commune chosen yet');
  t.diagnostic(`screenshot: ${await screenshot(page, 'estate-add-camera-empty')}`);

  // No commune, a point in the Atlantic, 45 days: each refusal beside its field, nothing written.
  await form.getByLabel(/^Nom/).fill('CHARTRES-900 Parvis de la cathédrale');
  await form.getByRole('textbox', { name: 'Latitude', exact: true }).fill('40,1');
  await form.getByRole('textbox', { name: 'Longitude', exact: true }).fill('-30');
  await form.getByTestId('retention').fill('45');
  await form.getByLabel('Flux principal').fill(existing.streams.main);
  await form.getByRole('button', { name: 'Ajouter la caméra' }).click();
  await form.getByTestId('issue-retentionDays').filter({ hasText: 'conservation supérieure à 30 jours' }).waitFor({ timeout: 15_000 });
  assert.match((await form.getByTestId('issue-commune').textContent()) ?? '', /Commune \(code INSEE\) : valeur obligatoire manquante/);
  assert.match((await form.getByTestId('issue-lat').textContent()) ?? '', /hors de France/);
  assert.doesNotMatch((await form.textContent()) ?? '', /VIGIE_|outside|exceeds|required/, 'no server text or code shown');
  t.diagnostic(`screenshot: ${await screenshot(page, 'estate-add-camera-refused')}`);
  assert.equal(await storedCount(), countBefore, 'nothing written');

  // Fixed, but named like a camera already there: refused on the name, still nothing written.
  await form.getByLabel('Commune', { exact: true }).selectOption(CHARTRES);
  await form.getByRole('textbox', { name: 'Latitude', exact: true }).fill('48,4478');
  await form.getByRole('textbox', { name: 'Longitude', exact: true }).fill('1,4881');
  await form.getByTestId('retention').fill('20');
  await form.getByLabel(/^Nom/).fill(existing.name);
  await form.getByRole('button', { name: 'Ajouter la caméra' }).click();
  await form.getByTestId('issue-name').filter({ hasText: 'une autre caméra porte déjà ce nom' }).waitFor({ timeout: 15_000 });
  assert.equal(await form.getByTestId('issue-retentionDays').count(), 0, 'the fixed fields are no longer flagged');
  assert.equal(await storedCount(), countBefore, 'nothing written');

  // A new name, the prefectoral authorisation and one more purpose: added.
  const name = 'CHARTRES-900 Parvis de la cathédrale';
  await form.getByLabel(/^Nom/).fill(name);
  await form.getByLabel('Référence de l’arrêté').fill('2026-PREF-0900');
  await form.getByLabel(/Fin d’autorisation/).fill('31/12/2030');
  await form.getByLabel('Régulation du trafic routier').check();
  await form.getByRole('button', { name: 'Ajouter la caméra' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Caméra « ${name} » ajoutée` })
    .waitFor({ timeout: 15_000 });
  await page.locator('[data-testid="estate-table"] tbody tr.selected').filter({ hasText: name }).waitFor({ timeout: 15_000 });
  assert.match((await page.getByTestId('estate-count').textContent()) ?? '', new RegExp(`sur ${before.length + 1}`));
  t.diagnostic(`screenshot: ${await screenshot(page, 'estate-add-camera-added')}`);
  assert.equal(await storedCount(), countBefore + 1);
  const created = (await listCameras()).find((c) => c.name === name);
  assert.ok(created !== undefined, 'the API lists the new camera');
  assert.equal(created.commune, CHARTRES);
  assert.equal(created.retentionDays, 20);
  assert.deepEqual([...created.purposes].sort(), ['crime-prevention', 'traffic-regulation']);
  assert.ok(Math.abs(created.position.lat - 48.4478) < 1e-6 && Math.abs(created.position.lon - 1.4881) < 1e-6);
  const full = (await (await admin.send('GET', `/api/cameras/${created.id}`)).json()) as { authorisation: { reference: string | null; expiresOn: string | null } };
  assert.deepEqual(full.authorisation, { reference: '2026-PREF-0900', expiresOn: '2030-12-31' });
  const journal = await db.selectFrom('journal_entries').select(['action', 'outcome']).where('target_id', '=', created.id).execute();
  assert.ok(
    journal.some((e) => e.action === 'camera.manage' || e.action === 'camera.create'),
    `the creation is journaled: ${journal.map((e) => e.action).join(', ')}`,
  );
  // The ingest picks it up at once: it reaches the simulator's stream and comes online, as the open list then shows.
  await waitForValue(
    async () => {
      const health = (await (await admin.send('GET', '/api/health/cameras')).json()) as { cameras: Array<{ cameraId: string; main: { state: string } }> };
      return health.cameras.find((c) => c.cameraId === created.id)?.main.state ?? 'not ingested';
    },
    (state) => state === 'online',
    'the new camera online',
    60_000,
  );
  await page.locator('[data-testid="estate-table"] tbody tr').filter({ hasText: name }).locator('[data-state="online"]').waitFor({ timeout: 30_000 });
  await page.close();
});

test('a room lead reads the communes and sectors without editing', async (t) => {
  const page = await browser.newPage();
  await loginThroughPage(page, server.baseUrl, 'chef');
  await page.goto(`${server.baseUrl}/admin/cameras/territoire`);
  await page.getByRole('list', { name: 'Secteurs de la commune' }).getByRole('button', { name: 'Centre-ville' }).click();
  const form = page.getByTestId('sector-form');
  await waitForValue(
    () => form.getByLabel('Nom du secteur').inputValue(),
    (name) => name === 'Centre-ville',
    'the sector opened',
    10_000,
  );
  assert.equal(await form.getByLabel('Nom du secteur').isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Enregistrer' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Nouveau secteur' }).count(), 0);
  assert.equal(await page.getByTestId('commune-file').count(), 0);
  t.diagnostic(`screenshot: ${await screenshot(page, 'territory-room-lead')}`);
  await page.close();
});

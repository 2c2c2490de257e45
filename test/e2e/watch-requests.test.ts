// Mayors' live-watch requests end to end, on a real Vigie (demo: Chartres and Lucé cameras) in Chromium: the
// mayor of Chartres sends a request through the form (an end before its start is refused in French first), the
// room lead sees it arrive on his open page and accepts it with a wall monitor, the mayor sees « Acceptée », at
// its start the operator's console shows the banner and the cameras go on the wall monitor, and at its end the
// banner goes by itself. Bad input through the API: clear codes, nothing created, nothing of Chartres shown to
// the mayor of Lucé. Everything journaled with the request and its commune.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, screenshot, waitForValue } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { DEMO_PASSWORD, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';
import { parisDateFr, parisTimeInput } from '../../web/src/time/paris.js';

const CHARTRES = '28085';
const LUCE = '28218';
const EVENT = 'Marché de Noël — place Billard';

interface WatchView {
  readonly id: string;
  readonly communeInsee: string;
  readonly state: string;
  readonly endCause: string | null;
  readonly reviewNote: string | null;
  readonly wallOutcome: string | null;
  readonly monitorId: string | null;
  readonly acceptedCameraIds: string[] | null;
}

describe('live-watch requests', { timeout: 600_000 }, () => {
  let server: TestVigie;
  let browser: Browser;
  let mayor: HttpSession;
  let luceMayor: HttpSession;
  let lead: HttpSession;
  let admin: HttpSession;
  const chartresCameras: string[] = [];
  let luceCamera = '';

  const session = async (username: string): Promise<HttpSession> => {
    const client = new HttpSession(server.baseUrl, { username, password: DEMO_PASSWORD });
    assert.equal((await client.login()).status, 200, `login ${username}`);
    return client;
  };
  const pageAs = async (username: string, path: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    await loginThroughPage(page, server.baseUrl, username);
    await page.goto(`${server.baseUrl}${path}`);
    return page;
  };
  const listAs = async (client: HttpSession, query = ''): Promise<WatchView[]> => {
    const response = await client.send('GET', `/api/watch-requests${query}`);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as WatchView[];
  };

  before(async () => {
    server = await startTestVigie({ cameras: 3 });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    mayor = await session('maire.chartres');
    luceMayor = await session('maire.luce');
    lead = await session('chef');
    admin = await session('admin');
    const cameras = (await (await lead.send('GET', '/api/cameras')).json()) as { id: string; communeInsee?: string; commune?: string }[];
    for (const camera of cameras) {
      const commune = camera.communeInsee ?? camera.commune;
      if (commune === CHARTRES) chartresCameras.push(camera.id);
      if (commune === LUCE) luceCamera = camera.id;
    }
    assert.ok(chartresCameras.length >= 2 && luceCamera !== '', `demo cameras in Chartres and Lucé: ${JSON.stringify(cameras)}`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses bad input through the API with clear codes, creates nothing, and shows nothing across communes', async () => {
    const now = Date.now();
    const good = { event: 'Essai', contact: 'Mairie 02 37 00 00 00', reason: 'Affluence', cameraIds: [chartresCameras[0]], fromMs: now + 60_000, toMs: now + 3_600_000 };
    const refused = async (client: HttpSession, body: unknown, status: number, code: string) => {
      const response = await client.send('POST', '/api/watch-requests', body);
      const text = await response.text();
      assert.equal(response.status, status, `${JSON.stringify(body)} → ${text}`);
      assert.equal((JSON.parse(text) as { error: string }).error, code, text);
      return JSON.parse(text) as { message: string };
    };
    await refused(mayor, { ...good, toMs: good.fromMs - 60_000 }, 400, 'VIGIE_WATCH_WINDOW_INVALID');
    await refused(mayor, { ...good, fromMs: now - 7_200_000, toMs: now - 3_600_000 }, 400, 'VIGIE_WATCH_WINDOW_PAST');
    await refused(mayor, { ...good, toMs: good.fromMs + 8 * 86_400_000 }, 400, 'VIGIE_WATCH_WINDOW_TOO_LONG');
    await refused(mayor, { ...good, contact: '  ' }, 400, 'VIGIE_WATCH_FIELD_INVALID');
    await refused(mayor, { ...good, cameraIds: [] }, 400, 'VIGIE_WATCH_PLACE_MISSING');
    await refused(mayor, { ...good, area: { type: 'Polygon', coordinates: [[[1.4, 48.4]]] } }, 400, 'VIGIE_WATCH_AREA_INVALID');
    await refused(mayor, { ...good, commune: LUCE, cameraIds: [luceCamera] }, 403, 'VIGIE_WATCH_COMMUNE_REFUSED');
    // A camera of another commune and a camera that does not exist get the same answer, word for word.
    const foreign = await refused(mayor, { ...good, cameraIds: [luceCamera] }, 403, 'VIGIE_WATCH_CAMERA_REFUSED');
    const unknown = await refused(mayor, { ...good, cameraIds: ['no-such-camera'] }, 403, 'VIGIE_WATCH_CAMERA_REFUSED');
    assert.equal(foreign.message, unknown.message);
    await refused(mayor, { ...good, fromMs: 'demain' }, 400, 'VIGIE_VALIDATION_FAILED');
    assert.deepEqual(await listAs(lead), [], 'nothing was created by the refused requests');
    assert.equal(await lead.probe('POST', '/api/watch-requests', good), 403, 'a room lead does not send requests');

    // A request of Chartres is invisible to the mayor of Lucé, listed or asked by id, and he cannot cancel it.
    const created = (await (await mayor.send('POST', '/api/watch-requests', good)).json()) as WatchView;
    assert.equal(created.state, 'submitted');
    assert.deepEqual(await listAs(luceMayor), []);
    assert.deepEqual(await listAs(luceMayor, `?commune=${CHARTRES}`), []);
    assert.equal(await luceMayor.probe('GET', `/api/watch-requests/${created.id}`), 404);
    assert.equal(await luceMayor.probe('POST', `/api/watch-requests/${created.id}/cancel`), 404);
    assert.equal(await luceMayor.probe('GET', '/api/watch-requests/monitors'), 403);
    // The room lead declines it with a reason; the mayor reads the reason; it can no longer be accepted.
    const declineWithout = await lead.send('POST', `/api/watch-requests/${created.id}/decline`, { reason: '' });
    assert.equal(declineWithout.status, 400);
    const declined = (await (await lead.send('POST', `/api/watch-requests/${created.id}/decline`, { reason: 'Aucun opérateur disponible ce soir' })).json()) as WatchView;
    assert.equal(declined.state, 'declined');
    assert.equal(((await (await mayor.send('GET', `/api/watch-requests/${created.id}`)).json()) as WatchView).reviewNote, 'Aucun opérateur disponible ce soir');
    const late = await lead.send('POST', `/api/watch-requests/${created.id}/accept`, {});
    assert.equal(late.status, 409);
    assert.equal(((await late.json()) as { error: string }).error, 'VIGIE_WATCH_STATE');
    // Accepting with a camera of another commune is refused, the request left as it was.
    const other = (await (await mayor.send('POST', '/api/watch-requests', good)).json()) as WatchView;
    const wrongCamera = await lead.send('POST', `/api/watch-requests/${other.id}/accept`, { cameraIds: [luceCamera] });
    assert.equal(((await wrongCamera.json()) as { error: string }).error, 'VIGIE_WATCH_CAMERA_NOT_IN_COMMUNE');
    assert.equal(((await (await mayor.send('POST', `/api/watch-requests/${other.id}/cancel`)).json()) as WatchView).state, 'cancelled');
  });

  it('goes from the mayor to the room lead and back, shows on the operator console and on the wall, and ends by itself', async (t) => {
    const leadPage = await pageAs('chef', '/demandes');
    const operatorPage = await pageAs('operateur', '/cameras');
    const mayorPage = await pageAs('maire.chartres', '/demandes');
    await leadPage.getByRole('heading', { name: /^À traiter/ }).waitFor();
    const waitingBefore = await listAs(lead, '?state=submitted');

    // The form refuses an end before the start, in French, and sends nothing.
    const form = mayorPage.getByRole('form', { name: 'Nouvelle demande de visionnage' });
    await form.getByLabel('Événement').fill(EVENT);
    await form.getByLabel('Contact pendant le visionnage').fill('M. le Maire, 06 11 22 33 44');
    // An area drawn on the commune's map around the first camera proposes it, and only it.
    const centre = async (cameraId: string): Promise<[number, number]> => {
      const box = await form.locator(`[data-testid="watch-area-map"] circle[data-camera-id="${cameraId}"]`).boundingBox();
      assert.ok(box !== null, `camera ${cameraId} is on the map`);
      return [box.x + box.width / 2, box.y + box.height / 2];
    };
    const [cx, cy] = await centre(chartresCameras[0] as string);
    const others = await Promise.all(chartresCameras.slice(1).map(centre));
    // A square around the first camera that stops short of the nearest other one.
    const half = Math.min(12, ...others.map(([x, y]) => Math.max(Math.abs(x - cx), Math.abs(y - cy)) - 1));
    assert.ok(half >= 3, `the cameras are apart on the map (${half} px)`);
    for (const [dx, dy] of [
      [-half, -half],
      [half, -half],
      [half, half],
      [-half, half],
    ] as const)
      await mayorPage.mouse.click(cx + dx, cy + dy);
    const ticked = async () => form.locator('.watch-camera-choice input').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { checked: boolean }).checked));
    const names = await form.locator('.watch-camera-choice').allTextContents();
    const firstName = (await (await lead.send('GET', `/api/cameras/${chartresCameras[0]}`)).json()) as { name: string };
    assert.deepEqual(
      await ticked(),
      names.map((n) => n.trim() === firstName.name),
      `ticked by the area: ${names.join(', ')}`,
    );
    t.diagnostic(`screenshot: ${await screenshot(mayorPage, 'watch-form-area')}`);
    for (const label of await form.locator('.watch-camera-choice').all()) await label.locator('input').check();
    await form.getByLabel('Motif').fill('Forte affluence attendue, risque de vols à la tire.');
    // The form takes whole minutes: a window on minute boundaries is exactly what is typed, so its end is known to the ms.
    const minute = 60_000;
    const start = Math.ceil((Date.now() + 30_000) / minute) * minute;
    const end = start + minute;
    const typeWindow = async (fromMs: number, toMs: number) => {
      await form.getByLabel('Début : date (JJ/MM/AAAA)').fill(parisDateFr(fromMs));
      await form.getByLabel('Début : heure (HH:MM, 24 h)').fill(parisTimeInput(fromMs));
      await form.getByLabel('Fin : date (JJ/MM/AAAA)').fill(parisDateFr(toMs));
      await form.getByLabel('Fin : heure (HH:MM, 24 h)').fill(parisTimeInput(toMs));
    };
    await typeWindow(end, start);
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    assert.equal((await form.getByRole('alert').textContent())?.trim(), 'La fin du créneau doit être postérieure à son début.');
    t.diagnostic(`screenshot: ${await screenshot(mayorPage, 'watch-form-end-before-start')}`);
    assert.equal((await listAs(lead, '?state=submitted')).length, waitingBefore.length, 'the refused form sent nothing');

    await typeWindow(start, end);
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await mayorPage.getByText('Demande envoyée au chef de salle.', { exact: false }).waitFor();
    const card = (page: Page) => page.locator('.watch-card', { hasText: EVENT });
    await card(mayorPage).getByText('En attente de réponse').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(mayorPage, 'watch-mayor-sent')}`);

    // The room lead's open page sees it arrive (count in the navigation, card in « À traiter »).
    await leadPage.getByTestId('watch-count').waitFor({ timeout: 15_000 });
    await card(leadPage).waitFor({ timeout: 15_000 });
    const wall = server.hasRoute('GET', '/api/wall');
    if (wall) await card(leadPage).getByLabel('Moniteur du mur').selectOption({ index: 1 });
    await card(leadPage).getByLabel('Note pour le maire (facultative)').fill('Moniteur 1 dès le début');
    t.diagnostic(`screenshot: ${await screenshot(leadPage, 'watch-lead-incoming')}`);
    await card(leadPage).getByRole('button', { name: 'Accepter' }).click();
    await leadPage.locator('section[aria-label="En cours et à venir"] .watch-card', { hasText: EVENT }).waitFor();
    const [request] = (await listAs(lead)).filter((r) => r.state === 'accepted' || r.state === 'active');
    assert.ok(request !== undefined, 'the request is accepted');
    assert.deepEqual([...(request.acceptedCameraIds ?? [])].sort(), [...chartresCameras].sort());

    // The mayor sees the answer.
    await card(mayorPage).getByText('Acceptée', { exact: true }).waitFor({ timeout: 15_000 });
    await card(mayorPage).getByText('acceptée par chef', { exact: false }).waitFor();
    t.diagnostic(`screenshot: ${await screenshot(mayorPage, 'watch-mayor-accepted')}`);
    assert.equal(await operatorPage.locator('.watch-banner').count(), 0, 'no banner before the start');

    // At its start: the operator's banner, and the cameras on the chosen wall monitor.
    const banner = operatorPage.locator('.watch-banner', { hasText: EVENT });
    await banner.waitFor({ timeout: 150_000 });
    assert.match((await banner.textContent()) ?? '', /Chartres/);
    assert.match((await banner.textContent()) ?? '', /jusqu’à \d{2}:\d{2}/);
    t.diagnostic(`screenshot: ${await screenshot(operatorPage, 'watch-operator-banner')}`);
    const active = await waitForValue(
      async () => (await (await lead.send('GET', `/api/watch-requests/${request.id}`)).json()) as WatchView,
      (r) => r.state === 'active',
      'the request active',
    );
    if (wall) {
      assert.equal(active.wallOutcome, 'shown', `wall outcome: ${active.wallOutcome}`);
      const monitor = await (await lead.send('GET', `/api/wall/monitors/${active.monitorId}`)).text();
      for (const cameraId of chartresCameras) assert.ok(monitor.includes(cameraId), `monitor ${active.monitorId} shows ${cameraId}: ${monitor.slice(0, 400)}`);
    } else {
      t.diagnostic('no wall in this build: the monitor step was not checked');
    }

    // At its end: the banner goes by itself, the request is ended by the timer.
    await banner.waitFor({ state: 'detached', timeout: 120_000 });
    const ended = (await (await mayor.send('GET', `/api/watch-requests/${request.id}`)).json()) as WatchView;
    assert.equal(ended.state, 'ended');
    assert.equal(ended.endCause, 'window');
    assert.ok(Date.now() >= end, 'it did not end before its end');
    t.diagnostic(`screenshot: ${await screenshot(operatorPage, 'watch-operator-after-end')}`);
    await card(mayorPage).getByText('Terminée', { exact: true }).waitFor({ timeout: 15_000 });
    t.diagnostic(`screenshot: ${await screenshot(mayorPage, 'watch-mayor-ended')}`);

    // The mayor of Lucé sees none of it.
    const lucePage = await pageAs('maire.luce', '/demandes');
    await lucePage.getByRole('heading', { name: 'Mes demandes' }).waitFor();
    await lucePage.getByText('Aucune demande sur les 31 derniers jours.').waitFor();
    assert.equal(await lucePage.locator('.watch-card').count(), 0);
    t.diagnostic(`screenshot: ${await screenshot(lucePage, 'watch-luce-mayor')}`);

    // Journaled: who did what, on which request, for which commune.
    const journal = (await (await admin.send('GET', `/api/journal?limit=500`)).json()) as { entries: { action: string; target: { id?: string; communeInsee?: string } | null }[] };
    const actions = journal.entries.filter((e) => e.target?.id === request.id).map((e) => e.action);
    for (const action of ['watch.submit', 'watch.accept', 'watch.activate', 'watch.end']) assert.ok(actions.includes(action), `${action} journaled: ${actions.join(', ')}`);
    assert.ok(journal.entries.filter((e) => e.target?.id === request.id).every((e) => e.target?.communeInsee === CHARTRES));
    await screenshot(leadPage, 'watch-lead-history');
  });
});

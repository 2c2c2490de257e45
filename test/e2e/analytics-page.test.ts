// The « Analyse algorithmique » page in Chromium on a demo server with a simulator camera: an administrator records
// a legal basis, is refused one that ends before it starts (French message, nothing written), activates the
// intrusion rule with a zone drawn on the camera's picture, sees its state (« En service », « Démarrage », or « À l’arrêt » with a
// French reason) and stops it after a confirmation; a room lead (analytics.read only) sees the rules without any
// control, a mayor (neither) has no entry in the navigation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { HttpSession } from './support/http-session.js';
import { DEMO_PASSWORD, loginThroughPage } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

const ddmmyyyy = (ms: number): string => new Date(ms).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' });
const DAY_MS = 86_400_000;

describe('analytics governance page', { timeout: 600_000 }, () => {
  let server: TestVigie;
  let browser: TestBrowser;
  let admin: HttpSession;
  before(async () => {
    server = await startTestVigie({ cameras: 1 });
    browser = await launchBrowser();
    admin = new HttpSession(server.baseUrl, { username: 'admin', password: DEMO_PASSWORD });
    assert.equal((await admin.login()).status, 200);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const bases = async (): Promise<Array<{ id: string; reference: string }>> => (await (await admin.send('GET', '/api/analytics/legal-bases')).json()) as Array<{ id: string; reference: string }>;
  const activations = async (): Promise<Array<{ id: string; state: string; rule: string; settings: { zone?: number[][] } }>> =>
    ((await (await admin.send('GET', '/api/analytics/activations')).json()) as { activations: Array<{ id: string; state: string; rule: string; settings: { zone?: number[][] } }> }).activations;

  it('an administrator records a basis, is refused a backwards one, draws an intrusion zone, sees its state and stops it', async () => {
    const page = await browser.newPage();
    await loginThroughPage(page, server.baseUrl, 'admin');
    await page.getByRole('link', { name: 'Analyse algorithmique' }).click();
    await page.getByRole('heading', { name: 'Analyse algorithmique' }).waitFor();

    const form = page.getByTestId('basis-form');
    await form.getByLabel('Autorité').fill('Préfet d’Eure-et-Loir');
    await form.getByLabel('Référence de l’acte').fill('Arrêté n° 2026-E2E');
    await form.getByLabel('Valable du (JJ/MM/AAAA)').fill(ddmmyyyy(Date.now() - DAY_MS));
    await form.getByLabel('au (JJ/MM/AAAA, inclus)').fill(ddmmyyyy(Date.now() + 30 * DAY_MS));
    await form.getByRole('button', { name: 'Enregistrer la base légale' }).click();
    await page.getByTestId('legal-bases').getByRole('cell', { name: 'Arrêté n° 2026-E2E' }).waitFor();
    await page
      .getByTestId('legal-bases')
      .getByText(`au ${ddmmyyyy(Date.now() + 30 * DAY_MS)} inclus`)
      .waitFor();
    assert.equal((await bases()).length, 1);

    // A validity that ends before it starts: a French sentence, nothing recorded.
    await form.getByLabel('Autorité').fill('Préfet d’Eure-et-Loir');
    await form.getByLabel('Référence de l’acte').fill('Arrêté à l’envers');
    await form.getByLabel('Valable du (JJ/MM/AAAA)').fill(ddmmyyyy(Date.now() + 20 * DAY_MS));
    await form.getByLabel('au (JJ/MM/AAAA, inclus)').fill(ddmmyyyy(Date.now() + 10 * DAY_MS));
    await form.getByRole('button', { name: 'Enregistrer la base légale' }).click();
    const refusal = page.getByTestId('basis-message');
    await refusal.filter({ hasText: 'La fin de validité doit être postérieure au début.' }).waitFor();
    await screenshot(page, 'analytics-basis-refused');
    assert.doesNotMatch((await refusal.textContent()) ?? '', /VIGIE_|validTo/);
    assert.deepEqual(
      (await bases()).map((b) => b.reference),
      ['Arrêté n° 2026-E2E'],
    );

    // Activate the intrusion rule with a zone drawn on the camera's picture.
    const activation = page.getByTestId('activation-form');
    await activation.getByLabel('Caméra').selectOption({ index: 1 });
    await activation.getByLabel('Règle').selectOption('intrusion');
    await activation.getByText('Les personnes très petites à l’image').waitFor();
    const canvas = activation.getByTestId('zone-canvas');
    await canvas.waitFor({ timeout: 60_000 });
    const box = await canvas.boundingBox();
    assert.ok(box !== null);
    const at = (x: number, y: number) => ({ position: { x: box.width * x, y: box.height * y } });
    for (const [x, y] of [
      [0.2, 0.2],
      [0.7, 0.25],
      [0.75, 0.8],
      [0.25, 0.75],
      [0.2, 0.2],
    ] as const)
      await canvas.click(at(x, y));
    await activation.getByTestId('zone-state').filter({ hasText: 'Zone fermée (4 points).' }).waitFor();
    await activation.getByLabel('secondes de présence dans la zone').fill('2');
    await screenshot(page, 'analytics-zone-drawn');
    await activation.getByRole('button', { name: 'Mettre en service' }).click();
    await activation.getByTestId('activation-message').filter({ hasText: 'mise en service' }).waitFor();

    const [stored] = await activations();
    assert.equal(stored?.rule, 'intrusion');
    assert.equal(stored?.state, 'active');
    assert.equal(stored?.settings.zone?.length, 4);
    const zone = stored?.settings.zone ?? [];
    assert.ok(Math.abs((zone[1]?.[0] ?? 0) - 0.7) < 0.02, `zone drawn where clicked: ${JSON.stringify(zone)}`);

    const card = page.getByTestId('activation');
    await card.getByText('Intrusion en zone interdite').waitFor();
    await card.getByText('secondes de présence dans la zone : 2').waitFor();
    await card.getByText('Arrêté n° 2026-E2E — valable jusqu’au').waitFor();
    const state = await waitForValue(
      async () => (await card.getByTestId('activation-state').textContent()) ?? '',
      (text) => text === 'En service' || text.startsWith('À l’arrêt — ') || text.startsWith('Démarrage — '),
      'the rule state',
    );
    assert.doesNotMatch(state, /Error|ENOENT|undefined|null/);
    await screenshot(page, 'analytics-rule-state');

    await card.getByRole('button', { name: 'Arrêter la règle' }).click();
    await card.getByRole('button', { name: 'Confirmer l’arrêt' }).click();
    await page.getByText('Aucune règle en service').waitFor();
    await page.getByText('Règles arrêtées (1)').click();
    await page.getByTestId('stopped-activation').getByText('À l’arrêt : Arrêtée par').waitFor();
    await screenshot(page, 'analytics-rule-stopped');
    assert.equal((await activations())[0]?.state, 'stopped');
    await page.close();
  });

  it('a room lead sees the rules without controls; a mayor has no entry', async () => {
    const [basis] = await bases();
    const cameras = (await (await admin.send('GET', '/api/cameras')).json()) as Array<{ id: string }>;
    const created = await admin.send('POST', '/api/analytics/activations', { cameraId: cameras[0]?.id, rule: 'fire', legalBasisId: basis?.id });
    assert.equal(created.status, 201, await created.text());

    const lead = await browser.newPage();
    await loginThroughPage(lead, server.baseUrl, 'chef');
    await lead.getByRole('link', { name: 'Analyse algorithmique' }).click();
    await lead.getByTestId('activation').getByText('Départ de feu').waitFor();
    await lead.getByTestId('activation').getByText('Heuristique de couleur').waitFor();
    await lead.getByTestId('false-alarm-rate').waitFor();
    assert.equal(await lead.getByTestId('basis-form').count(), 0);
    assert.equal(await lead.getByTestId('activation-form').count(), 0);
    assert.equal(await lead.getByRole('button', { name: 'Arrêter la règle' }).count(), 0);
    await screenshot(lead, 'analytics-room-lead');
    await lead.close();

    const mayor = await browser.newPage();
    await loginThroughPage(mayor, server.baseUrl, 'maire.chartres');
    assert.equal(await mayor.getByRole('link', { name: 'Analyse algorithmique' }).count(), 0);
    await mayor.close();
  });
});

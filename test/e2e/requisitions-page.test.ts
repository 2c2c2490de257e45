// Issue 14 in Chromium: an investigator registers a requisition in « Réquisitions » (a malformed reference is
// refused first, in French, nothing written), the room lead validates it with an end date typed JJ/MM/AAAA, and
// the investigator's card then offers the playback limited to its cameras and range, and the extension request;
// an extension to another camera asked in the console, granted by the room lead, then (only then) his.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { formatParisTime, parisDateFr } from '../../web/src/time/paris.js';
import { screenshot } from './support/browser.js';
import { useBrowserWorld } from './support/browser-world.js';
import { waitForRecording } from './support/footage.js';
import type { HttpSession } from './support/http-session.js';
import { revealMarker } from './support/map.js';
import { investigatorIdOf, requisitionInForce } from './support/requisition.js';
import { loginThroughPage } from './support/session.js';

const started = useBrowserWorld();

/** A camera as the console names it: « name (commune) ». */
async function cameraLabel(admin: HttpSession, cameraId: string): Promise<string> {
  const response = await admin.send('GET', `/api/cameras/${encodeURIComponent(cameraId)}`);
  assert.equal(response.status, 200, 'fixture: the administrator reads the camera');
  const camera = (await response.json()) as { name: string; communeName: string };
  return `${camera.name} (${camera.communeName})`;
}

/** Fills the registration form but its cameras: a reference, the requesting officer, two minutes from `fromMs`. */
async function fillRequest(form: Locator, reference: string, fromMs: number): Promise<void> {
  const toMs = fromMs + 2 * 60_000;
  await form.getByLabel('Référence de procédure').fill(reference);
  await form.getByLabel('Officier requérant').fill('Lieutenant Martin');
  await form.getByLabel('Service').fill('Commissariat de Chartres');
  await form.getByLabel('Contact').fill('02 37 11 11 11');
  await form.getByLabel('Fondement juridique').fill('art. 60-1 du code de procédure pénale');
  await form.getByLabel('Motif').fill('cambriolage');
  await form.getByLabel('Du (JJ/MM/AAAA)').fill(parisDateFr(fromMs));
  await form.getByLabel('à (HH:MM)').first().fill(formatParisTime(fromMs).slice(0, 5));
  await form.getByLabel('Au (JJ/MM/AAAA)').fill(parisDateFr(toMs));
  await form.getByLabel('à (HH:MM)').last().fill(formatParisTime(toMs).slice(0, 5));
}

/** The screen box of a camera's own marker, clicked through the clusters that hold it, the whole territory shown first. */
async function markerBox(page: Page, cameraId: string): Promise<{ x: number; y: number; width: number; height: number }> {
  await page.getByRole('button', { name: 'Ajuster' }).click();
  await revealMarker(page, cameraId);
  const box = await page.locator(`.map-camera[data-camera-id="${cameraId}"] .map-dot`).boundingBox();
  assert.ok(box !== null, `the marker of ${cameraId} is drawn`);
  return box;
}

describe('requisitions page', () => {
  it('an investigator registers, the room lead validates, the investigator is offered his scope', async (t) => {
    const { world, browser } = started;
    const [recent] = await waitForRecording(world.admin, [world.cameras.in], Date.now() - 120_000, 4);
    assert.ok(recent !== undefined);
    const fromMs = Math.floor(recent.fromMs / 60_000) * 60_000;
    const toMs = fromMs + 2 * 60_000;
    const investigator = world.credentials.get('investigator') as { username: string; password: string };
    const lead = world.credentials.get('room_lead') as { username: string; password: string };
    const page = await browser.newPage();

    await loginThroughPage(page, world.baseUrl, investigator.username, investigator.password);
    await page.getByRole('link', { name: 'Réquisitions' }).click();
    await page.getByRole('heading', { name: 'Réquisitions judiciaires' }).waitFor();
    const form = page.getByRole('form', { name: 'Nouvelle réquisition' });
    await form.getByLabel('Référence de procédure').fill('PV 42');
    await form.getByLabel('Officier requérant').fill('Capitaine Durand');
    await form.getByLabel('Service').fill('Brigade de recherches de Chartres');
    await form.getByLabel('Contact').fill('02 37 00 00 00');
    await form.getByLabel('Fondement juridique').fill('art. 77-1-1 du code de procédure pénale');
    await form.getByLabel('Motif').fill('vol avec violence');
    // The camera found by its name in the form's list (the accessible alternative to its map), named « Nom (Commune) ».
    const inLabel = await cameraLabel(world.admin, world.cameras.in);
    await form.getByLabel('Rechercher une caméra par son nom').fill(inLabel.slice(0, inLabel.lastIndexOf(' (')));
    await form.getByRole('button', { name: `Ajouter ${inLabel}` }).click();
    await form.getByRole('list', { name: 'Caméras retenues' }).getByText(inLabel).waitFor();
    await form.getByLabel('Du (JJ/MM/AAAA)').fill(parisDateFr(fromMs));
    await form.getByLabel('à (HH:MM)').first().fill(formatParisTime(fromMs).slice(0, 5));
    await form.getByLabel('Au (JJ/MM/AAAA)').fill(parisDateFr(toMs));
    await form.getByLabel('à (HH:MM)').last().fill(formatParisTime(toMs).slice(0, 5));
    await form.getByRole('button', { name: 'Enregistrer la réquisition' }).click();
    await form.getByText('La référence de procédure doit avoir la forme AAAA/NNNNN').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-bad-reference')}`);
    assert.equal((await world.database.db.selectFrom('requisitions').select('id').execute()).length, 0, 'nothing written');

    await form.getByLabel('Référence de procédure').fill('2026/004512');
    await form.getByRole('button', { name: 'Enregistrer la réquisition' }).click();
    const card = page.getByRole('article', { name: 'Réquisition 2026/004512' });
    await card.getByText('Enregistrée — en attente de validation').waitFor();
    // The card names the camera and its commune, never its identifier (he may not list the estate: the server names them).
    await card.getByText(`Caméras : ${await cameraLabel(world.admin, world.cameras.in)}.`, { exact: false }).waitFor();
    assert.equal(await card.getByText(world.cameras.in, { exact: false }).count(), 0, 'no camera identifier on the card');
    assert.equal(await card.getByRole('link', { name: /Ouvrir la relecture/ }).count(), 0, 'no playback before validation');

    await loginThroughPage(page, world.baseUrl, lead.username, lead.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    const leadCard = page.getByRole('article', { name: 'Réquisition 2026/004512' });
    const until = Date.now() + 2 * 86_400_000;
    await leadCard.getByLabel('Accès jusqu’au (JJ/MM/AAAA)').fill(parisDateFr(until));
    await leadCard.getByLabel('Motif / note').fill('vu, conforme');
    await leadCard.getByRole('button', { name: 'Valider' }).click();
    await leadCard.getByText('Validée', { exact: true }).waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-validated-lead')}`);

    await loginThroughPage(page, world.baseUrl, investigator.username, investigator.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    const mine = page.getByRole('article', { name: 'Réquisition 2026/004512' });
    await mine.getByText(`Accès jusqu’au ${parisDateFr(until)} 23:59.`).waitFor();
    const playback = mine.getByRole('link', { name: 'Ouvrir la relecture (périmètre de la réquisition)' });
    assert.equal(await playback.getAttribute('href'), `/relecture?cameras=${world.cameras.in}&at=${fromMs}`);
    await mine.getByRole('button', { name: 'Demander une extension' }).waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-investigator-validated')}`);
    await page.close();
  });

  it('the investigator asks to extend his scope to another camera; the room lead grants it; only then is it his', async (t) => {
    const { world, browser } = started;
    const [recent] = await waitForRecording(world.admin, [world.cameras.in, world.cameras.out], Date.now() - 120_000, 4);
    assert.ok(recent !== undefined);
    const lead = world.sessions.get('room_lead') as HttpSession;
    await requisitionInForce(lead, {
      reference: '2026/004600',
      cameraIds: [world.cameras.in],
      fromMs: recent.fromMs,
      toMs: recent.fromMs + 4000,
      investigatorId: await investigatorIdOf(world),
    });
    const investigatorApi = world.sessions.get('investigator') as HttpSession;
    const otherStill = () => investigatorApi.send('GET', `/api/cameras/${world.cameras.out}/snapshot?at=${recent.fromMs + 1000}`);
    assert.equal((await otherStill()).status, 403, 'not his camera');
    const investigator = world.credentials.get('investigator') as { username: string; password: string };
    const leadCredentials = world.credentials.get('room_lead') as { username: string; password: string };
    const page = await browser.newPage();

    await loginThroughPage(page, world.baseUrl, investigator.username, investigator.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    const mine = page.getByRole('article', { name: 'Réquisition 2026/004600' });
    await mine.getByRole('button', { name: 'Demander une extension' }).click();
    const form = mine.getByRole('form', { name: 'Demande d’extension' });
    assert.equal(await form.getByLabel('Du (JJ/MM/AAAA)').inputValue(), parisDateFr(recent.fromMs), 'the range granted, in French');
    // Nothing beyond the scope: refused in French, nothing asked.
    await form.getByLabel('Motif de l’extension').fill('le suspect part vers Lucé');
    await form.getByRole('button', { name: 'Envoyer la demande d’extension' }).click();
    await form.getByText("L'extension ne demande rien de plus que la réquisition").waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-extension-empty')}`);
    // He picks it by name among the neighbours of his scope (the server's list: he may not list the estate).
    await form.getByLabel('Caméras à ajouter (Ctrl + clic pour plusieurs)').selectOption(world.cameras.out);
    await form.getByRole('button', { name: 'Envoyer la demande d’extension' }).click();
    const extensions = mine.getByRole('region', { name: 'Extensions demandées' });
    await extensions.getByText('en attente de décision').waitFor();
    const outLabel = await cameraLabel(world.admin, world.cameras.out);
    await extensions.getByText(`caméra ${outLabel} en plus`, { exact: false }).waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-extension-asked')}`);
    assert.equal((await otherStill()).status, 403, 'still not his before the decision');

    await loginThroughPage(page, world.baseUrl, leadCredentials.username, leadCredentials.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    const leadCard = page.getByRole('article', { name: 'Réquisition 2026/004600' });
    await leadCard.getByRole('button', { name: 'Refuser l’extension' }).click();
    await leadCard.getByText('Indiquez le motif').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-extension-lead-pending')}`);
    await leadCard.getByLabel('Motif de la décision (obligatoire pour un refus)').fill('conforme à la procédure');
    await leadCard.getByRole('button', { name: 'Accorder l’extension' }).click();
    await leadCard.getByText('accordée', { exact: true }).waitFor();
    const granted = [world.cameras.in, world.cameras.out].sort();
    await leadCard.getByText(`Caméras : ${(await Promise.all(granted.map((id) => cameraLabel(world.admin, id)))).join(', ')}.`, { exact: false }).waitFor();
    assert.equal(await leadCard.getByText(world.cameras.out, { exact: false }).count(), 0, 'no camera identifier on the card');
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-extension-granted')}`);
    // The room lead asking on the investigator's behalf picks from the same list: the neighbours not yet granted, by name.
    await leadCard.getByRole('button', { name: 'Demander une extension' }).click();
    const picker = leadCard.getByRole('form', { name: 'Demande d’extension' }).getByLabel('Caméras à ajouter (Ctrl + clic pour plusieurs)');
    await picker.locator('option').first().waitFor();
    const offered = await picker.locator('option').evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
    assert.ok(offered.length > 0 && !offered.includes(world.cameras.in) && !offered.includes(world.cameras.out), `offered: ${offered.join(', ')}`);
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-extension-lead-picker')}`);
    const still = await otherStill();
    assert.equal(still.status, 200, `granted: a still of the added camera (${still.status})`);
    await page.close();
  });

  it('an investigator chooses cameras on the map: two by clicking their markers, then an area drawn around one', async (t) => {
    const { world, browser } = started;
    const investigator = world.credentials.get('investigator') as { username: string; password: string };
    const investigatorApi = world.sessions.get('investigator') as HttpSession;
    const stored = async (reference: string): Promise<string[]> => {
      const listed = (await (await investigatorApi.send('GET', '/api/requisitions')).json()) as Array<{ reference: string; cameraIds: string[] }>;
      const found = listed.find((r) => r.reference === reference);
      assert.ok(found !== undefined, `requisition ${reference} stored`);
      return [...found.cameraIds].sort();
    };
    const picked = [world.cameras.in, world.cameras.out];
    const [recent] = await waitForRecording(world.admin, picked, Date.now() - 120_000, 4);
    assert.ok(recent !== undefined);
    const fromMs = Math.floor(recent.fromMs / 60_000) * 60_000;
    const page = await browser.newPage();
    await loginThroughPage(page, world.baseUrl, investigator.username, investigator.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    const form = page.getByRole('form', { name: 'Nouvelle réquisition' });
    const legend = form.getByLabel('Légende');
    await legend.getByText('Retenue', { exact: true }).waitFor();
    assert.equal(await legend.getByText('En ligne').count(), 0, 'the legend says what green means here: chosen, not online');

    // Two cameras of two communes, each clicked on its marker (through its cluster when markers overlap).
    await fillRequest(form, '2026/004701', fromMs);
    for (const id of picked) {
      await markerBox(page, id);
      await page.locator(`.map-camera[data-camera-id="${id}"] .map-dot`).click();
      await form
        .getByRole('list', { name: 'Caméras retenues' })
        .getByText(await cameraLabel(world.admin, id))
        .waitFor();
    }
    await page.locator(`.map-camera[data-camera-id="${world.cameras.out}"] .map-dot`).hover();
    await page.getByRole('tooltip').getByText('Retenue').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-map-clicked')}`);
    await form.getByRole('button', { name: 'Enregistrer la réquisition' }).click();
    await page.getByRole('article', { name: 'Réquisition 2026/004701' }).waitFor();
    assert.deepEqual(await stored('2026/004701'), [...picked].sort(), 'the two cameras clicked, and only them');

    // An area drawn around one camera's marker: the server finds the cameras the form listed before submitting.
    await fillRequest(form, '2026/004702', fromMs);
    const box = await markerBox(page, world.cameras.in);
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await form.getByRole('button', { name: 'Tracer une zone' }).click();
    for (const [dx, dy] of [
      [-18, -18],
      [18, -18],
      [18, 18],
      [-18, 18],
    ] as const)
      await page.mouse.click(cx + dx, cy + dy);
    await form.getByRole('button', { name: 'Terminer la zone' }).click();
    const listed = (await form.getByTestId('area-cameras').locator('li').allTextContents()).sort();
    const inLabel = await cameraLabel(world.admin, world.cameras.in);
    assert.ok(listed.includes(inLabel), `the area holds the camera drawn around: ${listed.join(', ')}`);
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-map-area')}`);
    await form.getByRole('button', { name: 'Enregistrer la réquisition' }).click();
    await page.getByRole('article', { name: 'Réquisition 2026/004702' }).waitFor();
    const kept = await Promise.all((await stored('2026/004702')).map((id) => cameraLabel(world.admin, id)));
    assert.deepEqual(kept.sort(), listed, 'the server stored the cameras the form listed in the area');
    await page.close();
  });
});

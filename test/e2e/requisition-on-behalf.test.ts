// Issue 14, « an investigator, or the room lead on his behalf, registers a requisition », in Chromium: the room lead
// names the investigator in the registration form (« Enquêteur destinataire », searched by name among the active
// investigator accounts, which GET /api/requisitions/investigators lists for him alone — id, name, username); the
// form refuses in French to register for nobody; the investigator then finds it among his own, saying who registered
// it for him, and another investigator does not see it. With no active investigator account the form says who
// creates one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import type { Role } from '../../src/access/index.js';
import { formatParisTime, parisDateFr } from '../../web/src/time/paris.js';
import { strongPassword, type AccessWorld } from './support/access-world.js';
import { screenshot } from './support/browser.js';
import { useBrowserWorld } from './support/browser-world.js';
import { waitForRecording } from './support/footage.js';
import type { HttpSession } from './support/http-session.js';
import { requisitionBody } from './support/requisition.js';
import { loginThroughPage } from './support/session.js';

const started = useBrowserWorld();
const DAY_MS = 86_400_000;

/** An investigator account that cannot act now (created by the administrator, never logged in). */
async function inactiveInvestigator(world: AccessWorld, fields: Record<string, unknown>, disable = false): Promise<string> {
  const username = `t.inactif.${Math.random().toString(36).slice(2, 8)}`;
  const created = await world.admin.send('POST', '/api/users', { username, role: 'investigator', password: strongPassword(), displayName: `Inactif ${username}`, ...fields });
  assert.equal(created.status, 201, `fixture: ${await created.clone().text()}`);
  const { id } = (await created.json()) as { id: string };
  if (disable) assert.equal((await world.admin.send('PATCH', `/api/users/${id}`, { disabled: true })).status, 200, 'fixture: disabled');
  return id;
}

/** The registration form's fields but its cameras and its investigator: a reference, the officer, two minutes from `fromMs`. */
async function fillRequest(form: Locator, reference: string, fromMs: number): Promise<void> {
  const toMs = fromMs + 2 * 60_000;
  await form.getByLabel('Référence de procédure').fill(reference);
  await form.getByLabel('Officier requérant').fill('Capitaine Durand');
  await form.getByLabel('Service', { exact: true }).fill('Brigade de recherches de Chartres');
  await form.getByLabel('Contact').fill('02 37 00 00 00');
  await form.getByLabel('Fondement juridique').fill('art. 77-1-1 du code de procédure pénale');
  await form.getByLabel('Motif').fill('vol à l’arraché, rue du Bois-Merrain');
  await form.getByLabel('Du (JJ/MM/AAAA)').fill(parisDateFr(fromMs));
  await form.getByLabel('à (HH:MM)').first().fill(formatParisTime(fromMs).slice(0, 5));
  await form.getByLabel('Au (JJ/MM/AAAA)').fill(parisDateFr(toMs));
  await form.getByLabel('à (HH:MM)').last().fill(formatParisTime(toMs).slice(0, 5));
}

describe('a requisition registered by the room lead on an investigator’s behalf', () => {
  it('lists the active investigators to the room lead only, with their names and nothing more', async () => {
    const { world } = started;
    const lead = world.sessions.get('room_lead') as HttpSession;
    const disabled = await inactiveInvestigator(world, {}, true);
    const expired = await inactiveInvestigator(world, { validFrom: new Date(Date.now() - 10 * DAY_MS).toISOString(), validUntil: new Date(Date.now() - DAY_MS).toISOString() });
    const notYet = await inactiveInvestigator(world, { validFrom: new Date(Date.now() + DAY_MS).toISOString() });
    const listed = await lead.send('GET', '/api/requisitions/investigators');
    assert.equal(listed.status, 200);
    const { investigators } = (await listed.json()) as { investigators: Array<Record<string, unknown>> };
    const ids = investigators.map((account) => account['id']);
    const { username } = world.credentials.get('investigator') as { username: string };
    assert.ok(
      investigators.some((account) => account['username'] === username),
      'the world’s investigator is offered',
    );
    for (const id of [disabled, expired, notYet]) assert.ok(!ids.includes(id), `an inactive investigator (${id}) is not offered`);
    for (const role of ['room_lead', 'operator', 'mayor', 'auditor'] as const) {
      const { username: other } = world.credentials.get(role) as { username: string };
      assert.ok(!investigators.some((account) => account['username'] === other), `no ${role} account offered`);
    }
    for (const account of investigators) assert.deepEqual(Object.keys(account).sort(), ['displayName', 'id', 'username'], 'id, name and username only');
    const names = investigators.map((account) => String(account['displayName']));
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base', numeric: true })),
      'by name',
    );

    for (const role of ['investigator', 'mayor', 'operator', 'administrator', 'auditor'] satisfies Role[]) {
      assert.equal((await (world.sessions.get(role) as HttpSession).send('GET', '/api/requisitions/investigators')).status, 403, `${role} may not list investigators`);
    }
    // Registering for an inactive one is refused in French, nothing written.
    const before = (await world.database.db.selectFrom('requisitions').select('id').execute()).length;
    const refused = await lead.send('POST', '/api/requisitions', requisitionBody({ cameraIds: [world.cameras.in], fromMs: Date.now() - 60_000, toMs: Date.now(), investigatorId: disabled }));
    assert.equal(refused.status, 400);
    const problem = (await refused.json()) as { error: string; message: string };
    assert.equal(problem.error, 'VIGIE_REQUISITION_INVESTIGATOR_INVALID');
    assert.match(problem.message, /compte enquêteur actif/);
    assert.equal((await world.database.db.selectFrom('requisitions').select('id').execute()).length, before, 'nothing written');
  });

  it('the room lead names the investigator in the form; he sees it as his, another investigator does not', async (t) => {
    const { world, browser } = started;
    const [recent] = await waitForRecording(world.admin, [world.cameras.in], Date.now() - 120_000, 4);
    assert.ok(recent !== undefined);
    const fromMs = Math.floor(recent.fromMs / 60_000) * 60_000;
    const chosen = await world.addAccount('investigator', { displayName: 'Lieutenant Aline Marchand' });
    const lead = world.credentials.get('room_lead') as { username: string; password: string };
    const other = world.credentials.get('investigator') as { username: string; password: string };
    const reference = 'BR-CHARTRES 2026/007311';
    const page = await browser.newPage();

    await loginThroughPage(page, world.baseUrl, lead.username, lead.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    await page.getByRole('button', { name: 'Enregistrer une réquisition pour le compte d’un enquêteur' }).click();
    const form = page.getByRole('form', { name: 'Nouvelle réquisition' });
    const picker = form.getByLabel('Enquêteur destinataire');
    await picker.locator('option', { hasText: 'Lieutenant Aline Marchand' }).waitFor({ state: 'attached' });
    await fillRequest(form, reference, fromMs);
    const camera = (await (await world.admin.send('GET', `/api/cameras/${world.cameras.in}`)).json()) as { name: string; communeName: string };
    await form.getByLabel('Rechercher une caméra par son nom').fill(camera.name);
    await form.getByRole('button', { name: `Ajouter ${camera.name} (${camera.communeName})` }).click();
    // Nobody named: refused in French before asking, nothing written.
    await form.getByRole('button', { name: 'Enregistrer la réquisition' }).click();
    await form.getByText('Choisissez l’enquêteur destinataire').waitFor();
    assert.equal((await world.database.db.selectFrom('requisitions').select('id').where('reference', '=', reference).execute()).length, 0, 'nothing written');

    // Searched by name: the list narrows to him.
    await form.getByLabel('Rechercher un enquêteur par son nom').fill('marchand');
    const offered = await picker.locator('option').allTextContents();
    assert.deepEqual(offered, ['— Choisir l’enquêteur —', `Lieutenant Aline Marchand (${chosen.username})`], `offered: ${offered.join(' | ')}`);
    await picker.selectOption(chosen.id);
    await form.getByRole('group', { name: 'Pour le compte de' }).scrollIntoViewIfNeeded();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-on-behalf-form')}`);
    await form.getByRole('button', { name: 'Enregistrer la réquisition' }).click();
    await form.getByText(`Réquisition enregistrée pour le compte de Lieutenant Aline Marchand (${chosen.username})`).waitFor();
    const card = page.getByRole('article', { name: `Réquisition ${reference}` });
    await card.getByText(`Enquêteur : ${chosen.username}.`, { exact: false }).waitFor();
    await card.getByText(`par ${lead.username}, pour le compte de l’enquêteur.`, { exact: false }).waitFor();
    const stored = await world.database.db.selectFrom('requisitions').select(['investigator_id', 'registered_by']).where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { investigator_id: chosen.id, registered_by: lead.username }, 'stored for him, by the room lead');
    await card.scrollIntoViewIfNeeded();
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-on-behalf-lead-card')}`);
    // The register says who registered it, beside its investigator.
    const register = await (world.sessions.get('room_lead') as HttpSession).send('GET', '/api/registers/requisitions/csv');
    const row = (await register.text()).split('\n').find((line) => line.includes(reference));
    assert.ok(row?.includes(chosen.username) === true && row.includes(lead.username), `the register's row: ${row ?? 'none'}`);

    // He finds it among his own, saying who registered it for him; his form has no chooser.
    await loginThroughPage(page, world.baseUrl, chosen.username, chosen.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    const his = page.getByRole('article', { name: `Réquisition ${reference}` });
    await his.getByText('Enregistrée — en attente de validation').waitFor();
    await his.getByText(`par ${lead.username}, pour le compte de l’enquêteur.`, { exact: false }).waitFor();
    assert.equal(await page.getByLabel('Enquêteur destinataire').count(), 0, 'no chooser for an investigator');
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-on-behalf-investigator')}`);

    // Another investigator does not see it, nor reach it by its id.
    await loginThroughPage(page, world.baseUrl, other.username, other.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    await page.getByText('Aucune réquisition enregistrée.').waitFor();
    assert.equal(await page.getByRole('article', { name: `Réquisition ${reference}` }).count(), 0, 'not his');
    const { id } = await world.database.db.selectFrom('requisitions').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.equal((await (world.sessions.get('investigator') as HttpSession).send('GET', `/api/requisitions/${id}`)).status, 404);
    await page.close();
  });

  it('with no active investigator account, the form says who creates one', async (t) => {
    const { world, browser } = started;
    const accounts = (await (await world.admin.send('GET', '/api/users')).json()) as Array<{ id: string; role: string; disabled: boolean }>;
    for (const account of accounts.filter((a) => a.role === 'investigator' && !a.disabled)) {
      assert.equal((await world.admin.send('PATCH', `/api/users/${account.id}`, { disabled: true })).status, 200, 'fixture: disabled');
    }
    const lead = world.credentials.get('room_lead') as { username: string; password: string };
    const page = await browser.newPage();
    await loginThroughPage(page, world.baseUrl, lead.username, lead.password);
    await page.goto(`${world.baseUrl}/requisitions`);
    await page.getByRole('button', { name: 'Enregistrer une réquisition pour le compte d’un enquêteur' }).click();
    const empty = page.getByTestId('no-investigator');
    await empty.getByText('Aucun compte enquêteur actif').waitFor();
    assert.match(await empty.innerText(), /administrateur de Vigie de créer son compte/);
    // Nothing to fill in vain: the form holds the explanation and the close button alone.
    const form = page.getByRole('form', { name: 'Nouvelle réquisition' });
    assert.equal(await form.getByLabel('Référence de procédure').count(), 0, 'no procedure field without an investigator');
    assert.equal(await form.getByRole('button', { name: 'Enregistrer la réquisition' }).count(), 0, 'no register button without an investigator');
    assert.equal(await form.getByRole('button', { name: 'Fermer le formulaire' }).count(), 1, 'the form can be closed');
    t.diagnostic(`screenshot: ${await screenshot(page, 'requisition-on-behalf-none')}`);
    await page.close();
  });
});

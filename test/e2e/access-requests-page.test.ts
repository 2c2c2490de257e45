// Issue 14 in Chromium, citizens' access requests (RGPD art. 15): the room lead registers a person's request in
// « Demandes d'accès » (date, hours, place, camera, description, requester: held at once, answer due within a
// month), draws the requester's box on a recorded still, answers by an export in which everything outside that box
// is blurred (measured on the downloaded file against a sharp still), closes it, and finds it in the printable
// register of access requests. A request past its deadline stands out.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatParisTime, parisDateFr, RANGE_FORMAT_MESSAGE } from '../../web/src/time/paris.js';
import { blurProblem, measureBlur } from './support/blur-check.js';
import { screenshot, waitForValue } from './support/browser.js';
import { useBrowserWorld } from './support/browser-world.js';
import { waitForRecording } from './support/footage.js';
import type { HttpSession } from './support/http-session.js';
import { loginThroughPage } from './support/session.js';

const started = useBrowserWorld();

describe('access requests page', () => {
  it('a request is registered, answered by a blurred export of everything but the chosen box, closed, and listed in the register', async (t) => {
    const { world, browser } = started;
    const [recent] = await waitForRecording(world.admin, [world.cameras.in], Date.now() - 120_000, 4);
    assert.ok(recent !== undefined);
    const fromMs = Math.ceil(recent.fromMs / 60_000) * 60_000;
    const toMs = fromMs + 60_000;
    // The still shown to draw the box is the range's middle: let the recording reach it.
    while (Date.now() < fromMs + 36_000) await new Promise((resolve) => setTimeout(resolve, 1000));
    const lead = world.credentials.get('room_lead') as { username: string; password: string };
    const page = await browser.newPage();
    await loginThroughPage(page, world.baseUrl, lead.username, lead.password);
    await page.getByRole('link', { name: 'Demandes d’accès' }).click();
    await page.getByRole('heading', { name: 'Demandes d’accès aux images (RGPD art. 15)' }).waitFor();
    await page.getByText('Aucune demande en cours.').waitFor();

    const form = page.getByRole('form', { name: 'Nouvelle demande d’accès' });
    await form.getByLabel('Nom du demandeur').fill('Mme Martin');
    await form.getByLabel('Contact (adresse, téléphone, courriel)').fill('martin@example.fr');
    await form.getByLabel('Le (JJ/MM/AAAA)').fill('31/02/2026');
    await form.getByLabel('De (HH:MM)').fill(formatParisTime(fromMs).slice(0, 5));
    await form.getByLabel('à (HH:MM)').fill(formatParisTime(toMs).slice(0, 5));
    await form.getByLabel('Lieu', { exact: true }).fill('parvis de la gare');
    await form.getByLabel('Caméras du lieu').selectOption(world.cameras.in);
    await form.getByLabel('Description (tenue, ce qu’il faisait)').fill('manteau rouge, attend le bus');
    await form.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await form.getByText(RANGE_FORMAT_MESSAGE).waitFor();
    assert.equal((await world.database.db.selectFrom('access_requests').select('id').execute()).length, 0, 'nothing written on a bad date');
    await form.getByLabel('Le (JJ/MM/AAAA)').fill(parisDateFr(fromMs));
    await form.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await form.getByText('Demande enregistrée : les images sont gelées, la réponse est due dans un mois.').waitFor();

    const card = page.getByRole('article', { name: 'Demande de Mme Martin' });
    await card.getByText('À traiter').waitFor();
    const deadline = await card.getByTestId('access-deadline').textContent();
    assert.match(deadline ?? '', /^Réponse due le \d{2}\/\d{2}\/\d{4} \((30|31) jours restants\)$/);
    const [row] = await world.database.db.selectFrom('access_requests').selectAll().execute();
    assert.ok(row !== undefined);
    assert.equal(row.description, 'parvis de la gare — manteau rouge, attend le bus');
    const holds = (await (await world.admin.send('GET', '/api/retention/holds')).json()) as Array<{ id: string; kind: string }>;
    assert.equal(holds.find((hold) => hold.id === row.hold_id)?.kind, 'access-request', 'held at once');

    await card.getByRole('button', { name: 'Répondre par un export flouté…' }).click();
    const frame = card.getByTestId('box-frame');
    const src = (await frame.locator('img').getAttribute('src')) ?? '';
    const stillStatus = (await (world.sessions.get('room_lead') as HttpSession).send('GET', src)).status;
    assert.equal(stillStatus, 200, `the still to draw on (${src})`);
    await waitForValue(
      () => frame.locator('img').evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth > 0),
      (loaded) => loaded,
      'the recorded still shown',
      30_000,
    );
    await frame.scrollIntoViewIfNeeded();
    const bounds = await frame.boundingBox();
    assert.ok(bounds !== null);
    await page.mouse.move(bounds.x + bounds.width * 0.25, bounds.y + bounds.height * 0.25);
    await page.mouse.down();
    await page.mouse.move(bounds.x + bounds.width * 0.5, bounds.y + bounds.height * 0.5, { steps: 4 });
    await page.mouse.move(bounds.x + bounds.width * 0.75, bounds.y + bounds.height * 0.75, { steps: 4 });
    await page.mouse.up();
    t.diagnostic(`screenshot: ${await screenshot(page, 'access-request-box')}`);
    await card.getByRole('button', { name: 'Exporter en floutant les tiers' }).click();
    await card.getByText('Répondue').waitFor({ timeout: 180_000 });
    const link = card.getByRole('link', { name: 'Télécharger l’export flouté' });
    const href = await link.getAttribute('href');
    const answered = await world.database.db.selectFrom('access_requests').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    const box = JSON.parse(answered.box ?? '{}') as { x: number; y: number; w: number; h: number };
    for (const [value, expected] of [
      [box.x, 0.25],
      [box.y, 0.25],
      [box.w, 0.5],
      [box.h, 0.5],
    ] as const) {
      assert.ok(Math.abs(value - expected) < 0.02, `box drawn: ${JSON.stringify(box)}`);
    }
    t.diagnostic(`screenshot: ${await screenshot(page, 'access-request-answered')}`);

    // The downloaded file: blurred outside the box, sharp inside, against a sharp still of the same footage.
    const session = world.sessions.get('room_lead') as HttpSession;
    const dir = mkdtempSync(join(tmpdir(), 'vigie-access-page-'));
    const video = await session.send('GET', href ?? '', undefined, 60_000);
    assert.equal(video.status, 200);
    writeFileSync(join(dir, 'blurred.mp4'), Buffer.from(await video.arrayBuffer()));
    const still = await session.send('GET', `/api/cameras/${world.cameras.in}/snapshot?at=${fromMs + 1000}`);
    assert.equal(still.status, 200);
    writeFileSync(join(dir, 'sharp.jpg'), Buffer.from(await still.arrayBuffer()));
    assert.equal(blurProblem(measureBlur(join(dir, 'sharp.jpg')), measureBlur(join(dir, 'blurred.mp4'))), null);

    await card.getByRole('button', { name: 'Clôturer (lève le gel)' }).click();
    await card.getByText('Clôturée', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Registres' }).click();
    const register = page.locator('[data-register="demandes-acces"]');
    await register.locator('table').waitFor();
    const cells = await register.locator('tbody tr').first().locator('td').allTextContents();
    assert.equal(cells[0], 'Mme Martin');
    assert.match(cells[9] ?? '', /^export flouté par /);
    assert.equal(cells[10], 'clôturée');
    await register.scrollIntoViewIfNeeded();
    t.diagnostic(`screenshot: ${await screenshot(page, 'access-request-register')}`);

    // A request past its deadline stands out (the server's clock moved past it: nothing else changes).
    await session.send('POST', '/api/access-requests', {
      requesterName: 'M. Bernard',
      requesterContact: '06 00 00 00 00',
      description: 'sortie du marché, veste verte',
      cameraIds: [world.cameras.in],
      fromMs: recent.fromMs,
      toMs: recent.fromMs + 4000,
    });
    await world.database.db
      .updateTable('access_requests')
      .set({ deadline_ms: Date.now() - 86_400_000 })
      .where('requester_name', '=', 'M. Bernard')
      .execute();
    await page.goto(`${world.baseUrl}/demandes-acces`);
    const lateCard = page.getByRole('article', { name: 'Demande de M. Bernard' });
    await lateCard.getByText(/EN RETARD/).waitFor();
    assert.match((await lateCard.getAttribute('class')) ?? '', /\blate\b/);
    await page.getByText('1 demande en cours, dont 1 en retard — la réponse est due dans le mois.').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'access-request-late')}`);
    await page.close();
  });
});

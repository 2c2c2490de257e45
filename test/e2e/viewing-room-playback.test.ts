// Issue 14 in Chromium, the viewing room itself: an investigator opens « Salle de visionnage » from his validated
// requisition (five cameras, a range of recorded footage). Four play in sync at opening, the fifth is listed and he
// adds it to the grid; he takes a still (shown, offered for download, journaled as video.snapshot), marks an instant
// of a camera with a note — a bookmark of the requisition, listed in the room as JJ/MM/AAAA HH:MM:SS, a click on it
// brings every camera back to its instant — and takes one back (both journaled). The room lead reads them on the
// requisition's card; the camera's own list does not show them. The extension form offers the neighbouring cameras
// by name. None of this normal use meets a refusal (no 4xx answer). Outside the requisition — another camera, an
// instant before or after its range, a requisition not validated — the server answers 403 and the console says why in
// French instead of waiting. A requisition that includes live shows the live picture in the room. In a gap of the
// range's footage a tile says « Pas d’enregistrement à cet instant » and offers the next footage (and none beyond the
// range); each tile's name bar lies below its picture, not over the camera's burned-in text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { HOME_COMMUNE, OTHER_COMMUNE } from './support/access-world.js';
import { screenshot, waitForValue } from './support/browser.js';
import { useBrowserWorld } from './support/browser-world.js';
import { waitForRecording, writeFootage } from './support/footage.js';
import { investigatorIdOf, registerRequisition, requisitionInForce } from './support/requisition.js';
import type { HttpSession } from './support/http-session.js';
import { loginThroughPage } from './support/session.js';
import { formatParisDateTime, parisDateFr, parisTimeInput } from '../../web/src/time/paris.js';

// Six demo cameras: five in the requisition, one (the world's "out", in Lucé) left outside it.
const setup = useBrowserWorld({ dialect: 'sqlite', cameras: 6 });

/** Frames the player of one camera's tile has decoded (the synchronized tiles count them in data-frames). */
const framesOf = async (page: Page, cameraId: string): Promise<number> => Number((await page.locator(`video.sync-video[data-camera-id="${cameraId}"]`).getAttribute('data-frames')) ?? '0');
const positionOf = async (page: Page): Promise<number> => Number(await page.getByTestId('position').getAttribute('data-position-ms'));

/** Every 4xx or 5xx answer of the API to this page, as "STATUS METHOD PATH". */
function refusalsOf(page: Page): string[] {
  const refused: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/') && response.status() >= 400) refused.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
  });
  return refused;
}

describe('viewing room playback', () => {
  it('plays his requisition’s cameras in sync, takes a still and bookmarks, and reaches nothing outside it', async (t) => {
    const { world, browser } = setup;
    const lead = world.sessions.get('room_lead') as HttpSession;
    const investigator = world.sessions.get('investigator') as HttpSession;
    const cameraIds = [...world.cameraCommunes.keys()].filter((id) => id !== world.cameras.out && id !== world.cameras.withCredentials);
    assert.equal(cameraIds.length, 5, `five recording demo cameras besides Lucé's: ${JSON.stringify([...world.cameraCommunes])}`);
    const spans = await waitForRecording(world.admin, cameraIds, Date.now() - 120_000, 30);
    const fromMs = Math.max(...spans.map((s) => s.fromMs));
    const toMs = Math.min(...spans.map((s) => s.toMs));
    assert.ok(toMs - fromMs >= 20_000, `the cameras recorded together: ${JSON.stringify(spans)}`);
    const credentials = world.credentials.get('investigator') as { username: string; password: string };
    const investigatorId = await investigatorIdOf(world);
    const { id } = await requisitionInForce(lead, { reference: '2026/000888', cameraIds, fromMs, toMs, investigatorId });

    const page = await browser.newPage();
    await loginThroughPage(page, world.baseUrl, credentials.username, credentials.password);
    // Signed in, nothing he does normally meets a refusal (the login page's own 401 on /api/auth/me comes before).
    const refused = refusalsOf(page);
    // His home is his requisitions (he lists no camera): no « Caméras » nor « Mosaïque » entry.
    await page.waitForURL('**/requisitions');
    const navigation = page.getByRole('navigation', { name: 'Navigation principale' });
    assert.equal(await navigation.getByRole('link', { name: 'Caméras' }).count(), 0, 'no camera list');
    assert.equal(await navigation.getByRole('link', { name: 'Mosaïque' }).count(), 0, 'no mosaic: live, when included, is in the room');
    await page.getByRole('article', { name: 'Réquisition 2026/000888' }).getByRole('link', { name: 'Ouvrir la salle de visionnage' }).click();
    await page.getByRole('heading', { name: 'Salle de visionnage — réquisition 2026/000888' }).waitFor();
    await page.getByText('Pas de direct : la réquisition ne porte que sur les enregistrements.').waitFor();

    // Four of the five play at opening; the fifth is listed, and he adds it.
    const scope = page.getByRole('complementary', { name: 'Périmètre de la réquisition' });
    await scope.getByText('Caméras affichées (4 sur 5, 9 au plus)').waitFor();
    assert.equal(await page.locator('video.sync-video').count(), 4, 'four tiles at opening');
    const fifth = scope.getByRole('checkbox').nth(4);
    assert.equal(await fifth.isChecked(), false, 'the fifth camera listed, not played');
    await fifth.check();
    await scope.getByText('Caméras affichées (5 sur 5, 9 au plus)').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-opened')}`);
    for (const cameraId of cameraIds)
      await waitForValue(
        () => framesOf(page, cameraId),
        (frames) => frames > 3,
        `frames of ${cameraId}`,
        90_000,
      );
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-playing')}`);
    // Paused (playback pauses by itself at the end of the range).
    await page
      .getByRole('button', { name: 'Pause' })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await page.getByRole('button', { name: 'Lecture' }).waitFor();
    const position = await positionOf(page);
    assert.ok(position >= fromMs && position <= toMs, `the position stays in the range (${position} in ${fromMs}–${toMs})`);

    // A still: shown, downloadable, journaled.
    await page
      .getByRole('button', { name: /^Image fixe — / })
      .first()
      .click();
    await page.getByRole('img', { name: /^Image fixe de / }).waitFor();
    // A string: the server-side compiler has no DOM types.
    await waitForValue(
      () => page.evaluate<number>(`document.querySelector('.snapshot-still img')?.naturalWidth ?? 0`),
      (width) => width > 0,
      'the still decoded',
    );
    assert.match((await page.getByRole('link', { name: 'Télécharger l’image' }).getAttribute('download')) ?? '', /\.jpg$/);

    // A bookmark of the second camera with a note, listed in the room with its instant (JJ/MM/AAAA HH:MM:SS).
    const marked = await positionOf(page);
    const bookmarks = page.getByRole('region', { name: 'Signets' });
    await bookmarks.getByLabel('Caméra du signet').selectOption(cameraIds[1] as string);
    await bookmarks.getByLabel('Note du signet').fill('Individu en blouson rouge');
    await bookmarks.getByRole('button', { name: 'Marquer l’instant' }).click();
    const item = bookmarks.getByRole('button', { name: /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} .*Individu en blouson rouge/ });
    await item.waitFor();
    assert.match((await item.textContent()) ?? '', /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/, 'listed with its French instant');
    // A click on it brings every camera back to its instant.
    await page.getByRole('button', { name: marked - fromMs >= 10_000 ? '−10 s' : '+10 s' }).click();
    await waitForValue(
      () => positionOf(page),
      (at) => Math.abs(at - marked) >= 5_000,
      'moved away from the bookmark',
    );
    await item.click();
    await waitForValue(
      () => positionOf(page),
      (at) => Math.abs(at - marked) < 1_000,
      'back at the bookmark',
    );
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-still-bookmark')}`);
    // A second one, taken back.
    await bookmarks.getByLabel('Note du signet').fill('Fausse piste');
    await bookmarks.getByRole('button', { name: 'Marquer l’instant' }).click();
    await bookmarks.getByRole('button', { name: 'Retirer le signet « Fausse piste »' }).click();
    await bookmarks.getByText('Signet retiré').waitFor();
    assert.equal(await bookmarks.getByText('Fausse piste').count(), 0, 'taken back');

    // The extension form offers the neighbouring cameras by name (not his own), grouped by commune.
    await page.goto(`${world.baseUrl}/requisitions`);
    const card = page.getByRole('article', { name: 'Réquisition 2026/000888' });
    await card.getByRole('button', { name: 'Demander une extension' }).click();
    const picker = card.getByLabel('Caméras à ajouter (Ctrl + clic pour plusieurs)');
    await picker.locator('option').first().waitFor();
    const offered = await picker.locator('option').evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
    assert.ok(offered.includes(world.cameras.out), `Lucé's camera offered: ${offered.join(', ')}`);
    assert.ok(!offered.some((cameraId) => cameraIds.includes(cameraId)), 'none of his own');
    const groups = await picker.locator('optgroup').evaluateAll((elements) => elements.map((element) => (element as unknown as { label: string }).label));
    assert.ok(groups.length > 0 && groups.every((label) => label !== '' && !/^\d+$/.test(label)), `grouped by commune name: ${groups.join(', ')}`);
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-extension-picker')}`);
    assert.deepEqual(refused, [], 'no refusal in his normal use');

    const journaled = await world.database.db.selectFrom('journal_entries').select(['action', 'outcome']).where('actor_username', '=', credentials.username).execute();
    for (const action of ['video.snapshot', 'bookmark.create', 'bookmark.delete', 'video.playback'])
      assert.ok(
        journaled.some((entry) => entry.action === action),
        `${action} journaled: ${JSON.stringify(journaled.map((e) => e.action))}`,
      );

    // The bookmarks are the requisition's: the room lead reads them, the camera's own list does not show them.
    const listed = (await (await lead.send('GET', `/api/requisitions/${id}/bookmarks`)).json()) as { bookmarks: Array<{ cameraId: string; note: string; createdBy: string }> };
    assert.deepEqual(
      listed.bookmarks.map((b) => [b.cameraId, b.note, b.createdBy]),
      [[cameraIds[1], 'Individu en blouson rouge', credentials.username]],
    );
    const own = (await (await lead.send('GET', `/api/cameras/${cameraIds[1]}/bookmarks?from=${fromMs}&to=${toMs}`)).json()) as { bookmarks: unknown[] };
    assert.equal(own.bookmarks.length, 0, 'not on the camera’s own list');

    // Outside the requisition the server refuses, in French for a bookmark.
    const outsideRange = await investigator.send('POST', `/api/requisitions/${id}/bookmarks`, { cameraId: cameraIds[0], at: fromMs - 60_000, note: 'hors période' });
    assert.equal(outsideRange.status, 403);
    const refusal = (await outsideRange.json()) as { error: string; message: string };
    assert.equal(refusal.error, 'VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE');
    assert.match(refusal.message, /^Hors du périmètre de la réquisition : un signet se pose sur les images du \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} au/);
    const otherCamera = await investigator.send('POST', `/api/requisitions/${id}/bookmarks`, { cameraId: world.cameras.out, at: fromMs + 1000, note: 'autre caméra' });
    assert.equal(otherCamera.status, 403, 'not on another camera');
    assert.equal((await investigator.send('POST', `/api/cameras/${cameraIds[0]}/bookmarks`, { at: fromMs - 60_000, note: 'hors période' })).status, 403, 'nor through the camera’s route');
    const outside = await page.evaluate(
      async ({ inId, outId, from, to }) => {
        const timeline = (await (await fetch(`/api/recordings/timeline?cameras=${inId},${outId}&from=${from - 3_600_000}&to=${to}`)).json()) as { denied: string[] };
        return {
          otherCamera: (await fetch(`/api/cameras/${outId}/bookmarks?from=${from}&to=${to}`)).status,
          before: (await fetch(`/api/cameras/${inId}/bookmarks?from=${from - 3_600_000}&to=${to}`)).status,
          stillAfter: (await fetch(`/api/cameras/${inId}/snapshot?at=${to + 60_000}`)).status,
          status: (await fetch(`/api/cameras/${inId}/recording-status`)).status,
          denied: timeline.denied,
        };
      },
      { inId: world.cameras.in, outId: world.cameras.out, from: fromMs, to: toMs },
    );
    assert.equal(outside.otherCamera, 403, 'not another camera');
    assert.equal(outside.before, 403, 'not before the range');
    assert.equal(outside.stillAfter, 403, 'no still after the range');
    assert.equal(outside.status, 403, 'no recording index without a range');
    assert.deepEqual(outside.denied.sort(), [world.cameras.in, world.cameras.out].sort(), 'a timeline beyond the range lists his camera as denied');

    // The console says so before asking: an instant after the range, another camera, a requisition not validated.
    await page.goto(`${world.baseUrl}/requisitions/${id}/visionnage?at=${toMs + 3_600_000}`);
    await page
      .getByRole('alert')
      .getByText(/^Hors du périmètre de votre réquisition : les images consultables vont du \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} au/)
      .waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-outside-range')}`);
    await page.goto(`${world.baseUrl}/relecture?cameras=${world.cameras.out}&at=${fromMs}`);
    await page.getByText('Images hors de vos réquisitions.').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-other-camera')}`);
    await page.goto(`${world.baseUrl}/relecture?cameras=${world.cameras.in}&at=${fromMs + 1000}`);
    await page.waitForURL(`**/requisitions/${id}/visionnage?at=${fromMs + 1000}`);
    const { id: pending } = await registerRequisition(lead, { reference: '2026/000889', cameraIds: [world.cameras.out], fromMs, toMs, investigatorId });
    await page.goto(`${world.baseUrl}/requisitions/${pending}/visionnage`);
    await page.getByText('Réquisition 2026/000889 : pas de visionnage.').waitFor();
    await page.close();

    // The room lead sees the bookmark on the requisition's card.
    const leadCredentials = world.credentials.get('room_lead') as { username: string; password: string };
    const leadPage = await browser.newPage();
    await loginThroughPage(leadPage, world.baseUrl, leadCredentials.username, leadCredentials.password);
    await leadPage.goto(`${world.baseUrl}/requisitions`);
    const leadBookmarks = leadPage.getByRole('article', { name: 'Réquisition 2026/000888' }).getByRole('region', { name: 'Signets de la salle de visionnage' });
    await leadBookmarks.getByText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/).waitFor();
    await leadBookmarks.getByText('Individu en blouson rouge', { exact: false }).waitFor();
    t.diagnostic(`screenshot: ${await screenshot(leadPage, 'viewing-room-lead-bookmarks')}`);
    await leadPage.close();
  });

  it('shows the live picture when the requisition includes it', async (t) => {
    const { world, browser } = setup;
    const lead = world.sessions.get('room_lead') as HttpSession;
    const cameraId = world.cameras.out;
    assert.equal(world.cameraCommunes.get(cameraId), OTHER_COMMUNE);
    assert.notEqual(OTHER_COMMUNE, HOME_COMMUNE);
    const [span] = await waitForRecording(world.admin, [cameraId], Date.now() - 120_000, 4);
    assert.ok(span !== undefined);
    const { id } = await requisitionInForce(lead, { reference: '2026/000890', cameraIds: [cameraId], fromMs: span.fromMs, toMs: span.toMs, live: true, investigatorId: await investigatorIdOf(world) });
    const credentials = world.credentials.get('investigator') as { username: string; password: string };
    const page = await browser.newPage();
    await loginThroughPage(page, world.baseUrl, credentials.username, credentials.password);
    const refused = refusalsOf(page);
    await page.goto(`${world.baseUrl}/requisitions/${id}/visionnage`);
    await page.getByRole('button', { name: 'Voir le direct' }).click();
    await page.getByRole('heading', { name: 'Salle de visionnage — réquisition 2026/000890 — direct' }).waitFor();
    await page.locator(`.live-tile[data-camera-id="${cameraId}"][data-status="playing"]`).waitFor({ timeout: 60_000 });
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-live')}`);
    assert.deepEqual(refused, [], 'no refusal');
    const journaled = await world.database.db
      .selectFrom('journal_entries')
      .select(['action', 'target_id'])
      .where('actor_username', '=', credentials.username)
      .where('action', '=', 'video.live')
      .execute();
    assert.ok(journaled.length > 0, 'the live view journaled');
    await page.close();
  });

  it('says there is no footage in a gap of the requisition’s range, offers the next footage, and names each tile below its picture', async (t) => {
    const { world, browser } = setup;
    const lead = world.sessions.get('room_lead') as HttpSession;
    const cameraId = world.cameras.in;
    // Two pieces of older footage, 34 s apart, at instants the test chooses (before the world's own recording).
    const t0 = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
    await writeFootage(world.vigie, cameraId, t0, 6);
    await writeFootage(world.vigie, cameraId, t0 + 40_000, 6);
    const { id } = await requisitionInForce(lead, { reference: '2026/000891', cameraIds: [cameraId], fromMs: t0, toMs: t0 + 60_000, investigatorId: await investigatorIdOf(world) });
    const credentials = world.credentials.get('investigator') as { username: string; password: string };
    const page = await browser.newPage();
    await loginThroughPage(page, world.baseUrl, credentials.username, credentials.password);
    const refused = refusalsOf(page);
    await page.goto(`${world.baseUrl}/requisitions/${id}/visionnage`);
    const tile = page.locator(`.sync-tile[data-camera-id="${cameraId}"]`);
    await page.locator(`.sync-tile[data-camera-id="${cameraId}"][data-state="video"]`).waitFor({ timeout: 30_000 });
    await waitForValue(
      () => framesOf(page, cameraId),
      (frames) => frames > 3,
      'frames of the first footage',
      30_000,
    );
    // The name bar lies below the picture, never over the camera's own burned-in name and clock.
    const picture = await tile.locator('video.sync-video').boundingBox();
    const bar = await tile.locator('.tile-bar').boundingBox();
    assert.ok(picture !== null && bar !== null && bar.y >= picture.y + picture.height - 1, `the bar below the picture: ${JSON.stringify({ picture, bar })}`);
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-tile-bar')}`);

    // Into the gap, typed the French way: the tile says so and offers the next footage, at its Paris instant.
    const gap = t0 + 20_000;
    await page.getByLabel('Date (JJ/MM/AAAA)').fill(parisDateFr(gap));
    await page.getByLabel('Heure (HH:MM:SS, 24 h)').fill(parisTimeInput(gap));
    await page.getByRole('button', { name: 'Aller à' }).click();
    await page.locator(`.sync-tile[data-camera-id="${cameraId}"][data-state="no-footage"]`).waitFor({ timeout: 15_000 });
    await tile.getByText('Pas d’enregistrement à cet instant.').waitFor();
    const next = tile.getByRole('button', { name: /^Images suivantes : / });
    assert.equal(await next.textContent(), `Images suivantes : ${formatParisDateTime(t0 + 40_000)}`);
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-no-footage')}`);
    await next.click();
    await page.locator(`.sync-tile[data-camera-id="${cameraId}"][data-state="video"]`).waitFor({ timeout: 20_000 });
    const position = await positionOf(page);
    assert.ok(position >= t0 + 40_000 - 1000 && position <= t0 + 46_000 + 2000, `playing the next footage: ${position - t0} ms after the range's start`);
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-next-footage')}`);
    // After the range's last footage (later footage, the world's own, is not the requisition's): said, nothing offered beyond.
    const after = t0 + 52_000;
    await page.getByLabel('Date (JJ/MM/AAAA)').fill(parisDateFr(after));
    await page.getByLabel('Heure (HH:MM:SS, 24 h)').fill(parisTimeInput(after));
    await page.getByRole('button', { name: 'Aller à' }).click();
    await page.locator(`.sync-tile[data-camera-id="${cameraId}"][data-state="no-footage"]`).waitFor({ timeout: 15_000 });
    await tile.getByText('Aucun enregistrement après cet instant.').waitFor();
    assert.equal(await tile.getByRole('button', { name: /^Images suivantes/ }).count(), 0, 'no button towards footage outside the range');
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-no-more-footage')}`);
    assert.deepEqual(refused, [], 'no refusal');
    await page.close();
  });
});

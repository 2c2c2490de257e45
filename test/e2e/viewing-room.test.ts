// Issue 14 in Chromium, the viewing room's time box: an investigator's session ends at its term whatever its use
// (security.investigatorSessionMinutes, here 1 minute). The console counts down; within it he reaches his validated
// requisition's camera and footage only (stills journaled); at the term the server has ended the session — his
// cookie answers 401 — and the console is back on the login page saying so. A room lead's session is not
// time-boxed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAccessWorld, type AccessWorld } from './support/access-world.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { waitForRecording } from './support/footage.js';
import type { HttpSession } from './support/http-session.js';
import { loginThroughPage } from './support/session.js';

let world: AccessWorld;
let browser: TestBrowser;

before(async () => {
  try {
    world = await startAccessWorld({ dialect: 'sqlite', security: { investigatorSessionMinutes: 1 } });
    browser = await launchBrowser();
  } catch (error) {
    console.error('setup failed', error);
    throw error;
  }
});
after(async () => {
  await browser?.close();
  await world?.close();
});

describe('viewing room', () => {
  it("an investigator's session is limited to his requisition and ends at its time box", async (t) => {
    const lead = world.sessions.get('room_lead') as HttpSession;
    const [recent] = await waitForRecording(world.admin, [world.cameras.in], Date.now() - 120_000, 4);
    assert.ok(recent !== undefined);
    const investigatorCredentials = world.credentials.get('investigator') as { username: string; password: string };
    const users = (await (await world.admin.send('GET', '/api/users')).json()) as Array<{ id: string; username: string }>;
    const investigatorId = users.find((user) => user.username === investigatorCredentials.username)?.id;
    assert.ok(investigatorId !== undefined);
    const registered = await lead.send('POST', '/api/requisitions', {
      reference: '2026/000777',
      officer: { name: 'Lieutenant Roux', quality: 'OPJ', service: 'Commissariat de Chartres', contact: '02 37 00 00 01' },
      legalBasis: 'art. 60-1 du code de procédure pénale',
      reason: 'dégradations',
      cameraIds: [world.cameras.in],
      fromMs: recent.fromMs,
      toMs: recent.toMs,
      investigatorId,
    });
    assert.equal(registered.status, 201, await registered.clone().text());
    const { id } = (await registered.json()) as { id: string };
    assert.equal((await lead.send('POST', `/api/requisitions/${id}/validate`, { untilMs: Date.now() + 86_400_000 })).status, 200);

    const page = await browser.newPage();
    const loginAt = Date.now();
    await loginThroughPage(page, world.baseUrl, investigatorCredentials.username, investigatorCredentials.password);
    const timer = page.getByRole('timer', { name: 'Fin de la séance' });
    await timer.getByText(/^Séance de consultation : fin dans 0 min \d{2} s \(à \d{2}:\d{2}\)/).waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-countdown')}`);

    // Within the time box: his requisition's camera and footage, nothing else (the browser's own cookie).
    const within = await page.evaluate(
      async ({ inId, outId, at }) => ({
        list: (await fetch('/api/cameras')).status,
        own: (await fetch(`/api/cameras/${inId}`)).status,
        other: (await fetch(`/api/cameras/${outId}`)).status,
        still: (await fetch(`/api/cameras/${inId}/snapshot?at=${at}`)).status,
        otherStill: (await fetch(`/api/cameras/${outId}/snapshot?at=${at}`)).status,
        live: (await fetch(`/api/cameras/${inId}/live`)).status,
      }),
      { inId: world.cameras.in, outId: world.cameras.out, at: recent.fromMs + 1000 },
    );
    assert.equal(within.list, 403, 'no list of the cameras: he reaches his requisition’s by its link');
    assert.equal(within.own, 200, 'his requisition’s camera');
    assert.ok(within.other === 403 || within.other === 404, `not another camera (${within.other})`);
    assert.equal(within.still, 200, 'a still inside his scope');
    assert.equal(within.otherStill, 403, 'no still of another camera');
    assert.equal(within.live, 403, 'no live view: the requisition does not include it');
    const journaled = await world.database.db.selectFrom('journal_entries').select(['action', 'outcome']).where('actor_username', '=', investigatorCredentials.username).execute();
    assert.ok(
      journaled.some((entry) => entry.action === 'video.snapshot'),
      `stills journaled: ${JSON.stringify(journaled)}`,
    );

    // At the term: the server ended the session (401 on its cookie), the console is back on the login page.
    await page.getByText('Votre session a expiré. Reconnectez-vous.').waitFor({ timeout: 90_000 });
    const endedAfterMs = Date.now() - loginAt;
    assert.ok(endedAfterMs >= 59_000, `not before its term (${endedAfterMs} ms)`);
    assert.equal(await page.evaluate(async () => (await fetch('/api/auth/me')).status), 401, 'ended on the server');
    t.diagnostic(`screenshot: ${await screenshot(page, 'viewing-room-ended')}`);

    // A room lead's session has no time box.
    const me = (await (await lead.send('GET', '/api/auth/me')).json()) as { account: { sessionEndsAt: string | null } };
    assert.equal(me.account.sessionEndsAt, null);
    await page.close();
  });
});

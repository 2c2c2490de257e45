// Issue 11, accounts and habilitations, in Chromium on a real Vigie (demo simulator, recording on, RTSP restream):
// an administrator creates a mayor in « Comptes et habilitations » whose habilitation ends ~40 s later (a period
// ending before it starts is refused first, in French, with nothing written); an account made by `vigie user add
// --valid-until` the same way. Each sees video until the instant; then the mayor's live tile, his playback
// WebSocket and the CLI account's RTSP session end within 5 s, and new requests are refused — without restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { runVigie, runVigieCommand } from '../support/vigie-cli.js';
import { formatParisTime, parisDateFr } from '../../web/src/time/paris.js';
import { HOME_COMMUNE, startAccessWorld, type AccessWorld } from './support/access-world.js';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { waitForRecording } from './support/footage.js';
import { HttpSession } from './support/http-session.js';
import { submitLoginPage } from './support/session.js';
import { probeWebSocket, rtspPlay } from './support/stream-probes.js';

const CUT_LIMIT_MS = 5000;
const MAYOR_PASSWORD = 'la tour du beffroi sonne midi';

let world: AccessWorld;
let browser: TestBrowser;

before(async () => {
  try {
    world = await startAccessWorld({ dialect: 'sqlite', recording: true });
    browser = await launchBrowser();
  } catch (error) {
    // The runner reports a failed hook without its reason.
    console.error('setup failed', error);
    throw error;
  }
});
after(async () => {
  await browser?.close();
  await world?.close();
});

const signIn = (page: Page, username: string, password: string): Promise<void> => submitLoginPage(page, world.baseUrl, username, password);

const accounts = async (): Promise<string[]> => (await world.database.db.selectFrom('users').select('username').execute()).map((u) => u.username).sort();
const tileFrames = (page: Page): Promise<number> => page.evaluate<number>(`Number(document.querySelector('video.tile-video')?.dataset.frames ?? '0')`);

describe('habilitation expiry', () => {
  it('an administrator creates a mayor whose habilitation ends; at the instant his video stops, without restart', async (t) => {
    const [recent] = await waitForRecording(world.admin, [world.cameras.in], Date.now() - 120_000, 4);
    assert.ok(recent !== undefined);
    const page = await browser.newPage();
    await signIn(page, 'admin', 'demo');
    await page.getByTestId('user').waitFor();
    await page.getByRole('link', { name: 'Comptes' }).click();
    await page.getByRole('heading', { name: 'Comptes et habilitations' }).waitFor();
    await page.getByRole('button', { name: 'Nouveau compte' }).click();
    const form = page.getByRole('form', { name: 'Nouveau compte' });
    await form.getByLabel('Identifiant').fill('maire.expire');
    await form.getByLabel('Nom affiché').fill('Jean Maire');
    await form.getByLabel('Mot de passe initial').fill(MAYOR_PASSWORD);
    await form.getByLabel('Rôle').selectOption('mayor');
    await form.getByLabel('Communes').selectOption(HOME_COMMUNE);
    await form.getByLabel('Accordée par').fill('Conseil municipal');
    await form.getByLabel('Autorité').fill('Désignation du maire');
    await form.getByLabel('Référence').fill('DM-2026-017');
    await form.getByLabel('Formation suivie le (JJ/MM/AAAA)').fill('02/11/2026');

    // Bad input first: the habilitation ends before it starts.
    const now = Date.now();
    await form.getByLabel('Valable du (JJ/MM/AAAA)').fill(parisDateFr(now + 2 * 86_400_000));
    await form.getByLabel('au (JJ/MM/AAAA)').fill(parisDateFr(now));
    const before = await accounts();
    await form.getByRole('button', { name: 'Créer le compte' }).click();
    await form.getByText('La fin de l’habilitation doit être postérieure à son début.').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'accounts-bad-period')}`);
    assert.deepEqual(await accounts(), before, 'nothing written');
    // The server says the same when the console's check is bypassed.
    const direct = await world.admin.send('POST', '/api/users', {
      username: 'maire.direct',
      role: 'mayor',
      communes: [HOME_COMMUNE],
      password: MAYOR_PASSWORD,
      validFrom: new Date(now + 86_400_000).toISOString(),
      validUntil: new Date(now).toISOString(),
    });
    assert.equal(direct.status, 400);
    assert.equal(((await direct.json()) as { error: string }).error, 'VIGIE_HABILITATION_INVALID');
    const cli = await runVigie(
      world.database,
      ['user', 'add', '--username', 'maire.cli.bad', '--role', 'mayor', '--commune', HOME_COMMUNE, '--password-stdin', '--valid-from', '2027-01-10T00:00:00Z', '--valid-until', '2027-01-01T00:00:00Z'],
      `${MAYOR_PASSWORD}\n`,
    );
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /validUntil must come after validFrom/);
    assert.deepEqual(await accounts(), before, 'nothing written by the API nor the CLI');

    // One end for both accounts, far enough for a loaded machine: first `vigie user add --valid-until`, for the RTSP restream.
    const untilMs = Math.ceil((Date.now() + 150_000) / 1000) * 1000;
    const cliAccount = await runVigieCommand(
      [
        'user',
        'add',
        '--username',
        'maire.cli',
        '--role',
        'mayor',
        '--commune',
        HOME_COMMUNE,
        '--password-stdin',
        '--authority',
        'Désignation du maire',
        '--valid-until',
        new Date(untilMs).toISOString(),
        '--data',
        world.database.dataDir,
      ],
      { env: { VIGIE_DATABASE_URL: world.database.url }, stdin: `${MAYOR_PASSWORD}\n`, timeoutMs: 120_000 },
    );
    assert.equal(cliAccount.code, 0, cliAccount.stderr);

    // Then the mayor in the console, until the same instant (Paris time, to the second).
    await form.getByLabel('Valable du (JJ/MM/AAAA)').fill(parisDateFr(now - 86_400_000));
    await form.getByLabel('au (JJ/MM/AAAA)').fill(parisDateFr(untilMs));
    await page.locator('input[name="untilTime"]').fill(formatParisTime(untilMs));
    await form.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByText('Compte créé.').waitFor();
    const row = page.locator('tr[data-username="maire.expire"]');
    await row.getByText('Expire bientôt').waitFor();
    await row.getByText('Désignation du maire').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'accounts-list')}`);
    const stored = await world.database.db.selectFrom('users').selectAll().where('username', '=', 'maire.expire').executeTakeFirstOrThrow();
    assert.equal(Number(stored.valid_until), untilMs, 'the habilitation ends at the second typed');
    assert.deepEqual([stored.reference, stored.granted_by, stored.authority], ['DM-2026-017', 'Conseil municipal', 'Désignation du maire']);

    // The mayor logs in: the notice names his habilitation's end; he watches live and plays back.
    await signIn(page, 'maire.expire', MAYOR_PASSWORD);
    await page.getByText(`Votre habilitation expire le ${parisDateFr(untilMs)}`).waitFor();
    await page.goto(`${world.baseUrl}/mosaique?n=1&cams=${world.cameras.in}`);
    await waitForValue(
      () => tileFrames(page),
      (n) => n > 0,
      'live frames for the mayor',
      30_000,
    );
    t.diagnostic(`screenshot: ${await screenshot(page, 'habilitation-mayor-live')}`);

    const mayor = new HttpSession(world.baseUrl, { username: 'maire.expire', password: MAYOR_PASSWORD });
    assert.equal((await mayor.login()).status, 200);
    const playback = new WebSocket(`${world.wsUrl}/api/cameras/${world.cameras.in}/playback?from=${recent.fromMs}`, { headers: { ...mayor.authHeaders(), origin: world.baseUrl } });
    const playbackClosed = new Promise<number>((resolve) => playback.once('close', () => resolve(Date.now())));
    playback.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      playback.once('message', () => resolve());
      playback.once('unexpected-response', (_r, response) => reject(new Error(`playback refused: ${response.statusCode}`)));
    });
    // The probe client sends no RTSP keep-alive: it starts close enough to the end for the session not to time out.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, untilMs - 20_000 - Date.now())));
    const rtsp = await rtspPlay(world.rtspPort, `${world.cameras.in}/main`, { username: 'maire.cli', password: MAYOR_PASSWORD });
    await waitForValue(
      async () => rtsp.mediaBytes(),
      (n) => n > 0,
      'RTSP media for the CLI account',
      15_000,
    );
    assert.ok(Date.now() < untilMs - 1000, 'every stream started before the end of the habilitation');

    // The instant passes.
    const [playbackEnd, rtspEnd] = await Promise.all([playbackClosed, rtsp.closed]);
    t.diagnostic(`after the end: playback closed at +${playbackEnd - untilMs} ms, RTSP at +${rtspEnd - untilMs} ms`);
    for (const [what, at] of [
      ['playback WebSocket', playbackEnd],
      ['RTSP restream', rtspEnd],
    ] as const) {
      assert.ok(at >= untilMs - 200 && at - untilMs < CUT_LIMIT_MS, `${what} ended ${at - untilMs} ms after the end`);
    }
    await page
      .getByText(/Accès refusé/)
      .first()
      .waitFor({ timeout: CUT_LIMIT_MS + 2000 });
    const liveEnd = Date.now();
    assert.ok(liveEnd - untilMs < CUT_LIMIT_MS + 2000, `live tile ended ${liveEnd - untilMs} ms after the end`);
    t.diagnostic(`screenshot: ${await screenshot(page, 'habilitation-mayor-expired')}`);

    // New requests are refused.
    assert.equal(await mayor.probe('GET', `/api/cameras/${world.cameras.in}/snapshot?at=${recent.fromMs + 1000}`), 403);
    assert.equal((await probeWebSocket(`${world.wsUrl}/api/cameras/${world.cameras.in}/live`, { ...mayor.authHeaders(), origin: world.baseUrl })).status, 403);
    await assert.rejects(rtspPlay(world.rtspPort, `${world.cameras.in}/main`, { username: 'maire.cli', password: MAYOR_PASSWORD }));
    assert.equal((await new HttpSession(world.baseUrl).login('maire.expire', MAYOR_PASSWORD)).status, 403, 'no new login');
  });
});

// Issue 11, in Chromium on a real Vigie: an administrator resets a password in « Comptes et habilitations »
// (the temporary password shown once); the person, at next login, is sent to the password change and can do
// nothing else until done. A person enrols a TOTP second factor (code computed here with otpauth), then logs in
// with password and code; the administrator resets the second factor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { startAccessWorld, type AccessWorld } from './support/access-world.js';
import { launchBrowser, screenshot, type TestBrowser } from './support/browser.js';
import { submitLoginPage } from './support/session.js';

let world: AccessWorld;
let browser: TestBrowser;

before(async () => {
  try {
    world = await startAccessWorld({ dialect: 'sqlite', recording: false, cameras: 3 });
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

const codeNow = (secret: string): string => new TOTP({ secret: Secret.fromBase32(secret) }).generate();

describe('accounts: password reset and second factor', () => {
  it('forces the change of a password an administrator reset before anything else', async (t) => {
    const operator = world.credentials.get('operator');
    assert.ok(operator !== undefined);
    const page = await browser.newPage();
    await signIn(page, 'admin', 'demo');
    await page.getByTestId('user').waitFor();
    await page.goto(`${world.baseUrl}/admin/comptes`);
    const row = page.locator(`tr[data-username="${operator.username}"]`);
    await row.getByRole('button', { name: 'Réinitialiser le mot de passe' }).click();
    const temporary = (await page.getByTestId('temporary-password').textContent()) ?? '';
    assert.ok(temporary.length >= 20, 'a temporary password is shown');
    t.diagnostic(`screenshot: ${await screenshot(page, 'accounts-temporary-password')}`);
    const stored = await world.database.db.selectFrom('users').select(['must_change_password', 'password_hash']).where('username', '=', operator.username).executeTakeFirstOrThrow();
    assert.equal(stored.must_change_password, 1);
    assert.ok(!stored.password_hash.includes(temporary));

    await signIn(page, operator.username, temporary);
    await page.waitForURL('**/mon-compte/mot-de-passe');
    await page.getByText('Votre mot de passe a été réinitialisé par l’administrateur').waitFor();
    // Nothing else: the console's pages send him back; the API refuses.
    await page.goto(`${world.baseUrl}/cameras`);
    await page.waitForURL('**/mon-compte/mot-de-passe');
    const refused = await page.evaluate<number>(`fetch('/api/cameras').then((r) => r.status)`);
    assert.equal(refused, 403);
    await page.getByLabel('Mot de passe provisoire').fill(temporary);
    // Keeping the temporary password is refused: the change is what the reset demands.
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(temporary);
    await page.getByLabel('Nouveau mot de passe (confirmation)').fill(temporary);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Le nouveau mot de passe doit être différent de l’actuel.').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'accounts-forced-password-change')}`);
    const chosen = 'le phare de la jetée clignote';
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(chosen);
    await page.getByLabel('Nouveau mot de passe (confirmation)').fill(chosen);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByTestId('user').waitFor();
    assert.match(page.url(), /\/cameras/);
    assert.equal(await page.evaluate<number>(`fetch('/api/cameras').then((r) => r.status)`), 200);
  });

  it('enrols a TOTP second factor, then asks for the code at login; an administrator resets it', async (t) => {
    const lead = world.credentials.get('room_lead');
    assert.ok(lead !== undefined);
    const page = await browser.newPage();
    await signIn(page, lead.username, lead.password);
    await page.getByTestId('user').waitFor();
    await page.goto(`${world.baseUrl}/mon-compte/double-authentification`);
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.locator('.qr svg').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'accounts-totp-enrolment')}`);
    await page.getByLabel('2. Code à 6 chiffres affiché par l’application').fill('000000');
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.getByText(/Code incorrect ou expiré/).waitFor();
    await page.getByLabel('2. Code à 6 chiffres affiché par l’application').fill(codeNow(secret));
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.getByTestId('user').waitFor();
    const row = await world.database.db.selectFrom('users').select('totp_secret').where('username', '=', lead.username).executeTakeFirstOrThrow();
    assert.ok(row.totp_secret !== null && !row.totp_secret.includes(secret), 'stored, sealed');

    await signIn(page, lead.username, lead.password);
    const code = page.getByLabel('Code de double authentification');
    await code.waitFor();
    await page.getByText('Saisissez le code à 6 chiffres').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'accounts-totp-login')}`);
    await code.fill(codeNow(secret));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByTestId('user').waitFor();

    await signIn(page, 'admin', 'demo');
    await page.getByTestId('user').waitFor();
    await page.goto(`${world.baseUrl}/admin/comptes`);
    await page.locator(`tr[data-username="${lead.username}"]`).getByRole('button', { name: 'Réinitialiser la 2FA' }).click();
    await page.getByText(`Double authentification de ${lead.username} réinitialisée.`).waitFor();
    await signIn(page, lead.username, lead.password);
    await page.getByTestId('user').waitFor();
  });

  it('disables an account after a confirmation: its open session stops at once, with the reason in French, and its login is refused', async (t) => {
    const victim = await world.addAccount('operator');
    // The person's console runs in a browser of its own (the administrator's browser shares one cookie jar).
    const own = await launchBrowser();
    try {
      const ownConsole = await own.newPage();
      await signIn(ownConsole, victim.username, victim.password);
      await ownConsole.getByTestId('user').waitFor();
      assert.equal(await ownConsole.evaluate<number>(`fetch('/api/cameras').then((r) => r.status)`), 200);

      const page = await browser.newPage();
      await signIn(page, 'admin', 'demo');
      await page.getByTestId('user').waitFor();
      await page.goto(`${world.baseUrl}/admin/comptes`);
      const row = page.locator(`tr[data-username="${victim.username}"]`);
      await row.getByRole('button', { name: 'Désactiver' }).click();
      await row.getByText('Ses sessions ouvertes seront fermées').waitFor();
      await row.scrollIntoViewIfNeeded();
      t.diagnostic(`screenshot: ${await screenshot(page, 'accounts-disable-confirm')}`);
      const stored = () => world.database.db.selectFrom('users').select('disabled').where('id', '=', victim.id).executeTakeFirstOrThrow();
      assert.equal(Number((await stored()).disabled), 0, 'nothing happens before the confirmation');
      await row.getByRole('button', { name: 'Confirmer la désactivation' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${victim.username} désactivé : ses sessions sont fermées` })
        .waitFor();
      await row.getByText('Désactivé', { exact: true }).waitFor();
      assert.equal(Number((await stored()).disabled), 1);
      const sessions = await world.database.db.selectFrom('sessions').select('id').where('user_id', '=', victim.id).execute();
      assert.equal(sessions.length, 0, 'the server closed the open sessions');

      // The open session: its next call is refused, and the console says why instead of failing silently.
      assert.equal(await ownConsole.evaluate<number>(`fetch('/api/cameras').then((r) => r.status)`), 401);
      // Any call of the console now answers 401: its banners' polling brings it back to the login page, or a page opened.
      const notice = ownConsole.getByText('Votre session a expiré. Reconnectez-vous.');
      const playbackLink = ownConsole.getByRole('link', { name: 'Relecture' });
      if (!(await notice.isVisible()) && (await playbackLink.isVisible())) await playbackLink.click().catch(() => undefined);
      await notice.waitFor({ timeout: 30_000 });
      t.diagnostic(`screenshot: ${await screenshot(ownConsole, 'accounts-disabled-session-ended')}`);
      // Its login is refused in French.
      await signIn(ownConsole, victim.username, victim.password);
      await ownConsole.getByText('Votre compte a été désactivé par l’administrateur : la connexion est refusée.').waitFor();
      assert.equal(await ownConsole.getByTestId('user').count(), 0);
      t.diagnostic(`screenshot: ${await screenshot(ownConsole, 'accounts-disabled-login-refused')}`);
      const refusals = await world.database.db.selectFrom('journal_entries').select(['outcome', 'details']).where('action', '=', 'auth.login').where('outcome', '=', 'denied').execute();
      assert.ok(
        refusals.some((e) => String(e.details).includes(victim.username) && String(e.details).includes('disabled')),
        'the refused login is journaled with its reason',
      );
      await page.close();
    } finally {
      await own.close();
    }
  });

  it('shows a French explanation to a role that may not manage accounts', async (t) => {
    const operator = world.credentials.get('auditor');
    assert.ok(operator !== undefined);
    const page = await browser.newPage();
    await signIn(page, operator.username, operator.password);
    await page.getByTestId('user').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Comptes' }).count(), 0, 'no navigation entry');
    await page.goto(`${world.baseUrl}/admin/comptes`);
    await page.getByText('Page réservée aux administrateurs').waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'accounts-not-allowed')}`);
  });
});

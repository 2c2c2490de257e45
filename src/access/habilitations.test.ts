// Accounts and habilitations on both engines: the full habilitation record, a period ending before it starts
// refused with nothing written, the expiry stopping video at the instant and journaled once (with the 30-day
// warning before it), an administrator's password reset forcing a change before anything else, and the TOTP
// second factor (enrolment, login in two steps, wrong codes throttled like passwords, recovery by an
// administrator, `required-for-video`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { testDialects } from '../../test/support/databases.js';
import { startAccessHarness, TEST_PASSWORD, type AccessHarness } from './testing/harness.js';
import { TestClient } from './testing/client.js';

const DAY = 24 * 60 * 60 * 1000;
const codeAt = (secret: string, ms: number): string => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: ms });

for (const dialect of await testDialects()) {
  describe(`accounts and habilitations (${dialect})`, () => {
    let h: AccessHarness;
    before(async () => {
      h = await startAccessHarness(dialect, { 'security.loginMaxFailures': 3 });
    });
    after(async () => h.close());

    const accountCount = async (): Promise<number> => (await h.handle.db.selectFrom('users').select('id').execute()).length;

    it('keeps the whole habilitation record, and refuses a period that ends before it starts without writing anything', async () => {
      const admin = await h.admin();
      const before = await accountCount();
      const bad = await admin.request('POST', '/api/users', {
        username: 'maire.tardif',
        role: 'mayor',
        communes: ['28085'],
        password: TEST_PASSWORD,
        validFrom: '2027-01-10T00:00:00Z',
        validUntil: '2027-01-01T00:00:00Z',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error, 'VIGIE_HABILITATION_INVALID');
      assert.equal(bad.json().details.field, 'validUntil');
      assert.equal(await accountCount(), before, 'no account half-written');

      const id = await h.createUser({
        username: 'maire.chartres',
        role: 'mayor',
        communes: ['28085'],
        grantedBy: 'Préfet d’Eure-et-Loir',
        authority: 'autorisation préfectorale',
        reference: 'AP 2026-0412',
        validFrom: '2026-11-01T00:00:00Z',
        validUntil: '2027-11-01T00:00:00Z',
        trainingDate: '2026-10-15T00:00:00Z',
      });
      const user = (await admin.request('GET', `/api/users/${id}`)).json();
      assert.deepEqual(
        [user.grantedBy, user.authority, user.reference, user.trainingDate, user.mustChangePassword, user.secondFactor],
        ['Préfet d’Eure-et-Loir', 'autorisation préfectorale', 'AP 2026-0412', '2026-10-15T00:00:00.000Z', false, false],
      );
      const patch = await admin.request('PATCH', `/api/users/${id}`, { reference: 'AP 2026-0999', validUntil: '2026-10-01T00:00:00Z' });
      assert.equal(patch.statusCode, 400);
      const unchanged = (await admin.request('GET', `/api/users/${id}`)).json();
      assert.deepEqual([unchanged.reference, unchanged.validUntil], ['AP 2026-0412', '2027-11-01T00:00:00.000Z'], 'a refused change changes nothing');
    });

    it('stops video at the end of the habilitation, warns 30 days before and journals each once', async () => {
      const admin = await h.admin();
      const until = h.clock.now() + 40 * DAY;
      const id = await h.createUser({ username: 'maire.luce', role: 'mayor', communes: ['28085'], authority: 'désignation du maire', validUntil: new Date(until).toISOString() });
      const mayor = new TestClient(h.app, '10.1.0.1');
      assert.equal((await mayor.login('maire.luce', TEST_PASSWORD)).statusCode, 200);
      assert.equal((await mayor.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
      await h.access.reviewHabilitations();
      assert.equal((await h.journal.query({ action: 'user.habilitation.expiring' })).entries.length, 0, 'not yet within 30 days');
      assert.ok(!(await admin.request('GET', '/api/users?expiring=30')).json().some((u: { id: string }) => u.id === id));

      h.clock.advance(11 * DAY);
      await h.access.reviewHabilitations();
      await h.access.reviewHabilitations();
      const warned = (await h.journal.query({ action: 'user.habilitation.expiring' })).entries;
      assert.equal(warned.length, 1, 'warned once');
      assert.equal(warned[0]?.target?.id, id);
      assert.ok((await (await h.admin()).request('GET', '/api/users?expiring=30')).json().some((u: { id: string }) => u.id === id));

      h.clock.set(until - 1000);
      const again = new TestClient(h.app, '10.1.0.1');
      assert.equal((await again.login('maire.luce', TEST_PASSWORD)).statusCode, 200);
      assert.equal((await again.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
      const me = (await again.request('GET', '/api/auth/me')).json();
      assert.equal(me.account.validUntil, new Date(until).toISOString(), 'the person learns when his habilitation ends');
      h.clock.set(until);
      const refused = await again.request('GET', '/test/cameras/cam-chartres/live');
      assert.equal(refused.statusCode, 403, 'refused at the instant, without restart');
      assert.match(refused.json().message, /habilitation expired/);
      await h.access.reviewHabilitations();
      await h.access.reviewHabilitations();
      const expired = (await h.journal.query({ action: 'user.habilitation.expired' })).entries.filter((e) => e.target?.id === id);
      assert.equal(expired.length, 1, 'the expiry journaled once');
      assert.equal((expired[0]?.details['habilitation'] as { authority: string }).authority, 'désignation du maire');

      // Renewed: warned and journaled afresh for the new end.
      assert.equal((await (await h.admin()).request('PATCH', `/api/users/${id}`, { validUntil: new Date(until + 10 * DAY).toISOString() })).statusCode, 200);
      assert.equal((await again.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200, 'renewed: video again');
      await h.access.reviewHabilitations();
      assert.equal((await h.journal.query({ action: 'user.habilitation.expiring' })).entries.filter((e) => e.target?.id === id).length, 2);
    });

    it('cuts the open session of an account an administrator disables, and refuses its login saying it is disabled', async () => {
      const id = await h.createUser({ username: 'victor', role: 'operator' });
      const open = new TestClient(h.app, '10.4.0.1');
      assert.equal((await open.login('victor', TEST_PASSWORD)).statusCode, 200);
      assert.equal((await open.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
      assert.equal((await (await h.admin()).request('PATCH', `/api/users/${id}`, { disabled: true })).statusCode, 200);
      assert.equal((await open.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 401, 'the open session is cut at once');
      assert.equal((await open.request('GET', '/api/auth/me')).statusCode, 401);
      assert.equal((await h.handle.db.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).length, 0);
      const refused = await new TestClient(h.app, '10.4.0.1').login('victor', TEST_PASSWORD);
      assert.deepEqual([refused.statusCode, refused.json().error, refused.json().details], [403, 'VIGIE_HABILITATION_INVALID', { disabled: true }]);
      const wrong = await new TestClient(h.app, '10.4.0.1').login('victor', 'not the password');
      assert.equal(wrong.statusCode, 401, 'a wrong password says nothing of the account');
      assert.deepEqual(wrong.json().details ?? {}, {});
    });

    it('makes a person whose password an administrator reset change it before anything else', async () => {
      const id = await h.createUser({ username: 'oscar', role: 'operator' });
      const before = new TestClient(h.app, '10.2.0.1');
      assert.equal((await before.login('oscar', TEST_PASSWORD)).statusCode, 200);
      const reset = await (await h.admin()).request('POST', `/api/users/${id}/reset-password`);
      assert.equal(reset.statusCode, 200);
      const temporary = reset.json().temporaryPassword as string;
      assert.ok(temporary.length >= 20);
      assert.equal(reset.json().user.mustChangePassword, true);
      assert.equal((await before.request('GET', '/api/auth/me')).statusCode, 401, 'the sessions ended');
      assert.equal((await new TestClient(h.app, '10.2.0.1').login('oscar', TEST_PASSWORD)).statusCode, 401, 'the old password is gone');

      const oscar = new TestClient(h.app, '10.2.0.1');
      const login = await oscar.login('oscar', temporary);
      assert.equal(login.statusCode, 200);
      assert.equal(login.json().account.pending, 'password-change');
      const blocked = await oscar.request('GET', '/test/cameras/cam-chartres/live');
      assert.deepEqual([blocked.statusCode, blocked.json().error], [403, 'VIGIE_PASSWORD_CHANGE_REQUIRED']);
      assert.equal((await oscar.request('POST', '/api/auth/password', { currentPassword: 'not it', newPassword: 'une nouvelle phrase de passe' })).json().error, 'VIGIE_PASSWORD_WRONG');
      assert.equal((await oscar.request('POST', '/api/auth/password', { currentPassword: temporary, newPassword: 'une nouvelle phrase de passe' })).statusCode, 200);
      assert.equal((await oscar.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200, 'free again, same session');
      assert.equal((await oscar.request('GET', '/api/auth/me')).json().account.pending, null);
      const journaled = await h.journal.query({ action: 'user.password.reset' });
      assert.equal(journaled.entries[0]?.target?.id, id);
      assert.doesNotMatch(JSON.stringify(journaled.entries), new RegExp(temporary), 'the temporary password is not journaled');
    });

    it('enrols a TOTP second factor, asks for its code at login, throttles wrong codes, and lets an administrator reset it', async () => {
      const id = await h.createUser({ username: 'thomas', role: 'room_lead' });
      const thomas = new TestClient(h.app, '10.3.0.1');
      assert.equal((await thomas.login('thomas', TEST_PASSWORD)).statusCode, 200);
      const setup = await thomas.request('POST', '/api/auth/second-factor/setup');
      assert.equal(setup.statusCode, 200);
      const { secret, uri, qrSvg } = setup.json() as { secret: string; uri: string; qrSvg: string };
      assert.match(uri, /^otpauth:\/\/totp\/Vigie:thomas\?/);
      assert.match(qrSvg, /^<svg/);
      assert.equal((await thomas.request('POST', '/api/auth/second-factor', { secret, code: '000000' })).json().error, 'VIGIE_SECOND_FACTOR_INVALID');
      assert.equal((await thomas.request('POST', '/api/auth/second-factor', { secret, code: codeAt(secret, h.clock.now()) })).statusCode, 200);
      const row = await h.handle.db.selectFrom('users').select('totp_secret').where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(row.totp_secret !== null && !row.totp_secret.includes(secret), 'stored sealed');

      const next = new TestClient(h.app, '10.3.0.1');
      const first = await next.login('thomas', TEST_PASSWORD);
      assert.deepEqual([first.statusCode, first.json().error], [401, 'VIGIE_SECOND_FACTOR_REQUIRED']);
      assert.equal((await next.login('thomas', TEST_PASSWORD, codeAt(secret, h.clock.now()))).statusCode, 200);

      // Wrong codes count as failed logins: three lock the account on this address, even with the right code after.
      for (let i = 0; i < 3; i++) assert.equal((await new TestClient(h.app, '10.3.0.9').login('thomas', TEST_PASSWORD, '123456')).json().error, 'VIGIE_SECOND_FACTOR_INVALID');
      assert.equal((await new TestClient(h.app, '10.3.0.9').login('thomas', TEST_PASSWORD, codeAt(secret, h.clock.now()))).statusCode, 429);

      const reset = await (await h.admin()).request('POST', `/api/users/${id}/reset-second-factor`);
      assert.deepEqual([reset.statusCode, reset.json().secondFactor], [200, false]);
      assert.equal((await next.request('GET', '/api/auth/me')).statusCode, 401, 'the sessions ended');
      assert.equal((await new TestClient(h.app, '10.3.0.2').login('thomas', TEST_PASSWORD)).statusCode, 200, 'password alone again');
      assert.equal((await h.journal.query({ action: 'user.second-factor.reset' })).entries[0]?.target?.id, id);
    });
  });
}

describe('second factor required for video', () => {
  let h: AccessHarness;
  before(async () => {
    h = await startAccessHarness('sqlite', { 'access.secondFactor': 'required-for-video' });
  });
  after(async () => h.close());

  it('makes a role that sees video enrol before anything else, and leaves the others alone', async () => {
    await h.createUser({ username: 'olga', role: 'operator' });
    const olga = new TestClient(h.app);
    const login = await olga.login('olga', TEST_PASSWORD);
    assert.deepEqual(login.json().account, {
      validUntil: null,
      sessionEndsAt: null,
      pending: 'second-factor-enrolment',
      secondFactor: { setting: 'required-for-video', enrolled: false, required: true },
    });
    assert.equal((await olga.request('GET', '/test/cameras/cam-chartres/live')).json().error, 'VIGIE_SECOND_FACTOR_ENROLMENT_REQUIRED');
    const { secret } = (await olga.request('POST', '/api/auth/second-factor/setup')).json() as { secret: string };
    assert.equal((await olga.request('POST', '/api/auth/second-factor', { secret, code: codeAt(secret, h.clock.now()) })).statusCode, 200);
    assert.equal((await olga.request('GET', '/test/cameras/cam-chartres/live')).statusCode, 200);
    // The administrator sees no video: no second factor asked.
    assert.equal((await (await h.admin()).request('GET', '/api/auth/me')).json().account.pending, null);
  });
});

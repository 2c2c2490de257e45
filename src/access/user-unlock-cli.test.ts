// `vigie user unlock --username U` as an installer runs it, on both engines: the account's lockouts (with one
// address and across addresses) are lifted and the journal says who did it from the command line; an unknown
// username is an error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../core/clock.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { runVigie } from '../../test/support/vigie-cli.js';
import { LoginAttempts } from './login-attempts.js';

const LIMIT = { maxFailures: 5, baseLockoutMs: 15 * 60_000, maxLockoutMs: 24 * 3_600_000 };

for (const dialect of await testDialects()) {
  describe(`vigie user unlock (${dialect})`, () => {
    let handle: TestDatabase;
    before(async () => {
      handle = await openTestDatabase(dialect);
    });
    after(async () => handle.close());

    it('lifts the lockouts of an account and journals it', async () => {
      const added = await runVigie(handle, ['user', 'add', '--username', 'claire', '--role', 'operator', '--password-stdin'], 'lune verte sur le toit du garage\n');
      assert.equal(added.code, 0, added.stderr);
      const attempts = new LoginAttempts(handle.db, systemClock, { account_address: LIMIT, account: { ...LIMIT, maxFailures: 6 }, address: { ...LIMIT, maxFailures: 20 } });
      for (const ip of ['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2']) assert.equal((await attempts.reserve('claire', ip)).admitted, true);
      assert.deepEqual((await attempts.lockouts()).map((l) => [l.kind, l.address]).sort(), [
        ['account', null],
        ['account_address', '10.0.0.1'],
      ]);

      const unlocked = await runVigie(handle, ['user', 'unlock', '--username', 'claire']);
      assert.equal(unlocked.code, 0, unlocked.stderr);
      assert.equal(unlocked.stdout.trim(), 'unlocked claire (2 lockouts lifted)');
      assert.deepEqual(await attempts.lockouts(), []);
      assert.equal((await attempts.reserve('claire', '10.0.0.1')).admitted, true);
      const entry = await handle.db.selectFrom('journal_entries').selectAll().where('action', '=', 'user.unlock').executeTakeFirstOrThrow();
      assert.equal(entry.outcome, 'allowed');
      assert.match(entry.details, /"via":"cli"/);
      assert.match(entry.details, /"lifted":2/);

      const unknown = await runVigie(handle, ['user', 'unlock', '--username', 'nobody']);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /no user nobody/);
    });
  });
}

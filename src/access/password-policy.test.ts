// The password policy through the account API (creation and change) and the `vigie user add` command: common
// and guessable passwords refused with the estimator's feedback, a passphrase accepted, and the demo password
// accepted in demo mode only. The policy is pure code over the database; one engine is enough.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { runVigie } from '../../test/support/vigie-cli.js';
import { DEMO_PASSWORD } from './demo-accounts.js';
import { startAccessHarness, type AccessHarness } from './testing/harness.js';

const PASSPHRASE = 'lune verte sur le toit du garage';
const run = promisify(execFile);

describe('password policy', () => {
  let h: AccessHarness;
  let cliDatabase: TestDatabase;
  before(async () => {
    h = await startAccessHarness('sqlite');
    cliDatabase = await openTestDatabase('sqlite');
  });
  after(async () => {
    await h.close();
    await cliDatabase.close();
  });

  it('loads the dictionaries once, on the first check (cost measured in a fresh process)', async (t) => {
    const script = `
      const { assertStrongPassword } = await import('./src/access/password-policy.ts');
      const heap = process.memoryUsage().heapUsed;
      const timed = async () => { const started = performance.now(); await assertStrongPassword(${JSON.stringify(PASSPHRASE)}, { minLength: 12, minScore: 3 }, { username: 'someone' }); return performance.now() - started; };
      const first = await timed();
      const second = await timed();
      console.log(JSON.stringify({ first, second, heapMb: (process.memoryUsage().heapUsed - heap) / 2 ** 20 }));`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    const cost = JSON.parse(stdout) as { first: number; second: number; heapMb: number };
    t.diagnostic(`first check ${cost.first.toFixed(0)} ms (dictionaries loaded, +${cost.heapMb.toFixed(0)} MB heap), next ${cost.second.toFixed(0)} ms`);
    assert.ok(cost.first > 100 && cost.second < cost.first / 3, JSON.stringify(cost));
  });

  it('refuses common and guessable passwords at account creation, saying why', async () => {
    const admin = await h.admin();
    const refused: Array<[string, string, RegExp]> = [
      ['azerty123456', 'alice', /commonly used/],
      ['motdepasse2024', 'alice', /less common/],
      ['Chartres2026!', 'alice', /strength 1 of 4/],
      ['mathilde123456', 'mathilde', /personal or site-related words/],
      ['videoprotection2026', 'alice', /personal or site-related words/],
      ['short', 'alice', /12 to 1024 characters/],
    ];
    for (const [password, username, why] of refused) {
      const answer = await admin.request('POST', '/api/users', { username, role: 'operator', password });
      assert.equal(answer.statusCode, 400, `${password}: ${answer.body}`);
      const body = answer.json() as { error: string; message: string };
      assert.equal(body.error, 'VIGIE_PASSWORD_WEAK', password);
      assert.match(body.message, why, password);
    }
    assert.equal((await admin.request('POST', '/api/users', { username: 'alice', role: 'operator', password: PASSPHRASE })).statusCode, 201);
  });

  it('refuses a weak password at every change and accepts a strong one', async () => {
    const admin = await h.admin();
    const id = await h.createUser({ username: 'bernard', role: 'operator', displayName: 'Bernard Lefebvre' });
    const weak = await admin.request('PATCH', `/api/users/${id}`, { password: 'Lefebvre1974' });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /VIGIE_PASSWORD_WEAK.*personal or site-related words/);
    assert.equal((await admin.request('PATCH', `/api/users/${id}`, { password: 'trois pommes, un vélo et la mer' })).statusCode, 200);
  });

  it('applies to `vigie user add`', async () => {
    const weak = await runVigie(cliDatabase, ['user', 'add', '--username', 'claire', '--role', 'operator', '--password-stdin'], 'azerty123456\n');
    assert.notEqual(weak.code, 0);
    assert.match(weak.stderr, /password too easy to guess/);
    assert.equal((await cliDatabase.db.selectFrom('users').select('username').execute()).length, 0, 'nothing written');
    const strong = await runVigie(cliDatabase, ['user', 'add', '--username', 'claire', '--role', 'operator', '--password-stdin'], `${PASSPHRASE}\n`);
    assert.equal(strong.code, 0, strong.stderr);
  });

  it('accepts the demo password in demo mode only', async () => {
    const demo = await startAccessHarness('sqlite', { demo: true });
    try {
      assert.equal((await (await demo.admin()).request('POST', '/api/users', { username: 'visiteur', role: 'operator', password: DEMO_PASSWORD })).statusCode, 201);
    } finally {
      await demo.close();
    }
    assert.equal((await (await h.admin()).request('POST', '/api/users', { username: 'visiteur', role: 'operator', password: DEMO_PASSWORD })).statusCode, 400);
  });
});

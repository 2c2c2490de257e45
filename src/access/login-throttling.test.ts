// Login throttling against an attacker, over HTTP on both engines (default limits: 5 per account and address,
// 50 per account, 20 per address): a burst of 100 parallel attempts gets no more password evaluations than the
// sequential limit and the right password inside it does not get through, also across two servers sharing one
// PostgreSQL; a stranger cannot keep a user out of his own workstation; an administrator lifts lockouts (and
// the journal says so); room leads and administrators see the lockouts, operators and auditors do not; the
// answer does not tell whether an account exists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { testDialects } from '../../test/support/databases.js';
import { LoginAttempts, loginLimits } from './login-attempts.js';
import { PasswordLogin } from './login.js';
import { startAccessHarness, TEST_PASSWORD, type AccessHarness } from './testing/harness.js';
import { TestClient } from './testing/client.js';

const MIN = 60_000;

interface Lockout {
  readonly kind: string;
  readonly username: string | null;
  readonly address: string | null;
  readonly failures: number;
  readonly lockedUntil: string;
}

/** Attempts whose password was evaluated: the journal's failed and allowed logins for that username. */
async function evaluations(h: AccessHarness, username: string): Promise<number> {
  const [failed, allowed] = await Promise.all([
    h.journal.query({ action: 'auth.login', outcome: 'failed', limit: 1000 }),
    h.journal.query({ action: 'auth.login', outcome: 'allowed', actor: username, limit: 1000 }),
  ]);
  return failed.entries.filter((e) => e.details['username'] === username).length + allowed.entries.length;
}

for (const dialect of await testDialects()) {
  describe(`login throttling (${dialect})`, () => {
    let h: AccessHarness;
    before(async () => {
      h = await startAccessHarness(dialect);
    });
    after(async () => h.close());

    it('gives a burst of 100 parallel attempts no more evaluations than the sequential limit; the right password inside it waits', async () => {
      await h.createUser({ username: 'victor', role: 'operator' });
      const passwords = Array.from({ length: 100 }, (_, i) => (i === 60 ? TEST_PASSWORD : `guess number ${i}`));
      const answers = await Promise.all(passwords.map((password) => new TestClient(h.app, '10.9.0.1').login('victor', password)));
      const statuses = answers.map((a) => a.statusCode);
      assert.equal(await evaluations(h, 'victor'), 5, 'five passwords evaluated, as many as one after the other');
      assert.deepEqual([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length], [5, 95]);
      assert.equal(answers[60]?.statusCode, 429, 'the right password sent inside the burst does not get through');
      assert.equal((await h.journal.query({ action: 'auth.login', outcome: 'denied', limit: 1000 })).entries.filter((e) => e.details['username'] === 'victor').length, 95);
    });

    // Servers share a PostgreSQL database; a SQLite file belongs to one server.
    if (dialect === 'postgres')
      it('keeps the count when two servers share the database', async () => {
        await h.createUser({ username: 'valentin', role: 'operator' });
        const second: DatabaseHandle = await openDatabase({ url: h.handle.url, dataDir: h.handle.dataDir, migrate: false });
        try {
          const secondServer = new PasswordLogin({
            users: h.access.users,
            attempts: new LoginAttempts(second.db, h.clock, loginLimits(h.access.config.security)),
            journal: h.journal,
            clock: h.clock,
            secondFactor: h.access.secondFactor.setting,
            sealer: h.access.secondFactor.sealer,
          });
          const attempt = (server: (u: string, p: string, s: { ip: string }) => Promise<unknown>, i: number): Promise<string> =>
            server('valentin', i === 70 ? TEST_PASSWORD : `guess ${i}`, { ip: '10.9.0.2' }).then(
              () => 'in',
              (error: { status: number }) => String(error.status),
            );
          const outcomes = await Promise.all(
            Array.from({ length: 100 }, (_, i) => attempt(i % 2 === 0 ? (u, p, s) => h.access.authenticatePassword(u, p, s) : (u, p, s) => secondServer.authenticate(u, p, s), i)),
          );
          assert.equal(await evaluations(h, 'valentin'), 5);
          assert.deepEqual([outcomes.filter((o) => o === '401').length, outcomes.filter((o) => o === '429').length, outcomes[70]], [5, 95, '429']);
        } finally {
          await second.close();
        }
      });

    it("does not let a stranger keep a user out of his own workstation, and lifts lockouts on an administrator's unlock", async () => {
      const olga = await h.createUser({ username: 'olga', role: 'operator' });
      const workstation = new TestClient(h.app, '10.1.0.7');
      assert.equal((await workstation.login('olga', TEST_PASSWORD)).statusCode, 200);
      const stranger = new TestClient(h.app, '10.66.0.1');
      for (let i = 0; i < 5; i += 1) assert.equal((await stranger.login('olga', `guess ${i}`)).statusCode, 401);
      assert.equal((await stranger.login('olga', 'guess 5')).statusCode, 429);
      assert.equal((await new TestClient(h.app, '10.1.0.8').login('olga', TEST_PASSWORD)).statusCode, 200, 'another address of hers is not locked');
      assert.equal((await new TestClient(h.app, '10.1.0.7').login('olga', TEST_PASSWORD)).statusCode, 200);

      // Eleven addresses fill the per-account count (50): the account is locked where she never logged in …
      for (let a = 2; a <= 12; a += 1) for (let i = 0; i < 5; i += 1) await new TestClient(h.app, `10.66.0.${a}`).login('olga', `guess ${a}.${i}`);
      assert.equal((await new TestClient(h.app, '10.1.0.9').login('olga', TEST_PASSWORD)).statusCode, 429);
      // … but not at her workstation.
      assert.equal((await new TestClient(h.app, '10.1.0.7').login('olga', TEST_PASSWORD)).statusCode, 200);

      const admin = await h.admin();
      const lockouts = (await admin.request('GET', '/api/auth/lockouts')).json() as Lockout[];
      const account = lockouts.find((l) => l.kind === 'account' && l.username === 'olga');
      assert.ok(account !== undefined && account.address === null && account.failures === 50, JSON.stringify(lockouts));
      assert.ok(lockouts.some((l) => l.kind === 'account_address' && l.username === 'olga' && l.address === '10.66.0.1' && l.failures === 5));

      const operator = await loggedIn(h, 'oscar', 'operator');
      assert.equal((await operator.request('POST', `/api/users/${olga}/unlock`)).statusCode, 403);
      const unlocked = await admin.request('POST', `/api/users/${olga}/unlock`);
      assert.equal(unlocked.statusCode, 200, unlocked.body);
      assert.deepEqual(unlocked.json(), { username: 'olga', lifted: 11 }, 'the account and ten account + address locks');
      const entry = (await h.journal.query({ action: 'user.unlock' })).entries[0];
      assert.deepEqual([entry?.actor?.username, entry?.outcome, entry?.target?.id, entry?.details['lifted']], ['admin', 'allowed', olga, 11]);
      assert.equal((await new TestClient(h.app, '10.1.0.9').login('olga', TEST_PASSWORD)).statusCode, 200);
      assert.equal((await new TestClient(h.app, '10.66.0.1').login('olga', 'guess again')).statusCode, 401, "the stranger's address is evaluated again, not locked");
      assert.equal(((await admin.request('GET', '/api/auth/lockouts')).json() as Lockout[]).filter((l) => l.username === 'olga').length, 0);
    });

    it('shows the lockouts in force to room leads and administrators only, without password material', async () => {
      for (let i = 0; i < 5; i += 1) await new TestClient(h.app, '10.2.0.1').login('nobody-here', `hunter${i}`);
      const lead = await loggedIn(h, 'rachel', 'room_lead');
      const listed = await lead.request('GET', '/api/auth/lockouts');
      assert.equal(listed.statusCode, 200);
      const lockout = (listed.json() as Lockout[]).find((l) => l.username === 'nobody-here');
      assert.ok(lockout !== undefined);
      assert.deepEqual(Object.keys(lockout).sort(), ['address', 'failures', 'kind', 'lockedUntil', 'lockouts', 'username']);
      assert.deepEqual([lockout.address, lockout.failures, Date.parse(lockout.lockedUntil)], ['10.2.0.1', 5, h.clock.now() + 15 * MIN]);
      assert.doesNotMatch(listed.body, /hunter|scrypt|password/i);
      for (const role of ['operator', 'auditor']) {
        const client = await loggedIn(h, `${role}-viewer`, role);
        assert.equal((await client.request('GET', '/api/auth/lockouts')).statusCode, 403, role);
      }
      assert.equal((await new TestClient(h.app).request('GET', '/api/auth/lockouts')).statusCode, 401);
    });

    it('answers alike for an unknown username and a wrong password: status, message, lockout and timing', async () => {
      await h.createUser({ username: 'ursula', role: 'operator' });
      const times = { known: [] as number[], unknown: [] as number[] };
      const bodies = { known: new Set<string>(), unknown: new Set<string>() };
      for (let i = 0; i < 6; i += 1) {
        for (const [kind, username] of [
          ['known', 'ursula'],
          ['unknown', 'ursule'],
        ] as const) {
          const started = performance.now();
          const answer = await new TestClient(h.app, `10.3.${kind === 'known' ? 1 : 2}.1`).login(username, `wrong ${i}`);
          times[kind].push(performance.now() - started);
          const { message, error } = answer.json() as { message: string; error: string };
          bodies[kind].add(`${answer.statusCode} ${error} ${message.replace(/\d+ s/, 'N s')}`);
        }
      }
      assert.deepEqual([...bodies.known], ['401 VIGIE_LOGIN_FAILED wrong username or password', '429 VIGIE_LOGIN_THROTTLED too many failed logins; try again in N s or ask an administrator']);
      assert.deepEqual([...bodies.unknown], [...bodies.known]);
      const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
      const [known, unknown] = [median(times.known.slice(0, 5)), median(times.unknown.slice(0, 5))];
      assert.ok(unknown > known / 2 && unknown < known * 2, `an unknown username answers in ${unknown.toFixed(0)} ms, a wrong password in ${known.toFixed(0)} ms`);
    });
  });
}

async function loggedIn(h: AccessHarness, username: string, role: string): Promise<TestClient> {
  await h.createUser({ username, role });
  const client = new TestClient(h.app, '10.200.0.1');
  assert.equal((await client.login(username, TEST_PASSWORD)).statusCode, 200);
  return client;
}

// An investigator's session is time-boxed (security.investigatorSessionMinutes): it ends at its term whatever its
// use, on both databases; other roles' sessions keep the idle and absolute limits only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../test/support/databases.js';
import { startAccessHarness, TEST_PASSWORD, type AccessHarness } from './testing/harness.js';
import { TestClient } from './testing/client.js';

for (const dialect of await testDialects()) {
  describe(`investigator session time box (${dialect})`, () => {
    let h: AccessHarness;
    before(async () => {
      h = await startAccessHarness(dialect, { 'security.investigatorSessionMinutes': 45 });
    });
    after(async () => h.close());

    it("ends an investigator's session at its term, in use or not, and gives the term to the console", async () => {
      await h.createUser({ username: 'ivan', role: 'investigator' });
      await h.createUser({ username: 'rose', role: 'room_lead' });
      const investigator = new TestClient(h.app, '10.0.0.7');
      const lead = new TestClient(h.app, '10.0.0.8');
      const login = await investigator.login('ivan', TEST_PASSWORD);
      assert.equal(login.statusCode, 200);
      const term = h.clock.now() + 45 * 60_000;
      assert.equal((login.json() as { account: { sessionEndsAt: string } }).account.sessionEndsAt, new Date(term).toISOString());
      assert.equal((await lead.login('rose', TEST_PASSWORD)).statusCode, 200);
      // Used every 10 minutes (never idle), it still ends at 45 minutes.
      for (let minute = 10; minute < 45; minute += 10) {
        h.clock.advance(10 * 60_000);
        const me = await investigator.request('GET', '/api/auth/me');
        assert.equal(me.statusCode, 200, `still open at ${minute} min`);
        assert.equal((me.json() as { account: { sessionEndsAt: string } }).account.sessionEndsAt, new Date(term).toISOString());
        assert.equal((await lead.request('GET', '/api/auth/me')).statusCode, 200);
      }
      h.clock.advance(term - h.clock.now());
      assert.equal((await investigator.request('GET', '/api/auth/me')).statusCode, 401, 'ended at its term');
      const leadMe = await lead.request('GET', '/api/auth/me');
      assert.equal(leadMe.statusCode, 200, "a room lead's session is not time-boxed");
      assert.equal((leadMe.json() as { account: { sessionEndsAt: string | null } }).account.sessionEndsAt, null);
      // A new login opens a new time box.
      assert.equal((await investigator.login('ivan', TEST_PASSWORD)).statusCode, 200);
      assert.equal((await investigator.request('GET', '/api/auth/me')).statusCode, 200);
    });
  });
}

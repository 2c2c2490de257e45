// The auditor's journal API on both engines: filters and paging as JSON, the CSV export, reads journaled,
// and no journal for roles without journal.read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../../test/support/databases.js';
import { TestClient } from '../access/testing/client.js';
import { startAccessHarness, TEST_PASSWORD, type AccessHarness } from '../access/testing/harness.js';

interface Page {
  entries: Array<{ sequence: number; action: string; outcome: string; actor: { username: string } | null; target: { cameraId?: string } | null }>;
  next: number | null;
}

for (const dialect of await testDialects()) {
  describe(`journal API (${dialect})`, () => {
    let h: AccessHarness;
    let auditor: TestClient;
    before(async () => {
      h = await startAccessHarness(dialect);
      await h.createUser({ username: 'dpo', role: 'auditor' });
      await h.createUser({ username: 'op', role: 'operator' });
      auditor = new TestClient(h.app);
      assert.equal((await auditor.login('dpo', TEST_PASSWORD)).statusCode, 200);
      await new TestClient(h.app).login('op', 'wrong password');
      const operator = new TestClient(h.app);
      await operator.login('op', TEST_PASSWORD);
      await operator.request('GET', '/test/cameras/cam-luce/live');
    });
    after(async () => h.close());

    it('filters and pages entries for auditors, and journals the read', async () => {
      const failed = (await auditor.request('GET', '/api/journal?action=auth.login&outcome=failed')).json() as Page;
      assert.equal(failed.entries.length, 1);
      assert.equal(failed.entries[0]?.actor, null, 'a failed login names no actor');
      const video = (await auditor.request('GET', '/api/journal?cameraId=cam-luce&username=op')).json() as Page;
      assert.deepEqual(
        video.entries.map((e) => [e.action, e.outcome, e.target?.cameraId]),
        [['video.live', 'allowed', 'cam-luce']],
      );
      const first = (await auditor.request('GET', '/api/journal?limit=2')).json() as Page;
      assert.equal(first.entries.length, 2);
      assert.ok(first.next !== null);
      const second = (await auditor.request('GET', `/api/journal?limit=2&before=${first.next}`)).json() as Page;
      assert.ok((second.entries[0]?.sequence ?? Infinity) < (first.entries[1]?.sequence ?? 0));
      const future = (await auditor.request('GET', `/api/journal?from=${new Date(h.clock.now() + 1000).toISOString()}`)).json() as Page;
      assert.deepEqual(future.entries, []);
      assert.equal((await auditor.request('GET', '/api/journal?from=yesterday')).statusCode, 400);
      assert.equal((await auditor.request('GET', '/api/journal?outcome=maybe')).statusCode, 400);
      const reads = (await auditor.request('GET', '/api/journal?action=journal.read&username=dpo')).json() as Page;
      assert.ok(reads.entries.length >= 5);
    });

    it('exports CSV, oldest first, with a header row', async () => {
      const response = await auditor.request('GET', '/api/journal.csv?username=op');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /text\/csv/);
      const lines = response.body.trim().split('\r\n');
      assert.equal(lines[0]?.split(',')[0], 'sequence');
      const sequences = lines.slice(1).map((l) => Number(l.split(',')[0]));
      assert.ok(sequences.length >= 2);
      assert.deepEqual(
        sequences,
        [...sequences].sort((a, b) => a - b),
      );
      assert.ok(lines.slice(1).every((l) => l.includes(',op,operator,')));
    });

    it('refuses the journal to roles without journal.read', async () => {
      const operator = new TestClient(h.app);
      await operator.login('op', TEST_PASSWORD);
      assert.equal((await operator.request('GET', '/api/journal')).statusCode, 403);
      assert.equal((await operator.request('GET', '/api/journal.csv')).statusCode, 403);
      assert.equal((await new TestClient(h.app).request('GET', '/api/journal')).statusCode, 401);
    });
  });
}

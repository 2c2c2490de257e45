// The auditor's journal API on both engines: filters and paging as JSON (role and commune checked against SQL),
// the CSV export, the chain status, the signed extract and its offline check, reads journaled, and no journal
// for roles without journal.read.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runVigieCommand } from '../../test/support/vigie-cli.js';
import { extractKeyPaths, verifyExtractHtml } from './extract.js';
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

    it('filters by role and commune exactly as SQL selects, the commune also through its cameras', async () => {
      await h.journal.append({ actor: null, action: 'watch.request', outcome: 'allowed', target: { type: 'watch-request', id: 'w-1', communeInsee: '28085' } });
      await h.journal.append({ actor: null, action: 'video.export', outcome: 'failed', target: { type: 'camera', id: 'cam-chartres', cameraId: 'cam-chartres' } });
      await h.journal.append({ actor: null, action: 'video.live', outcome: 'allowed', target: { type: 'camera', id: 'cam-luce', cameraId: 'cam-luce', communeInsee: '28218' } });
      const sql = async (where: (q: ReturnType<typeof selectAll>) => ReturnType<typeof selectAll>): Promise<number[]> =>
        (await where(selectAll()).orderBy('sequence', 'desc').execute()).map((row) => row.sequence);
      const selectAll = () => h.handle.db.selectFrom('journal_entries').selectAll();
      const api = async (query: string): Promise<number[]> => ((await auditor.request('GET', `/api/journal?limit=1000&${query}`)).json() as Page).entries.map((e) => e.sequence);

      const chartres = await sql((q) => q.where((eb) => eb.or([eb('commune_insee', '=', '28085'), eb('camera_id', '=', 'cam-chartres')])));
      assert.equal(chartres.length, 2);
      assert.deepEqual(await api('commune=28085'), chartres);
      const operators = await sql((q) => q.where('actor_role', '=', 'operator'));
      assert.ok(operators.length >= 2);
      assert.deepEqual(await api('role=operator'), operators);
      const deniedOperators = await sql((q) => q.where('actor_role', '=', 'operator').where('outcome', '=', 'denied'));
      assert.deepEqual(await api('role=operator&outcome=denied'), deniedOperators);
      assert.equal((await auditor.request('GET', '/api/journal?commune=Chartres')).statusCode, 400);
    });

    it('reports the chain intact with its last checkpoint, and signs an extract that verify-extract accepts and that any edit breaks', async () => {
      const status = (await auditor.request('GET', '/api/journal/status')).json() as Record<string, unknown>;
      const head = await h.handle.db.selectFrom('journal_head').selectAll().executeTakeFirstOrThrow();
      assert.equal(status['intact'], true);
      assert.equal(status['lastCheckpointSequence'], status['lastSequence']);
      assert.ok((status['lastSequence'] as number) <= head.last_sequence);
      assert.match(String(status['lastCheckpointTime']), /^\d{4}-\d\d-\d\dT/);

      const response = await auditor.request('GET', '/api/journal.csv?commune=28085');
      const csvSequences = response.body
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => Number(line.split(',')[0]));
      const extract = await auditor.request('GET', '/api/journal/extract.html?commune=28085');
      assert.equal(extract.statusCode, 200);
      assert.match(String(extract.headers['content-type']), /text\/html/);
      const html = extract.body;
      assert.match(html, /Chaîne intègre — dernier point d’ancrage|Chaîne intègre — dernier point d'ancrage/);
      assert.match(html, /Commune \(INSEE\) : 28085/);
      const key = createPublicKey(readFileSync(extractKeyPaths(h.handle.dataDir).publicFile, 'utf8'));
      const verdict = verifyExtractHtml(html, key);
      assert.deepEqual(verdict.ok ? verdict.entries : verdict.reason, csvSequences.length, 'the extract holds what the CSV holds');

      const file = join(h.handle.dataDir, 'extrait.html');
      writeFileSync(file, html);
      const genuine = await runVigieCommand(['journal', 'verify-extract', file, '--public-key', extractKeyPaths(h.handle.dataDir).publicFile]);
      assert.equal(genuine.code, 0, genuine.stdout + genuine.stderr);
      assert.match(genuine.stdout, /extract genuine: 2 entries/);
      const edited = html.replace('<td>watch.request</td>', '<td>watch.review</td>');
      assert.notEqual(edited, html);
      assert.deepEqual(verifyExtractHtml(edited, key), { ok: false, reason: 'the visible page differs from its signed payload (edited after signing)' });
      assert.deepEqual(verifyExtractHtml(html.replace('"watch.request"', '"watch.review"'), key), { ok: false, reason: 'the signature does not match the payload with this public key' });
      writeFileSync(file, edited);
      const altered = await runVigieCommand(['journal', 'verify-extract', file, '--public-key', extractKeyPaths(h.handle.dataDir).publicFile]);
      assert.equal(altered.code, 1, altered.stdout + altered.stderr);
      assert.match(altered.stdout, /EXTRACT NOT GENUINE/);
    });

    it('refuses the journal to roles without journal.read', async () => {
      const operator = new TestClient(h.app);
      await operator.login('op', TEST_PASSWORD);
      assert.equal((await operator.request('GET', '/api/journal')).statusCode, 403);
      assert.equal((await operator.request('GET', '/api/journal.csv')).statusCode, 403);
      assert.equal((await operator.request('GET', '/api/journal/extract.html')).statusCode, 403);
      assert.equal((await operator.request('GET', '/api/journal/status')).statusCode, 403);
      assert.equal((await new TestClient(h.app).request('GET', '/api/journal')).statusCode, 401);
    });
  });
}

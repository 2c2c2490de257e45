// The journal on both engines: chaining, tamper detection inside the database (edit, deletion in the middle
// and at the end, swap, insertion), serialised appends (and their checkpoints) from concurrent callers and from
// two other processes, retention purge, queries. Checkpoints: checkpoints.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../core/clock.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { rmSync } from 'node:fs';
import { checkpointFilePath, createJournal, type Journal } from './index.js';

const DAY = 24 * 3600 * 1000;
const alice = { id: 'u-alice', username: 'alice', role: 'operator' };

async function fill(journal: Journal, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await journal.append({
      actor: alice,
      action: i % 2 === 0 ? 'video.live' : 'auth.login',
      outcome: 'allowed',
      ip: '10.0.0.1',
      target: { type: 'camera', id: `cam-${i}`, cameraId: `cam-${i}` },
      details: { i, z: 1, a: [1, 2] },
    });
  }
}

for (const dialect of await testDialects()) {
  describe(`journal (${dialect})`, () => {
    let handle: TestDatabase;
    let clock: ManualClock;
    let journal: Journal;

    before(async () => {
      handle = await openTestDatabase(dialect);
    });
    after(async () => handle.close());

    const fresh = async (): Promise<void> => {
      await handle.db.deleteFrom('journal_entries').execute();
      await handle.db
        .updateTable('journal_head')
        .set({ last_sequence: 0, last_hash: '0'.repeat(64), entry_count: 0, first_sequence: 1, anchor_hash: '0'.repeat(64) })
        .execute();
      // The checkpoints of the previous test's chain would (rightly) contradict this new one.
      rmSync(checkpointFilePath(handle.dataDir), { force: true });
      clock = new ManualClock(Date.UTC(2026, 0, 1));
      journal = createJournal({ db: handle.db, clock, dataDir: handle.dataDir });
      await fill(journal, 6);
    };

    it('chains entries and verifies an intact journal', async () => {
      await fresh();
      const result = await journal.verify();
      assert.deepEqual({ ok: result.ok, entries: result.entries }, { ok: true, entries: 6 });
      const rows = await handle.db.selectFrom('journal_entries').select(['sequence', 'prev_hash', 'hash']).orderBy('sequence').execute();
      assert.deepEqual(
        rows.map((r) => r.sequence),
        [1, 2, 3, 4, 5, 6],
      );
      for (let i = 1; i < rows.length; i += 1) assert.equal(rows[i]?.prev_hash, rows[i - 1]?.hash);
    });

    it('detects a modified entry', async () => {
      await fresh();
      await handle.db.updateTable('journal_entries').set({ outcome: 'denied' }).where('sequence', '=', 3).execute();
      assert.deepEqual(pick(await journal.verify()), { ok: false, firstBadSequence: 3 });
    });

    it('detects a modified details field', async () => {
      await fresh();
      await handle.db.updateTable('journal_entries').set({ details: '{"i":99}' }).where('sequence', '=', 2).execute();
      assert.deepEqual(pick(await journal.verify()), { ok: false, firstBadSequence: 2 });
    });

    it('detects a deleted middle entry', async () => {
      await fresh();
      await handle.db.deleteFrom('journal_entries').where('sequence', '=', 4).execute();
      const result = await journal.verify();
      assert.deepEqual(pick(result), { ok: false, firstBadSequence: 4 });
      assert.match(result.ok ? '' : result.reason, /missing/);
    });

    it('detects deleted last entries through the head record', async () => {
      await fresh();
      await handle.db.deleteFrom('journal_entries').where('sequence', '>=', 5).execute();
      const result = await journal.verify();
      assert.deepEqual(pick(result), { ok: false, firstBadSequence: 5 });
    });

    it('detects two entries swapped', async () => {
      await fresh();
      await handle.db.updateTable('journal_entries').set({ sequence: 1000 }).where('sequence', '=', 2).execute();
      await handle.db.updateTable('journal_entries').set({ sequence: 2 }).where('sequence', '=', 3).execute();
      await handle.db.updateTable('journal_entries').set({ sequence: 3 }).where('sequence', '=', 1000).execute();
      assert.deepEqual(pick(await journal.verify()), { ok: false, firstBadSequence: 2 });
    });

    it('detects an inserted entry, even with a recomputed hash', async () => {
      await fresh();
      const last = await handle.db.selectFrom('journal_entries').selectAll().where('sequence', '=', 6).executeTakeFirstOrThrow();
      await handle.db
        .insertInto('journal_entries')
        .values({ ...last, sequence: 7, prev_hash: last.hash })
        .execute();
      assert.deepEqual(pick(await journal.verify()), { ok: false, firstBadSequence: 7 });
    });

    it('serialises concurrent appends from this process and from two other processes', async () => {
      await fresh();
      const children = ['a', 'b'].map((tag) => runChild(handle, 15, tag));
      await Promise.all([...children, ...Array.from({ length: 15 }, (_, i) => journal.append({ actor: null, action: 'test.concurrent', outcome: 'allowed', details: { tag: 'parent', i } }))]);
      const result = await journal.verify();
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.entries, 6 + 45);
    });

    it('purges entries past retention and stays verifiable; hiding more deletions is detected', async () => {
      await fresh();
      clock.advance(400 * DAY);
      await fill(journal, 3);
      assert.equal(await journal.purgeExpired(365), 6);
      const result = await journal.verify();
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.entries, 4);
      const purge = await journal.query({ action: 'journal.purge' });
      assert.equal(purge.entries[0]?.details['deletedEntries'], 6);
      // Deleting the oldest kept entry and moving the anchor to match is caught by the recorded purge.
      const first = await handle.db.selectFrom('journal_entries').select(['sequence', 'hash']).orderBy('sequence').limit(1).executeTakeFirstOrThrow();
      await handle.db.deleteFrom('journal_entries').where('sequence', '=', first.sequence).execute();
      await handle.db
        .updateTable('journal_head')
        .set((eb) => ({ first_sequence: first.sequence + 1, anchor_hash: first.hash, entry_count: eb('entry_count', '-', 1) }))
        .execute();
      assert.equal((await journal.verify()).ok, false);
    });

    it('filters and pages queries, newest first', async () => {
      await fresh();
      const page1 = await journal.query({ action: 'video.live', limit: 2 });
      assert.deepEqual(
        page1.entries.map((e) => e.sequence),
        [5, 3],
      );
      assert.equal(page1.next, 3);
      const page2 = await journal.query({ action: 'video.live', limit: 2, beforeSequence: page1.next ?? 0 });
      assert.deepEqual(
        page2.entries.map((e) => e.sequence),
        [1],
      );
      assert.equal(page2.next, null);
      assert.equal((await journal.query({ cameraId: 'cam-4' })).entries[0]?.target?.cameraId, 'cam-4');
      assert.equal((await journal.query({ actor: 'alice' })).entries.length, 6);
      assert.equal((await journal.query({ actor: 'bob' })).entries.length, 0);
      assert.equal((await journal.query({ outcome: 'denied' })).entries.length, 0);
      assert.equal((await journal.query({ fromMs: clock.now() + 1 })).entries.length, 0);
      const count = await sql<{ n: number }>`select count(*) as n from journal_entries`.execute(handle.db);
      assert.equal(Number(count.rows[0]?.n), 6);
    });
  });
}

const CHILD = fileURLToPath(new URL('./testing/append-many.ts', import.meta.url));

function runChild(handle: TestDatabase, count: number, tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, handle.url, handle.dataDir, String(count), tag], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`append child ${tag} exited ${code}: ${stderr}`))));
  });
}

function pick(result: Awaited<ReturnType<Journal['verify']>>): { ok: boolean; firstBadSequence?: number } {
  return result.ok ? { ok: true } : { ok: false, firstBadSequence: result.firstBadSequence };
}

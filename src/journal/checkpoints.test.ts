// Signed checkpoints on both engines: the three rewrites an attacker with database access does in raw SQL
// (cut the tail and move the head back, re-hash the chain, append a forged entry) are caught with the
// sequence named; a retention purge still verifies; a missing, truncated or edited checkpoint file is
// reported; and an attacker who also holds the key and re-signs the local file is caught by a shipped copy.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../core/clock.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { checkpointFilePath, checkpointLine, loadCheckpointSigningKey, parseCheckpointLine, signCheckpoint } from './checkpoint.js';
import { createJournal, type Journal, type JournalVerifyResult } from './index.js';
import { deleteTail, forgeAppend, rewriteFrom } from './testing/attacker.js';

const DAY = 24 * 3600 * 1000;

function failure(result: JournalVerifyResult): { firstBadSequence: number; reason: string } {
  assert.equal(result.ok, false, `expected tampering to be detected: ${JSON.stringify(result)}`);
  return result.ok ? { firstBadSequence: -1, reason: '' } : { firstBadSequence: result.firstBadSequence, reason: result.reason };
}

for (const dialect of await testDialects()) {
  describe(`journal checkpoints (${dialect})`, () => {
    let handle: TestDatabase;
    let clock: ManualClock;
    let journal: Journal;
    let file: string;

    before(async () => {
      handle = await openTestDatabase(dialect);
      file = checkpointFilePath(handle.dataDir);
    });
    after(async () => {
      await journal.close();
      await handle.close();
    });

    beforeEach(async () => {
      await journal?.close();
      await handle.db.deleteFrom('journal_entries').execute();
      await handle.db
        .updateTable('journal_head')
        .set({ last_sequence: 0, last_hash: '0'.repeat(64), entry_count: 0, first_sequence: 1, anchor_hash: '0'.repeat(64) })
        .execute();
      rmSync(file, { force: true });
      clock = new ManualClock(Date.UTC(2026, 0, 1));
      journal = createJournal({ db: handle.db, clock, dataDir: handle.dataDir });
      for (let i = 0; i < 6; i += 1) await journal.append({ actor: null, action: 'video.live', outcome: 'allowed', target: { type: 'camera', id: `cam-${i}`, cameraId: `cam-${i}` }, details: { i } });
    });

    it('writes one signed checkpoint per append, outside the database, and verifies an intact journal', async () => {
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      assert.deepEqual(
        lines.map((line) => parseCheckpointLine(line)?.sequence),
        [1, 2, 3, 4, 5, 6],
      );
      const result = await journal.verify();
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.deepEqual([result.checkpoints, result.lastCheckpointSequence, result.lastCheckpointTime], [6, 6, new Date(Date.UTC(2026, 0, 1)).toISOString()]);
      assert.equal(statSync(`${handle.dataDir}/keys/journal-checkpoint-ed25519.pem`).mode & 0o777, 0o600);
      assert.ok(existsSync(`${handle.dataDir}/keys/journal-checkpoint-ed25519.pub.pem`));
    });

    it('verifies intact while entries keep being appended (a running server)', async () => {
      let appending = true;
      const appends = (async () => {
        for (let i = 0; appending || i < 20; i += 1) await journal.append({ actor: null, action: 'video.live', outcome: 'allowed', details: { i } });
      })();
      try {
        for (let round = 0; round < 3; round += 1) {
          const result = await journal.verify();
          assert.equal(result.ok, true, JSON.stringify(result));
        }
      } finally {
        appending = false;
        await appends;
      }
    });

    it('detects the last entries deleted and the head moved back', async () => {
      await deleteTail(handle.db, 5);
      const { firstBadSequence, reason } = failure(await journal.verify());
      assert.equal(firstBadSequence, 5);
      assert.match(reason, /entries 5–6 are missing: the checkpoint of .* records entry 6 but the database ends at 4/);
    });

    it('detects the chain rewritten and re-hashed from an entry on', async () => {
      await rewriteFrom(handle.db, 3, '{"i":99}');
      const { firstBadSequence, reason } = failure(await journal.verify());
      assert.equal(firstBadSequence, 3);
      assert.match(reason, /entry 3 is not the entry checkpointed at .*line 3.*rewritten from entry 3/);
    });

    it('detects a forged entry appended with the head moved, even once Vigie appended after it', async () => {
      const forged = await forgeAppend(handle.db);
      assert.equal(forged, 7);
      const { firstBadSequence, reason } = failure(await journal.verify());
      assert.equal(firstBadSequence, 7);
      assert.match(reason, /entry 7 without a checkpoint: appended outside Vigie/);
      // Vigie's next entry chains onto the forgery and anchors it through the hash; the forgery still has no checkpoint of its own.
      await journal.append({ actor: null, action: 'auth.login', outcome: 'allowed' });
      assert.equal(failure(await journal.verify()).firstBadSequence, 7);
    });

    it('still verifies after a retention purge, and the purge is anchored', async () => {
      clock.advance(400 * DAY);
      await journal.append({ actor: null, action: 'auth.login', outcome: 'allowed' });
      assert.equal(await journal.purgeExpired(365), 6);
      const result = await journal.verify();
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.deepEqual([result.entries, result.lastCheckpointSequence], [2, 8]);
      // A later tail deletion is still caught.
      await journal.append({ actor: null, action: 'auth.logout', outcome: 'allowed' });
      await deleteTail(handle.db, 9);
      assert.equal(failure(await journal.verify()).firstBadSequence, 9);
    });

    it('reports a missing checkpoint file', async () => {
      rmSync(file);
      const { reason } = failure(await journal.verify());
      assert.match(reason, /checkpoint file .*checkpoints\.jsonl is missing/);
    });

    it('reports a checkpoint file with its last lines removed, or cut in the middle of a line', async () => {
      const lines = readFileSync(file, 'utf8').split('\n');
      writeFileSync(file, `${lines.slice(0, 4).join('\n')}\n`);
      const removed = failure(await journal.verify());
      assert.equal(removed.firstBadSequence, 5);
      assert.match(removed.reason, /entries 5–6 without a checkpoint/);
      writeFileSync(file, `${lines.slice(0, 5).join('\n')}\n${lines[5]?.slice(0, 40) ?? ''}`);
      assert.match(failure(await journal.verify()).reason, /line 6 of .* is cut short/);
    });

    it('reports an edited checkpoint line with its sequence and line', async () => {
      const lines = readFileSync(file, 'utf8').split('\n');
      const third = parseCheckpointLine(lines[2] ?? '');
      assert.ok(third);
      lines[2] = checkpointLine({ ...third, timeMs: third.timeMs + 1 }).trimEnd();
      writeFileSync(file, lines.join('\n'));
      const { firstBadSequence, reason } = failure(await journal.verify());
      assert.equal(firstBadSequence, 3);
      assert.match(reason, /checkpoint of entry 3 \(.*line 3\) has an invalid signature/);
    });

    it('an attacker holding the key re-signs the local file; a shipped copy still catches the rewrite', async () => {
      const shipped = `${handle.dataDir}/shipped-checkpoints.jsonl`;
      copyFileSync(file, shipped);
      await rewriteFrom(handle.db, 2, '{"i":-1}');
      const key = loadCheckpointSigningKey(handle.dataDir);
      const rows = await handle.db.selectFrom('journal_entries').select(['sequence', 'hash', 'time']).orderBy('sequence').execute();
      writeFileSync(file, rows.map((row, index) => checkpointLine(signCheckpoint({ sequence: row.sequence, hash: row.hash, timeMs: row.time, entryCount: index + 1 }, key))).join(''));
      assert.equal((await journal.verify()).ok, true, 'the local file alone is consistent with the rewrite: the stated limit');
      const { firstBadSequence, reason } = failure(await journal.verify({ checkpointFiles: [shipped] }));
      assert.equal(firstBadSequence, 2);
      assert.match(reason, /shipped-checkpoints\.jsonl line 2/);
    });
  });
}

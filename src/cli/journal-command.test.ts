// `vigie journal verify` as an auditor runs it, on both engines: exit 0 with the checkpoint fields on an
// intact journal; exit 1 naming the sequence once the tail is cut in raw SQL, also with --checkpoints against a
// shipped copy.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../core/clock.js';
import { checkpointFilePath, createJournal } from '../journal/index.js';
import { deleteTail } from '../journal/testing/attacker.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { runVigie as vigie } from '../../test/support/vigie-cli.js';

const summaryOf = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;

for (const dialect of await testDialects()) {
  describe(`vigie journal verify (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await openTestDatabase(dialect);
      const journal = createJournal({ db: database.db, clock: systemClock, dataDir: database.dataDir });
      for (let i = 0; i < 4; i += 1) await journal.append({ actor: null, action: 'video.live', outcome: 'allowed', details: { i } });
      await journal.close();
    });
    after(async () => database.close());

    it('answers 0 on an intact journal, then 1 naming the deleted entries once the tail is cut and the head moved', async () => {
      const intact = await vigie(database, ['journal', 'verify']);
      assert.equal(intact.code, 0, intact.stdout + intact.stderr);
      const summary = summaryOf(intact.stdout);
      assert.deepEqual([summary['ok'], summary['entries'], summary['checkpoints'], summary['lastCheckpointSequence']], [true, 4, 4, 4]);
      assert.match(String(summary['lastCheckpointTime']), /^\d{4}-\d\d-\d\dT/);

      const shipped = join(database.dataDir, 'shipped.jsonl');
      copyFileSync(checkpointFilePath(database.dataDir), shipped);
      await deleteTail(database.db, 3);
      const tampered = await vigie(database, ['journal', 'verify']);
      assert.equal(tampered.code, 1, tampered.stdout + tampered.stderr);
      assert.match(tampered.stdout, /JOURNAL TAMPERED at entry 3: entries 3–4 are missing/);
      const verdict = summaryOf(tampered.stdout);
      assert.deepEqual([verdict['ok'], verdict['firstBadSequence'], verdict['lastCheckpointSequence']], [false, 3, 4]);

      const againstCopy = await vigie(database, ['journal', 'verify', '--checkpoints', shipped]);
      assert.equal(againstCopy.code, 1, againstCopy.stdout + againstCopy.stderr);
      assert.deepEqual(summaryOf(againstCopy.stdout)['checkpointFiles'], [shipped]);
      assert.equal(summaryOf(againstCopy.stdout)['firstBadSequence'], 3);
    });
  });
}

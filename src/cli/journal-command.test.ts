// `vigie journal verify` as an auditor runs it, on both engines: exit 0 with the checkpoint fields on an
// intact journal; exit 1 naming the sequence once the tail is cut in raw SQL, also with --checkpoints against a
// shipped copy. `vigie journal export`: the CSV read back as a spreadsheet would, equal to the rows in SQL.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ManualClock, systemClock } from '../core/clock.js';
import { checkpointFilePath, createJournal, CSV_HEADER } from '../journal/index.js';
import { deleteTail } from '../journal/testing/attacker.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { csvRecords } from '../../test/support/csv-records.js';
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

for (const dialect of await testDialects()) {
  describe(`vigie journal export (${dialect})`, () => {
    const START = Date.parse('2026-11-02T08:00:00Z');
    let database: TestDatabase;
    before(async () => {
      database = await openTestDatabase(dialect);
      const clock = new ManualClock(START);
      const journal = createJournal({ db: database.db, clock, dataDir: database.dataDir });
      const people = [
        { id: 'u-1', username: 'dupont', role: 'operator' },
        { id: 'u-2', username: '=HYPERLINK("x")', role: 'room_lead' },
      ];
      for (let i = 0; i < 12; i += 1) {
        await journal.append({
          actor: i % 4 === 3 ? null : (people[i % 2] ?? null),
          action: i % 3 === 0 ? 'video.playback' : 'video.live',
          outcome: i % 5 === 4 ? 'denied' : 'allowed',
          ip: '10.0.0.7',
          target: { type: 'camera', id: `cam-${i % 3}`, cameraId: `cam-${i % 3}`, communeInsee: '28085' },
          details: { note: `ligne ${i}, "citée"\nsur deux lignes`, i },
        });
        clock.advance(60_000);
      }
      await journal.close();
    });
    after(async () => database.close());

    /** The CSV cells an auditor should read for each stored row, straight from SQL. */
    async function expectedRows(fromMs?: number, toMs?: number): Promise<string[][]> {
      let query = database.db.selectFrom('journal_entries').selectAll().orderBy('sequence', 'asc');
      if (fromMs !== undefined) query = query.where('time', '>=', fromMs);
      if (toMs !== undefined) query = query.where('time', '<=', toMs);
      const formula = (text: string | null): string => (text === null ? '' : /^[=+\-@]/.test(text) ? `'${text}` : text);
      return (await query.execute()).map((row) => [
        String(row.sequence),
        new Date(row.time).toISOString(),
        formula(row.actor_username),
        row.actor_role ?? '',
        row.actor_id ?? '',
        row.ip ?? '',
        row.action,
        row.outcome,
        row.target_type ?? '',
        row.target_id ?? '',
        row.camera_id ?? '',
        row.commune_insee ?? '',
        row.details,
        row.prev_hash,
        row.hash,
      ]);
    }

    it('prints the whole journal as CSV, header then one line per entry oldest first, equal to the database, the export journaled', async () => {
      const run = await vigie(database, ['journal', 'export', '--format', 'csv']);
      assert.equal(run.code, 0, run.stderr);
      const [header, ...rows] = csvRecords(run.stdout);
      assert.deepEqual(header, CSV_HEADER);
      const expected = await expectedRows();
      assert.equal(rows.length, 13, '12 entries and the export itself');
      assert.deepEqual(rows, expected);
      assert.equal(rows[1]?.[2], `'=HYPERLINK("x")`, 'a username a spreadsheet would run is defused');
      assert.deepEqual(
        rows.map((row) => Number(row[0])),
        rows.map((_, index) => index + 1),
      );
      const last = rows.at(-1) ?? [];
      assert.deepEqual([last[6], last[2], JSON.parse(last[12] ?? '{}').via], ['journal.read', '', 'cli']);
    });

    it('keeps only the period asked for, both ends included', async () => {
      const from = new Date(START + 3 * 60_000).toISOString();
      const to = new Date(START + 7 * 60_000).toISOString();
      const run = await vigie(database, ['journal', 'export', '--from', from, '--to', to, '--format', 'csv']);
      assert.equal(run.code, 0, run.stderr);
      const rows = csvRecords(run.stdout).slice(1);
      assert.deepEqual(rows, await expectedRows(Date.parse(from), Date.parse(to)));
      assert.deepEqual(
        rows.map((row) => row[0]),
        ['4', '5', '6', '7', '8'],
      );
      const dateOnly = await vigie(database, ['journal', 'export', '--from', '2026-11-03', '--format', 'csv']);
      assert.equal(dateOnly.code, 0, dateOnly.stderr);
      assert.deepEqual(csvRecords(dateOnly.stdout).slice(1), await expectedRows(Date.parse('2026-11-03')));
    });

    it('refuses bad dates, an end before the start and a missing format with exit 2 and a clear message', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--from', 'hier', '--format', 'csv'], /--from "hier" is not an ISO 8601 date/],
        [['--to', '2026-02-30T10:00:00Z', '--format', 'csv'], /--to "2026-02-30T10:00:00Z" is not an ISO 8601 date/],
        [['--from', '2026-11-02T10:00:00Z', '--to', '2026-11-02T09:00:00Z', '--format', 'csv'], /--to \(2026-11-02T09:00:00Z\) is before --from/],
        [[], /--format csv is required/],
        [['--format', 'xlsx'], /unknown format "xlsx"/],
      ];
      for (const [args, message] of cases) {
        const run = await vigie(database, ['journal', 'export', ...args]);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '', 'nothing half-written on standard output');
      }
    });
  });
}

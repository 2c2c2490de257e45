// Walks the whole journal in sequence order and checks every link: each entry's hash matches its content,
// each prev_hash matches the entry before, sequences are contiguous from the anchor to the head, and the head
// and anchor agree with the entries (a deleted last entry or a hidden purge is caught here). All of it lives
// in the database: checkpoint-verify.ts then holds the chain against the signed checkpoints kept outside.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import { entryHash } from './chain.js';
import type { JournalEntryTable, JournalHeadTable } from './tables.js';

const BATCH = 2000;

export interface Problem {
  readonly sequence: number;
  readonly reason: string;
}

export interface ChainWalk {
  /** Entries checked before the walk stopped. */
  readonly entries: number;
  readonly head: Selectable<JournalHeadTable> | undefined;
  /** The first break in the chain, if any. */
  readonly problem: Problem | undefined;
}

/** Walks the chain from its anchor, handing each sound entry to `visit`, and stops at the first break. */
export async function walkChain(db: Kysely<Database>, visit: (sequence: number, hash: string) => void): Promise<ChainWalk> {
  const head = await db.selectFrom('journal_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head === undefined) return { entries: 0, head, problem: { sequence: 0, reason: 'the journal head record is missing' } };
  const stray = await db.selectFrom('journal_entries').select('sequence').where('sequence', '<', head.first_sequence).orderBy('sequence').limit(1).executeTakeFirst();
  if (stray !== undefined) return { entries: 0, head, problem: { sequence: stray.sequence, reason: `entry ${stray.sequence} lies before the chain's anchor (sequence ${head.first_sequence})` } };

  let expected = head.first_sequence;
  let prevHash = head.anchor_hash;
  let checked = 0;
  /** Walks rows from `expected` on (up to `last` when given); the first broken link, if any. */
  const walkRows = async (last?: number): Promise<Problem | undefined> => {
    for (;;) {
      let query = db.selectFrom('journal_entries').selectAll().where('sequence', '>=', expected);
      if (last !== undefined) query = query.where('sequence', '<=', last);
      const rows = await query.orderBy('sequence').limit(BATCH).execute();
      for (const row of rows) {
        const problem = checkLink(row, expected, prevHash);
        if (problem !== undefined) return problem;
        visit(row.sequence, row.hash);
        prevHash = row.hash;
        expected += 1;
        checked += 1;
      }
      if (rows.length < BATCH) return undefined;
    }
  };
  // On a running server entries keep coming while we walk: the walk is held against a head read after it
  // (an entry and its head move commit together, so that head covers every entry walked), and the entries
  // appended meanwhile are walked up to that head only.
  const broken = await walkRows();
  const latest = (await db.selectFrom('journal_head').selectAll().where('id', '=', 1).executeTakeFirst()) ?? head;
  const caughtUp = broken ?? (latest.last_sequence > expected - 1 ? await walkRows(latest.last_sequence) : undefined);
  if (caughtUp !== undefined) return { entries: checked, head: latest, problem: caughtUp };
  const problem = checkHead(latest, expected, prevHash, checked) ?? (await checkAnchor(db, latest));
  return { entries: checked, head: latest, problem };
}

function checkLink(row: Selectable<JournalEntryTable>, expected: number, prevHash: string): Problem | undefined {
  if (row.sequence !== expected) return { sequence: expected, reason: `entry ${expected} is missing (next stored entry is ${row.sequence})` };
  if (row.prev_hash !== prevHash) return { sequence: row.sequence, reason: `entry ${row.sequence} does not follow the entry before it (prev_hash mismatch: inserted, reordered or replaced)` };
  if (entryHash(row) !== row.hash) return { sequence: row.sequence, reason: `entry ${row.sequence} was modified (its content no longer matches its hash)` };
  return undefined;
}

function checkHead(head: Selectable<JournalHeadTable>, expected: number, lastHash: string, checked: number): Problem | undefined {
  if (expected - 1 < head.last_sequence) {
    return { sequence: expected, reason: `entries ${expected} to ${head.last_sequence} are missing (the head records ${head.last_sequence} as the last entry)` };
  }
  if (expected - 1 > head.last_sequence) return { sequence: head.last_sequence + 1, reason: `entry ${head.last_sequence + 1} was added after the recorded head` };
  if (lastHash !== head.last_hash) return { sequence: head.last_sequence, reason: `the last entry's hash differs from the one recorded in the head` };
  if (checked !== head.entry_count) return { sequence: head.last_sequence, reason: `the head records ${head.entry_count} entries but ${checked} are chained` };
  return undefined;
}

/** After a purge, the anchor in the head must be the one the last `journal.purge` entry wrote into the chain. */
async function checkAnchor(db: Kysely<Database>, head: Selectable<JournalHeadTable>): Promise<Problem | undefined> {
  if (head.first_sequence === 1) return undefined;
  const purge = await db.selectFrom('journal_entries').select(['sequence', 'details']).where('action', '=', 'journal.purge').orderBy('sequence', 'desc').limit(1).executeTakeFirst();
  const recorded = purge === undefined ? undefined : (JSON.parse(purge.details) as { firstKeptSequence?: unknown; anchorHash?: unknown });
  if (recorded?.firstKeptSequence !== head.first_sequence || recorded.anchorHash !== head.anchor_hash) {
    return { sequence: head.first_sequence, reason: `the journal starts at entry ${head.first_sequence} but no recorded purge ends there (entries deleted outside retention?)` };
  }
  return undefined;
}

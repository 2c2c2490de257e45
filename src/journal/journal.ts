// The journal store: serialised appends (an in-process queue plus a row lock on the head row, which is
// `SELECT … FOR UPDATE`-equivalent on PostgreSQL and takes SQLite's write lock at once, so that processes
// sharing the database also append one at a time), full-chain verification, filtered reads and the
// retention purge that moves the chain's anchor forward. After each commit, a signed checkpoint of the new
// head goes to the checkpoint file outside the database (see checkpoint-writer.ts).
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import { canonicalJson, entryHash } from './chain.js';
import type { Checkpoint } from './checkpoint.js';
import type { CheckpointShipping } from './checkpoint-shipper.js';
import { CheckpointWriter } from './checkpoint-writer.js';
import { toJournalEntry } from './rows.js';
import { verifyJournal } from './checkpoint-verify.js';
import { selectMatching } from './selection.js';
import type { Journal, JournalEntry, JournalEntryInput, JournalFilter, JournalPage, JournalSelection, JournalVerifyOptions, JournalVerifyResult } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_PAGE = 1000;

export interface JournalDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** Holds the checkpoint file and its signing key (`journal/`, `keys/`). */
  readonly dataDir: string;
  /** Where checkpoints are shipped off the machine: only the server passes it (it also ships the CLI's). */
  readonly shipping?: CheckpointShipping;
  readonly logger?: Logger;
}

export function createJournal(deps: JournalDeps): Journal {
  return new JournalStore(deps);
}

class JournalStore implements Journal {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  readonly #dataDir: string;
  readonly #checkpoints: CheckpointWriter;
  /** Appends of this process queue here; the head-row lock orders them against other processes. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(deps: JournalDeps) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#dataDir = deps.dataDir;
    this.#checkpoints = new CheckpointWriter(deps.dataDir, deps.shipping, deps.logger);
  }

  append(entry: JournalEntryInput): Promise<void> {
    return this.#serialised(async () => {
      const appended = await this.#db.transaction().execute(async (trx) => {
        await lockHead(trx);
        return this.#appendLocked(trx, entry);
      });
      this.#checkpoint(appended);
    });
  }

  verify(options: JournalVerifyOptions = {}): Promise<JournalVerifyResult> {
    return verifyJournal(this.#db, this.#dataDir, options);
  }

  close(): Promise<void> {
    return this.#serialised(() => this.#checkpoints.close());
  }

  async query(filter: JournalFilter): Promise<JournalPage> {
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), MAX_PAGE);
    let query = selectMatching(this.#db, filter);
    if (filter.beforeSequence !== undefined) query = query.where('sequence', '<', filter.beforeSequence);
    const rows = await query
      .orderBy('sequence', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit).map(toJournalEntry);
    const last = page[page.length - 1];
    return { entries: page, next: rows.length > limit && last !== undefined ? last.sequence : null };
  }

  async *entries(selection: JournalSelection): AsyncIterable<JournalEntry> {
    let after = 0;
    for (;;) {
      const rows = await selectMatching(this.#db, selection).where('sequence', '>', after).orderBy('sequence', 'asc').limit(MAX_PAGE).execute();
      for (const row of rows) yield toJournalEntry(row);
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < MAX_PAGE) return;
      after = last.sequence;
    }
  }

  purgeExpired(retentionDays: number): Promise<number> {
    const cutoff = this.#clock.now() - retentionDays * DAY_MS;
    return this.#serialised(async () => {
      const purge = await this.#db.transaction().execute(async (trx) => {
        await lockHead(trx);
        return this.#purgeLocked(trx, cutoff, retentionDays);
      });
      if (purge === undefined) return 0;
      this.#checkpoint(purge.appended);
      this.#logger?.info({ deleted: purge.deleted, retentionDays }, 'journal entries past retention purged');
      return purge.deleted;
    });
  }

  async #purgeLocked(trx: Transaction<Database>, cutoff: number, retentionDays: number): Promise<{ deleted: number; appended: Checkpoint } | undefined> {
    const newest = await trx.selectFrom('journal_entries').select(['sequence', 'hash']).where('time', '<', cutoff).orderBy('sequence', 'desc').limit(1).executeTakeFirst();
    if (newest === undefined) return undefined;
    const deleted = await trx.deleteFrom('journal_entries').where('sequence', '<=', newest.sequence).executeTakeFirst();
    const count = Number(deleted.numDeletedRows);
    await trx
      .updateTable('journal_head')
      .set((eb) => ({ first_sequence: newest.sequence + 1, anchor_hash: newest.hash, entry_count: eb('entry_count', '-', count) }))
      .where('id', '=', 1)
      .execute();
    // The purge entry repeats the new anchor inside the chain, so the head row alone cannot be edited to hide deletions.
    const appended = await this.#appendLocked(trx, {
      actor: null,
      action: 'journal.purge',
      outcome: 'allowed',
      target: { type: 'journal' },
      details: { deletedEntries: count, olderThan: new Date(cutoff).toISOString(), retentionDays, firstKeptSequence: newest.sequence + 1, anchorHash: newest.hash },
    });
    return { deleted: count, appended };
  }

  /** Inserts the entry and moves the head; returns the checkpoint to write once the transaction commits. */
  async #appendLocked(trx: Transaction<Database>, entry: JournalEntryInput): Promise<Checkpoint> {
    const head = await trx.selectFrom('journal_head').select(['last_sequence', 'last_hash', 'entry_count']).where('id', '=', 1).executeTakeFirstOrThrow();
    const fields = {
      sequence: head.last_sequence + 1,
      time: this.#clock.now(),
      actor_id: entry.actor?.id ?? null,
      actor_username: entry.actor?.username ?? null,
      actor_role: entry.actor?.role ?? null,
      ip: entry.ip ?? null,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      camera_id: entry.target?.cameraId ?? null,
      commune_insee: entry.target?.communeInsee ?? null,
      outcome: entry.outcome,
      details: canonicalJson(entry.details ?? {}),
      prev_hash: head.last_hash,
    };
    const hash = entryHash(fields);
    await trx
      .insertInto('journal_entries')
      .values({ ...fields, hash })
      .execute();
    await trx
      .updateTable('journal_head')
      .set((eb) => ({ last_sequence: fields.sequence, last_hash: hash, entry_count: eb('entry_count', '+', 1), updated_at: fields.time }))
      .where('id', '=', 1)
      .execute();
    return { sequence: fields.sequence, hash, timeMs: fields.time, entryCount: head.entry_count + 1 };
  }

  /** The entry is committed whatever happens here: a failed checkpoint is logged, and verify will report the entry as unanchored. */
  #checkpoint(checkpoint: Checkpoint): void {
    try {
      this.#checkpoints.record(checkpoint);
    } catch (error) {
      this.#logger?.error({ err: error, sequence: checkpoint.sequence }, 'journal checkpoint could not be written');
    }
  }

  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

/** Takes the write lock on the head row first thing in the transaction (row lock on PostgreSQL, RESERVED on SQLite). */
async function lockHead(trx: Transaction<Database>): Promise<void> {
  await trx
    .updateTable('journal_head')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', 1)
    .execute();
}

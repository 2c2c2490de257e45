// The journal store: serialised appends (an in-process queue plus a row lock on the head row, which is
// `SELECT … FOR UPDATE`-equivalent on PostgreSQL and takes SQLite's write lock at once, so that processes
// sharing the database also append one at a time), full-chain verification, filtered reads and the
// retention purge that moves the chain's anchor forward.
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import { canonicalJson, entryHash } from './chain.js';
import { toJournalEntry } from './rows.js';
import { verifyChain } from './verify.js';
import type { Journal, JournalEntryInput, JournalFilter, JournalPage, JournalVerifyResult } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_PAGE = 1000;

export function createJournal(deps: { db: Kysely<Database>; clock: Clock; logger?: Logger }): Journal {
  return new JournalStore(deps.db, deps.clock, deps.logger);
}

class JournalStore implements Journal {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;
  /** Appends of this process queue here; the head-row lock orders them against other processes. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(db: Kysely<Database>, clock: Clock, logger: Logger | undefined) {
    this.#db = db;
    this.#clock = clock;
    this.#logger = logger;
  }

  append(entry: JournalEntryInput): Promise<void> {
    return this.#serialised(() => this.#db.transaction().execute(async (trx) => {
      await lockHead(trx);
      await this.#appendLocked(trx, entry);
    }));
  }

  verify(): Promise<JournalVerifyResult> {
    return verifyChain(this.#db);
  }

  async query(filter: JournalFilter): Promise<JournalPage> {
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), MAX_PAGE);
    let query = this.#db.selectFrom('journal_entries').selectAll();
    if (filter.fromMs !== undefined) query = query.where('time', '>=', filter.fromMs);
    if (filter.toMs !== undefined) query = query.where('time', '<=', filter.toMs);
    if (filter.actor !== undefined) {
      const actor = filter.actor;
      query = query.where((eb) => eb.or([eb('actor_username', '=', actor), eb('actor_id', '=', actor)]));
    }
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.cameraId !== undefined) query = query.where('camera_id', '=', filter.cameraId);
    if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
    if (filter.beforeSequence !== undefined) query = query.where('sequence', '<', filter.beforeSequence);
    const rows = await query.orderBy('sequence', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit).map(toJournalEntry);
    const last = page[page.length - 1];
    return { entries: page, next: rows.length > limit && last !== undefined ? last.sequence : null };
  }

  purgeExpired(retentionDays: number): Promise<number> {
    const cutoff = this.#clock.now() - retentionDays * DAY_MS;
    return this.#serialised(() => this.#db.transaction().execute(async (trx) => {
      await lockHead(trx);
      const newest = await trx.selectFrom('journal_entries').select(['sequence', 'hash']).where('time', '<', cutoff).orderBy('sequence', 'desc').limit(1).executeTakeFirst();
      if (newest === undefined) return 0;
      const deleted = await trx.deleteFrom('journal_entries').where('sequence', '<=', newest.sequence).executeTakeFirst();
      const count = Number(deleted.numDeletedRows);
      await trx
        .updateTable('journal_head')
        .set((eb) => ({ first_sequence: newest.sequence + 1, anchor_hash: newest.hash, entry_count: eb('entry_count', '-', count) }))
        .where('id', '=', 1)
        .execute();
      // The purge entry repeats the new anchor inside the chain, so the head row alone cannot be edited to hide deletions.
      await this.#appendLocked(trx, {
        actor: null,
        action: 'journal.purge',
        outcome: 'allowed',
        target: { type: 'journal' },
        details: { deletedEntries: count, olderThan: new Date(cutoff).toISOString(), retentionDays, firstKeptSequence: newest.sequence + 1, anchorHash: newest.hash },
      });
      this.#logger?.info({ deleted: count, retentionDays }, 'journal entries past retention purged');
      return count;
    }));
  }

  async #appendLocked(trx: Transaction<Database>, entry: JournalEntryInput): Promise<void> {
    const head = await trx.selectFrom('journal_head').select(['last_sequence', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
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
    await trx.insertInto('journal_entries').values({ ...fields, hash }).execute();
    await trx
      .updateTable('journal_head')
      .set((eb) => ({ last_sequence: fields.sequence, last_hash: hash, entry_count: eb('entry_count', '+', 1), updated_at: fields.time }))
      .where('id', '=', 1)
      .execute();
  }

  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}

/** Takes the write lock on the head row first thing in the transaction (row lock on PostgreSQL, RESERVED on SQLite). */
async function lockHead(trx: Transaction<Database>): Promise<void> {
  await trx.updateTable('journal_head').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', 1).execute();
}

// Login sessions: an opaque cookie value stored hashed, with idle and absolute expiry (OWASP Session
// Management Cheat Sheet) and a CSRF token bound to the session.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import { newSecret, secretHash } from './secrets.js';

export interface SessionLimits {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export interface ResolvedSession {
  readonly id: string;
  readonly userId: string;
  readonly csrfHash: string;
}

/** last_seen_at is rewritten at most this often, so that reads do not turn into a write per request. */
const TOUCH_EVERY_MS = 15_000;

export class Sessions {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #limits: SessionLimits;

  constructor(db: Kysely<Database>, clock: Clock, limits: SessionLimits) {
    this.#db = db;
    this.#clock = clock;
    this.#limits = limits;
  }

  get limits(): SessionLimits {
    return this.#limits;
  }

  /** Opens a session; `timeBoxMs`: it ends that long after login whatever its use (an investigator's). */
  async create(userId: string, source: { ip: string; userAgent: string }, timeBoxMs?: number): Promise<{ token: string; csrfToken: string; endsAt: number | null }> {
    const token = newSecret();
    const csrfToken = newSecret();
    const now = this.#clock.now();
    await this.#db
      .insertInto('sessions')
      .values({
        id: secretHash(token),
        user_id: userId,
        csrf_hash: secretHash(csrfToken),
        created_at: now,
        last_seen_at: now,
        ip: source.ip,
        user_agent: source.userAgent.slice(0, 300),
        ends_at: timeBoxMs === undefined ? null : now + timeBoxMs,
      })
      .execute();
    return { token, csrfToken, endsAt: timeBoxMs === undefined ? null : now + timeBoxMs };
  }

  /** The live session behind a cookie value; an expired one is deleted and gives undefined. */
  async resolve(token: string): Promise<ResolvedSession | undefined> {
    const id = secretHash(token);
    const row = await this.#db.selectFrom('sessions').select(['id', 'user_id', 'csrf_hash', 'created_at', 'last_seen_at', 'ends_at']).where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    const now = this.#clock.now();
    if (!this.#within(row, now)) {
      await this.#db.deleteFrom('sessions').where('id', '=', id).execute();
      return undefined;
    }
    if (now - row.last_seen_at >= TOUCH_EVERY_MS) await this.#db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    return { id, userId: row.user_id, csrfHash: row.csrf_hash };
  }

  /** Whether a session is still open and within its limits, without counting this as its use. */
  async isLive(sessionId: string): Promise<boolean> {
    const row = await this.#db.selectFrom('sessions').select(['created_at', 'last_seen_at', 'ends_at']).where('id', '=', sessionId).executeTakeFirst();
    return row !== undefined && this.#within(row, this.#clock.now());
  }

  /** When a time-boxed session ends (null: not time-boxed, or no such session). */
  async endsAt(sessionId: string): Promise<number | null> {
    const row = await this.#db.selectFrom('sessions').select('ends_at').where('id', '=', sessionId).executeTakeFirst();
    return row?.ends_at === undefined || row.ends_at === null ? null : Number(row.ends_at);
  }

  #within(row: { created_at: number; last_seen_at: number; ends_at: number | null }, now: number): boolean {
    if (row.ends_at !== null && now >= Number(row.ends_at)) return false;
    return now - Number(row.last_seen_at) < this.#limits.idleMs && now - Number(row.created_at) < this.#limits.absoluteMs;
  }

  /** Counts as a use of these sessions now (a running stream keeps its console's session from going idle). */
  async touch(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const now = this.#clock.now();
    await this.#db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', 'in', sessionIds)
      .where('last_seen_at', '<', now - TOUCH_EVERY_MS)
      .execute();
  }

  async end(sessionId: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  /** Drops sessions past their idle or absolute limit (housekeeping; resolve() already refuses them). */
  async purgeExpired(): Promise<void> {
    const now = this.#clock.now();
    await this.#db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('last_seen_at', '<=', now - this.#limits.idleMs), eb('created_at', '<=', now - this.#limits.absoluteMs), eb('ends_at', '<=', now)]))
      .execute();
  }
}

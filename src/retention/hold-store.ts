// Retention holds: footage kept past its retention for a judicial procedure or a public access request (the
// only exceptions the law allows), and while an export is being made. Creating, extending and releasing
// one is journaled.
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { Journal, JournalEntryInput } from '../journal/index.js';
import type { HoldKind, RetentionHoldTable } from './tables.js';
import type { PolicyHold } from './policy.js';

export interface Hold extends PolicyHold {
  readonly id: string;
  readonly reference: string;
  readonly reason: string;
  readonly kind: HoldKind;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly releasedBy: string | null;
}

export interface NewHold {
  readonly reference: string;
  readonly reason: string;
  readonly kind: HoldKind;
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly expiresAt: number;
}

type Actor = JournalEntryInput['actor'];

function toHold(row: Selectable<RetentionHoldTable>): Hold {
  return {
    id: row.id,
    reference: row.reference,
    reason: row.reason,
    kind: row.kind,
    cameraIds: JSON.parse(row.camera_ids) as string[],
    fromMs: row.from_ms,
    toMs: row.to_ms,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    releasedAt: row.released_at,
    releasedBy: row.released_by,
  };
}

export class HoldStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #journal: Journal | undefined;
  readonly #hasFootage: ((cameraIds: readonly string[], fromMs: number, toMs: number) => Promise<boolean>) | undefined;

  /** `hasFootage` (the recording index) refuses a hold over footage already destroyed. */
  constructor(db: Kysely<Database>, clock: Clock, journal?: Journal, hasFootage?: (cameraIds: readonly string[], fromMs: number, toMs: number) => Promise<boolean>) {
    this.#db = db;
    this.#clock = clock;
    this.#journal = journal;
    this.#hasFootage = hasFootage;
  }

  async create(hold: NewHold, actor: Actor, createdBy: string): Promise<Hold> {
    if (hold.cameraIds.length === 0 || !(hold.toMs > hold.fromMs))
      throw new VigieError('VIGIE_HOLD_INVALID', 'a hold names at least one camera and a range that ends after it starts', { status: 400 });
    if (hold.expiresAt <= this.#clock.now()) throw new VigieError('VIGIE_HOLD_INVALID', 'a hold must expire in the future', { status: 400 });
    if (this.#hasFootage !== undefined && !(await this.#hasFootage(hold.cameraIds, hold.fromMs, hold.toMs)))
      throw new VigieError('VIGIE_HOLD_NO_FOOTAGE', 'none of these cameras has footage left in this range (never recorded, or already destroyed)', { status: 409 });
    const id = newId();
    await this.#db
      .insertInto('retention_holds')
      .values({
        id,
        reference: hold.reference,
        reason: hold.reason,
        kind: hold.kind,
        camera_ids: JSON.stringify(hold.cameraIds),
        from_ms: hold.fromMs,
        to_ms: hold.toMs,
        created_by: createdBy,
        created_at: this.#clock.now(),
        expires_at: hold.expiresAt,
        released_at: null,
        released_by: null,
      })
      .execute();
    const created = await this.get(id);
    await this.#record(actor, 'hold.create', created);
    return created;
  }

  async get(id: string): Promise<Hold> {
    const row = await this.#db.selectFrom('retention_holds').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new VigieError('VIGIE_HOLD_NOT_FOUND', `no hold ${id}`, { status: 404 });
    return toHold(row);
  }

  async extend(id: string, expiresAt: number, actor: Actor): Promise<Hold> {
    const hold = await this.get(id);
    if (hold.releasedAt !== null) throw new VigieError('VIGIE_HOLD_RELEASED', 'this hold was released', { status: 409 });
    if (expiresAt <= hold.expiresAt) throw new VigieError('VIGIE_HOLD_INVALID', 'extending a hold moves its expiry later', { status: 400 });
    await this.#db.updateTable('retention_holds').set({ expires_at: expiresAt }).where('id', '=', id).execute();
    const extended = await this.get(id);
    await this.#record(actor, 'hold.extend', extended, { previousExpiresAt: hold.expiresAt });
    return extended;
  }

  async release(id: string, actor: Actor, releasedBy: string): Promise<Hold> {
    const hold = await this.get(id);
    if (hold.releasedAt !== null) return hold;
    await this.#db.updateTable('retention_holds').set({ released_at: this.#clock.now(), released_by: releasedBy }).where('id', '=', id).execute();
    const released = await this.get(id);
    await this.#record(actor, 'hold.release', released);
    return released;
  }

  async list(includeInactive = false): Promise<Hold[]> {
    let query = this.#db.selectFrom('retention_holds').selectAll().orderBy('created_at', 'desc');
    if (!includeInactive) query = query.where('released_at', 'is', null).where('expires_at', '>', this.#clock.now());
    return (await query.execute()).map(toHold);
  }

  /** Active holds over any of these cameras overlapping [fromMs, toMs), for the playback timeline. */
  async overlapping(cameraIds: readonly string[], fromMs: number, toMs: number): Promise<Hold[]> {
    const wanted = new Set(cameraIds);
    const rows = await this.#db
      .selectFrom('retention_holds')
      .selectAll()
      .where('released_at', 'is', null)
      .where('expires_at', '>', this.#clock.now())
      .where('from_ms', '<', toMs)
      .where('to_ms', '>', fromMs)
      .orderBy('from_ms')
      .execute();
    return rows.map(toHold).filter((hold) => hold.cameraIds.some((id) => wanted.has(id)));
  }

  async #record(actor: Actor, action: string, hold: Hold, extra: Record<string, unknown> = {}): Promise<void> {
    await this.#journal?.append({
      actor,
      action,
      outcome: 'allowed',
      target: { type: 'hold', id: hold.id },
      details: { reference: hold.reference, kind: hold.kind, cameraIds: hold.cameraIds, fromMs: hold.fromMs, toMs: hold.toMs, expiresAt: hold.expiresAt, ...extra },
    });
  }
}

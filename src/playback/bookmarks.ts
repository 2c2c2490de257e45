// Bookmarks: an instant of one camera's recording with a note ("véhicule suspect", "rixe"), to come back to it.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export interface Bookmark {
  readonly id: string;
  readonly cameraId: string;
  readonly atMs: number;
  readonly note: string;
  readonly createdBy: string;
  readonly createdAt: number;
  /** The requisition whose viewing room set it, or null. */
  readonly requisitionId: string | null;
}

type BookmarkRow = { id: string; camera_id: string; at_ms: number; note: string; created_by: string; created_at: number; requisition_id: string | null };

const toBookmark = (r: BookmarkRow): Bookmark => ({
  id: r.id,
  cameraId: r.camera_id,
  atMs: Number(r.at_ms),
  note: r.note,
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  requisitionId: r.requisition_id,
});

/** At most this many bookmarks in one answer (a range of one camera; the newest first would hide none in practice). */
const LIST_LIMIT = 500;

export class BookmarkStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(input: { cameraId: string; atMs: number; note: string; createdBy: string; now: number; requisitionId?: string }): Promise<Bookmark> {
    const row: BookmarkRow = {
      id: randomUUID(),
      camera_id: input.cameraId,
      at_ms: input.atMs,
      note: input.note,
      created_by: input.createdBy,
      created_at: input.now,
      requisition_id: input.requisitionId ?? null,
    };
    await this.#db.insertInto('playback_bookmarks').values(row).execute();
    return toBookmark(row);
  }

  /** The camera's own bookmarks in [fromMs, toMs], in time order (a requisition's are listed with it only). */
  async list(cameraId: string, fromMs: number, toMs: number): Promise<Bookmark[]> {
    const rows = await this.#db
      .selectFrom('playback_bookmarks')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('requisition_id', 'is', null)
      .where('at_ms', '>=', fromMs)
      .where('at_ms', '<=', toMs)
      .orderBy('at_ms')
      .limit(LIST_LIMIT)
      .execute();
    return rows.map(toBookmark);
  }

  /** The bookmarks set in one requisition's viewing room, in time order. */
  async ofRequisition(requisitionId: string): Promise<Bookmark[]> {
    const rows = await this.#db.selectFrom('playback_bookmarks').selectAll().where('requisition_id', '=', requisitionId).orderBy('at_ms').orderBy('id').limit(LIST_LIMIT).execute();
    return rows.map(toBookmark);
  }

  async get(id: string): Promise<Bookmark | undefined> {
    const row = await this.#db.selectFrom('playback_bookmarks').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toBookmark(row);
  }

  async remove(id: string): Promise<void> {
    await this.#db.deleteFrom('playback_bookmarks').where('id', '=', id).execute();
  }
}

// The destruction register: one line per camera stream and purge pass, saying what footage was destroyed,
// how much, and why. Read back as JSON and as a printable CSV by the retention routes.
import type { Kysely, Selectable } from 'kysely';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { DestructionCause, RetentionDestructionTable } from './tables.js';

export type Destruction = Selectable<RetentionDestructionTable>;

export interface NewDestruction {
  readonly cameraId: string;
  readonly stream: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly bytes: number;
  readonly segments: number;
  readonly cause: DestructionCause;
  readonly destroyedAt: number;
}

/** At most this many lines per read, so that one request cannot pull an unbounded register. */
const MAX_LINES = 100_000;

export class DestructionRegister {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(d: NewDestruction): Promise<void> {
    await this.#db
      .insertInto('retention_destructions')
      .values({ id: newId(), camera_id: d.cameraId, stream: d.stream, from_ms: d.fromMs, to_ms: d.toMs, bytes: d.bytes, segments: d.segments, cause: d.cause, destroyed_at: d.destroyedAt })
      .execute();
  }

  /** Lines destroyed in [fromMs, toMs), oldest first. */
  async list(fromMs: number, toMs: number): Promise<Destruction[]> {
    return this.#db.selectFrom('retention_destructions').selectAll().where('destroyed_at', '>=', fromMs).where('destroyed_at', '<', toMs).orderBy('destroyed_at').limit(MAX_LINES).execute();
  }
}

// Favourite cameras, per account: the only code that reads or writes workspace_favourites.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/database.js';

export class FavouriteStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** The account's favourite camera ids, oldest first. */
  async list(userId: string): Promise<string[]> {
    const rows = await this.#db.selectFrom('workspace_favourites').select('camera_id').where('user_id', '=', userId).orderBy('created_at').orderBy('camera_id').execute();
    return rows.map((row) => row.camera_id);
  }

  /** Stars a camera; starring it again changes nothing. */
  async add(userId: string, cameraId: string): Promise<void> {
    await this.#db
      .insertInto('workspace_favourites')
      .values({ user_id: userId, camera_id: cameraId, created_at: this.#clock.now() })
      .onConflict((oc) => oc.columns(['user_id', 'camera_id']).doNothing())
      .execute();
  }

  /** Unstars a camera; unstarring one that was not starred changes nothing. */
  async remove(userId: string, cameraId: string): Promise<void> {
    await this.#db.deleteFrom('workspace_favourites').where('user_id', '=', userId).where('camera_id', '=', cameraId).execute();
  }
}

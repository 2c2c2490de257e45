// Saved layouts and tours, one table: a person's own, and shared ones everybody reads. Rows only; who may write
// what is library.ts's business.
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { SavedKind, WallSavedTable } from './tables.js';

export type SavedRow = Selectable<WallSavedTable>;

export interface SavedFields {
  readonly name: string;
  readonly shared: boolean;
  readonly body: unknown;
}

export class SavedStore {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** The person's own items and every shared one, by name. */
  list(kind: SavedKind, ownerId: string): Promise<SavedRow[]> {
    return this.#db
      .selectFrom('wall_saved')
      .selectAll()
      .where('kind', '=', kind)
      .where((eb) => eb.or([eb('owner_id', '=', ownerId), eb('shared', '=', 1)]))
      .orderBy('name')
      .execute();
  }

  get(kind: SavedKind, id: string): Promise<SavedRow | undefined> {
    return this.#db.selectFrom('wall_saved').selectAll().where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
  }

  async create(kind: SavedKind, fields: SavedFields, ownerId: string): Promise<SavedRow> {
    const row: SavedRow = { id: newId(), kind, name: fields.name, owner_id: ownerId, shared: fields.shared ? 1 : 0, body: JSON.stringify(fields.body), updated_at: this.#clock.now() };
    await this.#db.insertInto('wall_saved').values(row).execute();
    return row;
  }

  async update(row: SavedRow, fields: SavedFields): Promise<SavedRow> {
    const updated: SavedRow = { ...row, name: fields.name, shared: fields.shared ? 1 : 0, body: JSON.stringify(fields.body), updated_at: this.#clock.now() };
    await this.#db.updateTable('wall_saved').set({ name: updated.name, shared: updated.shared, body: updated.body, updated_at: updated.updated_at }).where('id', '=', row.id).execute();
    return updated;
  }

  async remove(id: string): Promise<void> {
    await this.#db.deleteFrom('wall_saved').where('id', '=', id).execute();
  }
}

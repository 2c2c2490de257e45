// The few column types that differ between SQLite and PostgreSQL, for migrations.
import { sql, type Kysely, type RawBuilder } from 'kysely';

/** True when the Kysely instance talks to PostgreSQL. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

/** An auto-incrementing integer primary key column type (journal sequence, index rows). */
export function autoIncrementType(db: Kysely<any>): RawBuilder<unknown> {
  return isPostgres(db) ? sql`bigserial` : sql`integer`;
}

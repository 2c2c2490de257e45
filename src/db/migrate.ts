// Versioned migrations, applied in order at start. Migrations live in one ordered folder because tables
// reference each other across capabilities.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { VigieError } from '../core/errors.js';
import { isPostgres } from './dialect-sql.js';
import { migrations } from './migrations/index.js';

const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => migrations,
};

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  // On PostgreSQL, Kysely looks for its bookkeeping tables in every schema unless told which one; several
  // installations (or test schemas) in one database would then share them. Pin them to the current schema.
  const schema = isPostgres(db) ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name : undefined;
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'vigie_migration',
    migrationLockTableName: 'vigie_migration_lock',
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new VigieError('VIGIE_DB_MIGRATION_FAILED', `database migration ${failed} failed: ${(error as Error).message}`, { cause: error, context: { migration: failed } });
  }
}

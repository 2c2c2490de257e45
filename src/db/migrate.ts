// Versioned migrations, applied in order at start. Migrations live in one ordered folder because tables
// reference each other across capabilities.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { VigieError } from '../core/errors.js';
import { migrations } from './migrations/index.js';

const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => migrations,
};

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'vigie_migration', migrationLockTableName: 'vigie_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new VigieError('VIGIE_DB_MIGRATION_FAILED', `database migration ${failed} failed: ${(error as Error).message}`, { cause: error, context: { migration: failed } });
  }
}

// What "holds an installation" means, once, for every command that acts on one: its database exists — the
// SQLite file is there, or the PostgreSQL schema has Vigie's migrations table. Only `vigie start` creates an
// installation; the other commands are refused (exit 2) rather than creating an empty database, and create nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { VigieError } from '../core/errors.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { blameSetting } from '../config/setting-errors.js';
import type { Config } from '../config/schema.js';

/** Opens the installation's database (brought to the current schema), or throws VIGIE_NO_INSTALLATION. */
export async function openInstallation(config: Config): Promise<DatabaseHandle> {
  const url = config.database.url;
  if (!isPostgres(url)) {
    // The same file openDatabase opens: <dataDir>/vigie.db, or the sqlite:PATH of database.url.
    const file = url === '' ? join(config.dataDir, 'vigie.db') : url.replace(/^sqlite:/, '');
    if (!existsSync(file)) throw noInstallation(config, `there is no database ${file}`);
    return openOrBlame(config, true);
  }
  const database = await openOrBlame(config, false);
  try {
    // to_regclass follows the search_path, so it looks in the schema the URL selects.
    const found = await sql<{ table: string | null }>`select to_regclass('vigie_migration')::text as table`.execute(database.db);
    if ((found.rows[0]?.table ?? null) === null) throw noInstallation(config, `the PostgreSQL database ${database.location} has no Vigie tables`);
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw blameSetting(error, config);
  }
}

async function openOrBlame(config: Config, migrate: boolean): Promise<DatabaseHandle> {
  try {
    return await openDatabase({ url: config.database.url, dataDir: config.dataDir, migrate });
  } catch (error) {
    throw blameSetting(error, config);
  }
}

function isPostgres(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

function noInstallation(config: Config, why: string): VigieError {
  return new VigieError('VIGIE_NO_INSTALLATION', `no Vigie installation here (${why}): give the installation's --data DIR (or its --config / VIGIE_DATABASE_URL); only "vigie start" creates one`, {
    status: 404,
    context: { dataDir: config.dataDir },
  });
}

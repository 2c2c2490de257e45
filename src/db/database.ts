// Opens the database: SQLite (better-sqlite3, the embedded default) or PostgreSQL (pg), both through Kysely.
//
// Conventions every table follows so the same queries run on both engines:
// - times are integer milliseconds since the epoch (`bigint`; pg's int8 is parsed back to a number);
// - booleans are integers 0/1; JSON is stored as text; ids are text UUIDs unless a sequence is needed.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { AccessTables } from '../access/tables.js';
import type { JournalTables } from '../journal/tables.js';
import type { TerritoryTables } from '../territory/tables.js';
import type { RecordingTables } from '../recording/tables.js';
import type { RetentionTables } from '../retention/tables.js';
import type { ExportTables } from '../export/tables.js';
import type { WallTables } from '../wall/tables.js';
import type { WorkspaceTables } from '../workspace/tables.js';
import type { PlaybackTables } from '../playback/tables.js';
import type { WatchTables } from '../watch/tables.js';
import type { PtzTables } from '../ptz/tables.js';
import type { AnalyticsTables } from '../analytics/tables.js';
import type { MaskTables } from '../masks/tables.js';
import type { AlertsTables } from '../alerts/tables.js';
import type { InvestigationTables } from '../investigations/tables.js';
import { migrateToLatest } from './migrate.js';
import { CurrentSchemaPostgresDialect } from './postgres-introspector.js';

export interface Database
  extends
    AccessTables,
    JournalTables,
    TerritoryTables,
    RecordingTables,
    RetentionTables,
    ExportTables,
    WallTables,
    PlaybackTables,
    WorkspaceTables,
    WatchTables,
    PtzTables,
    MaskTables,
    AnalyticsTables,
    AlertsTables,
    InvestigationTables {}

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the data is, without credentials, for logs and health. */
  readonly location: string;
  close(): Promise<void>;
}

// int8 (bigint) → number: our bigints are millisecond times and byte counts, far below 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value));

export async function openDatabase(options: { url: string; dataDir: string; migrate?: boolean }): Promise<DatabaseHandle> {
  const handle =
    options.url.startsWith('postgres://') || options.url.startsWith('postgresql://')
      ? openPostgres(options.url)
      : openSqlite(options.url === '' ? join(options.dataDir, 'vigie.db') : options.url.replace(/^sqlite:/, ''));
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return handle;
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

function openPostgres(url: string): DatabaseHandle {
  const parsed = new URL(url);
  // ?schema=NAME puts every table in one schema (tests use one schema per test).
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 10,
    ...(schema === null ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  parsed.password = '';
  return { db, dialect: 'postgres', location: `${parsed.host}${parsed.pathname}${schema === null ? '' : `#${schema}`}`, close: () => db.destroy() };
}

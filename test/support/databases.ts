// Database tests run on both engines: a fresh SQLite file and a fresh PostgreSQL schema per test.
// PostgreSQL comes from VIGIE_TEST_POSTGRES_URL (default: the machine's server, database `test`).
// Under CI a missing PostgreSQL is a failure, elsewhere the PostgreSQL half is skipped with a message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../src/db/database.js';

export const POSTGRES_TEST_URL = process.env['VIGIE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresReachable: Promise<boolean> | undefined;

export function isPostgresReachable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresReachable;
}

export interface TestDatabase extends DatabaseHandle {
  /** A database URL other processes (CLI, server) can open to reach the same data. */
  readonly url: string;
  /** A data directory for files that go with this database. */
  readonly dataDir: string;
}

/** Server states that pass by themselves: too many clients for a moment (parallel test files), or a restart. */
const TRANSIENT_POSTGRES_CODES = new Set(['53300', '57P03', 'ECONNREFUSED', 'ECONNRESET']);

/** Runs one statement on a fresh connection, waiting out a server that is briefly full or restarting. */
async function withAdminClient(statement: (admin: pg.Client) => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 5000 });
    try {
      await admin.connect();
      await statement(admin);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (attempt >= 20 || !TRANSIENT_POSTGRES_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
}

/** Opens an empty, migrated database of the given engine; close() drops it. */
export async function openTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-test-'));
  if (dialect === 'sqlite') {
    const url = `sqlite:${join(dataDir, 'vigie.db')}`;
    const handle = await openDatabase({ url, dataDir });
    return {
      ...handle,
      url,
      dataDir,
      close: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdminClient((admin) => admin.query(`create schema ${schema}`));
  const url = `${POSTGRES_TEST_URL}${POSTGRES_TEST_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  const handle = await openDatabase({ url, dataDir });
  return {
    ...handle,
    url,
    dataDir,
    close: async () => {
      await handle.close();
      await withAdminClient((admin) => admin.query(`drop schema ${schema} cascade`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The engines a database test runs on. Use as:
 *   for (const dialect of await testDialects()) describe(`… (${dialect})`, () => { … });
 */
export async function testDialects(): Promise<DialectName[]> {
  if (await isPostgresReachable()) return ['sqlite', 'postgres'];
  if (process.env['CI'] === 'true') throw new Error(`PostgreSQL is required under CI and is not reachable at ${POSTGRES_TEST_URL}`);
  process.stderr.write(`note: PostgreSQL not reachable at ${POSTGRES_TEST_URL}; database tests run on SQLite only\n`);
  return ['sqlite'];
}

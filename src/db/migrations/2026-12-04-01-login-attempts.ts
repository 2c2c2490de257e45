// Login attempts counted in the database, so that lockouts survive a restart and servers sharing one database
// count together: one row per counter (account + address, account, address; see src/access/login-throttle.ts).
// The per-account lock of the users table goes: a lockout anyone could trigger from anywhere.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_attempts')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('lockouts', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('last_failure_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addPrimaryKeyConstraint('login_attempts_key', ['kind', 'username', 'ip'])
    .execute();
  await db.schema.createIndex('login_attempts_locked_until').on('login_attempts').column('locked_until').execute();
  await db.schema.alterTable('users').dropColumn('failed_count').execute();
  await db.schema.alterTable('users').dropColumn('locked_until').execute();
}

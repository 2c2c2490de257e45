// Hash-chained journal (the legal registre): append-only entries plus one head row that anchors the chain.
import type { Kysely } from 'kysely';

const GENESIS_HASH = '0'.repeat(64);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('journal_entries')
    .addColumn('sequence', 'bigint', (c) => c.primaryKey())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_username', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('ip', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('camera_id', 'text')
    .addColumn('commune_insee', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('journal_entries_time').on('journal_entries').column('time').execute();
  await db.schema.createIndex('journal_entries_actor').on('journal_entries').columns(['actor_username', 'time']).execute();
  await db.schema.createIndex('journal_entries_camera').on('journal_entries').columns(['camera_id', 'time']).execute();
  await db.schema
    .createTable('journal_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_sequence', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'bigint', (c) => c.notNull())
    .addColumn('first_sequence', 'bigint', (c) => c.notNull())
    .addColumn('anchor_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('journal_head').values({ id: 1, last_sequence: 0, last_hash: GENESIS_HASH, entry_count: 0, first_sequence: 1, anchor_hash: GENESIS_HASH, updated_at: 0 }).execute();
}

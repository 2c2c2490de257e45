// Extensions of a requisition's scope (src/investigations): more cameras, a wider range and/or a later end date,
// asked with a reason, pending until a room lead grants or refuses it; the hold that keeps the widened footage
// meanwhile. Replaces the requisition's single pending end date (extension_until_ms, extension_reason): a
// pending one is carried over.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('requisition_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('requisition_id', 'text', (c) => c.notNull())
    .addColumn('added_camera_ids', 'text', (c) => c.notNull())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('until_ms', 'bigint')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('hold_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('requisition_extensions_requisition').on('requisition_extensions').columns(['requisition_id', 'requested_at']).execute();
  const pending = await db
    .selectFrom('requisitions')
    .select(['id', 'from_ms', 'to_ms', 'extension_until_ms', 'extension_reason', 'investigator', 'updated_at'])
    .where('extension_until_ms', 'is not', null)
    .execute();
  for (const row of pending) {
    await db
      .insertInto('requisition_extensions')
      .values({
        id: `${row.id}-extension`,
        requisition_id: row.id,
        added_camera_ids: '[]',
        from_ms: row.from_ms,
        to_ms: row.to_ms,
        until_ms: row.extension_until_ms,
        reason: row.extension_reason ?? '',
        hold_id: null,
        state: 'pending',
        requested_by: row.investigator,
        requested_at: row.updated_at,
        decided_by: null,
        decided_at: null,
        decision_note: null,
      })
      .execute();
  }
  await db.schema.alterTable('requisitions').dropColumn('extension_until_ms').execute();
  await db.schema.alterTable('requisitions').dropColumn('extension_reason').execute();
}

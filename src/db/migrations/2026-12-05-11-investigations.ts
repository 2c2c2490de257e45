// Judicial requisitions and citizens' access requests (src/investigations): what was asked, by whom, the hold
// placed at once, the room lead's review, the extraction and the handover; access requests and their answer.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('requisitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('officer_name', 'text', (c) => c.notNull())
    .addColumn('officer_quality', 'text', (c) => c.notNull())
    .addColumn('officer_service', 'text', (c) => c.notNull())
    .addColumn('officer_contact', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('camera_ids', 'text', (c) => c.notNull())
    .addColumn('area', 'text')
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('live', 'integer', (c) => c.notNull())
    .addColumn('investigator_id', 'text', (c) => c.notNull())
    .addColumn('investigator', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('hold_id', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'bigint', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'bigint')
    .addColumn('review_note', 'text')
    .addColumn('scope_until_ms', 'bigint')
    .addColumn('extension_until_ms', 'bigint')
    .addColumn('extension_reason', 'text')
    .addColumn('export_ids', 'text', (c) => c.notNull())
    .addColumn('extracted_by', 'text')
    .addColumn('extracted_at', 'bigint')
    .addColumn('handed_by', 'text')
    .addColumn('handed_at', 'bigint')
    .addColumn('received_by', 'text')
    .addColumn('received_ack_by', 'text')
    .addColumn('received_ack_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('requisitions_investigator').on('requisitions').columns(['investigator_id', 'state']).execute();
  await db.schema
    .createTable('access_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('requester_contact', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('camera_ids', 'text', (c) => c.notNull())
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('deadline_ms', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('hold_id', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'bigint', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answer_note', 'text')
    .addColumn('box', 'text')
    .addColumn('export_path', 'text')
    .addColumn('export_sha256', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('access_requests').execute();
  await db.schema.dropTable('requisitions').execute();
}

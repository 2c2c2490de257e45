// Analytics governance and the alert loop (src/alerts): legal bases, rule activations, alerts with their
// escalation calls, and the operations log (main courante).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analytics_legal_bases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('authority', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('valid_to', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('analytics_activations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('commune_insee', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('legal_basis_id', 'text', (c) => c.notNull().references('analytics_legal_bases.id'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('stopped_at', 'bigint')
    .addColumn('stopped_by', 'text')
    .addColumn('stop_cause', 'text')
    .execute();
  await db.schema.createIndex('analytics_activations_camera').on('analytics_activations').columns(['camera_id', 'state']).execute();
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('commune_insee', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'text')
    .addColumn('activation_id', 'text')
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('first_ms', 'bigint', (c) => c.notNull())
    .addColumn('last_ms', 'bigint', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('boxes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('handler', 'text')
    .addColumn('handler_id', 'text')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('verdict', 'text')
    .addColumn('outcome', 'text')
    .addColumn('reaction', 'text')
    .execute();
  await db.schema.createIndex('alerts_open').on('alerts').columns(['camera_id', 'rule', 'state']).execute();
  await db.schema.createIndex('alerts_created').on('alerts').columns(['created_at']).execute();
  await db.schema
    .createTable('alert_escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('called_at', 'bigint', (c) => c.notNull())
    .addColumn('called_by', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_escalations_alert').on('alert_escalations').columns(['alert_id']).execute();
  await db.schema
    .createTable('oplog_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('author_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text')
    .addColumn('camera_id', 'text')
    .addColumn('commune_insee', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oplog_entries_at').on('oplog_entries').columns(['at']).execute();
}

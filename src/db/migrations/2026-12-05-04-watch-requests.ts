// Mayors' live-watch requests (src/watch): what was asked, for which commune and window, the room lead's answer,
// and how it ended. Listed per commune for the monthly report, moved by the watch timer.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('watch_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commune_insee', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('camera_ids', 'text', (c) => c.notNull())
    .addColumn('area', 'text')
    .addColumn('from_ms', 'bigint', (c) => c.notNull())
    .addColumn('to_ms', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('reviewed_by_id', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_by_role', 'text')
    .addColumn('reviewed_at', 'bigint')
    .addColumn('review_note', 'text')
    .addColumn('accepted_camera_ids', 'text')
    .addColumn('monitor_id', 'text')
    .addColumn('wall_outcome', 'text')
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text')
    .addColumn('end_cause', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('watch_requests_commune_window').on('watch_requests').columns(['commune_insee', 'from_ms']).execute();
  await db.schema.createIndex('watch_requests_state').on('watch_requests').columns(['state', 'to_ms']).execute();
}

// Detections of the analytics pipeline (src/analytics): one row per tracked object per sampled frame, with
// class, normalised box, dominant colours (French names) and motion; read by the forensic search.
// No biometric or plate data is ever stored here.
import type { Kysely } from 'kysely';
import { autoIncrementType } from '../dialect-sql.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('detections')
    .addColumn('id', autoIncrementType(db), (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('track_id', 'integer', (c) => c.notNull())
    .addColumn('class', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('x', 'real', (c) => c.notNull())
    .addColumn('y', 'real', (c) => c.notNull())
    .addColumn('w', 'real', (c) => c.notNull())
    .addColumn('h', 'real', (c) => c.notNull())
    .addColumn('colours', 'text', (c) => c.notNull())
    .addColumn('direction_deg', 'real')
    .addColumn('speed', 'real')
    .execute();
  await db.schema.createIndex('detections_camera_time').on('detections').columns(['camera_id', 'at_ms']).execute();
  await db.schema.createIndex('detections_class_time').on('detections').columns(['class', 'at_ms']).execute();
}

// Privacy masks (src/masks): one row per masked camera, its polygons and, for a PTZ camera, its calibration.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('camera_masks')
    .addColumn('camera_id', 'text', (c) => c.primaryKey())
    .addColumn('space', 'text', (c) => c.notNull())
    .addColumn('polygons', 'text', (c) => c.notNull())
    .addColumn('calibration', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('camera_masks').execute();
}

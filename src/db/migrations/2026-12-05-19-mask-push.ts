// Where a camera's privacy masks are applied (src/masks/camera-push.ts): burned in by Vigie (no row, the default)
// or pushed to the camera over ONVIF Media2, with the camera's mask tokens and the last verification of its picture.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('camera_mask_push')
    .addColumn('camera_id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('tokens', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'bigint')
    .addColumn('failure', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('camera_mask_push').execute();
}

// PTZ (src/ptz): the ONVIF device behind each PTZ camera, the names given to its presets, and guard tours.
// Holds (who controls a camera now) live in memory: they last a minute and end with the process.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ptz_devices')
    .addColumn('camera_id', 'text', (c) => c.primaryKey())
    .addColumn('device_url', 'text', (c) => c.notNull())
    .addColumn('profile_token', 'text', (c) => c.notNull())
    .addColumn('limits', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ptz_preset_names')
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ptz_preset_names_pk', ['camera_id', 'token'])
    .execute();
  await db.schema
    .createTable('ptz_tours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('windows', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ptz_tours_camera').on('ptz_tours').column('camera_id').execute();
}

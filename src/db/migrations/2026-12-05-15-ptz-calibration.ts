// PTZ calibrations measured by the guided calibration (src/masks/calibration.ts): one row per camera, the field of
// view and pan/tilt scales at a few zooms, so that masks drawn later on that camera are stored in angular
// coordinates without calibrating again.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ptz_calibrations')
    .addColumn('camera_id', 'text', (c) => c.primaryKey())
    .addColumn('samples', 'text', (c) => c.notNull())
    .addColumn('measured_at', 'bigint', (c) => c.notNull())
    .addColumn('measured_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ptz_calibrations').execute();
}

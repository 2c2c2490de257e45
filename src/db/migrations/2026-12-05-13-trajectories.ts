// Following a vehicle or person across the territory (src/investigations): the camera topology (for each camera
// and direction of exit, the next camera and the typical travel times, suggested then edited), and the
// trajectories an investigator chains from confirmed sightings within a requisition.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('camera_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_camera_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('to_camera_id', 'text', (c) => c.notNull())
    .addColumn('distance_m', 'double precision', (c) => c.notNull())
    .addColumn('walk_min_s', 'integer', (c) => c.notNull())
    .addColumn('walk_max_s', 'integer', (c) => c.notNull())
    .addColumn('drive_min_s', 'integer', (c) => c.notNull())
    .addColumn('drive_max_s', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('camera_links_unique', ['from_camera_id', 'direction', 'to_camera_id'])
    .execute();
  await db.schema
    .createTable('trajectories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('requisition_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('class_name', 'text', (c) => c.notNull())
    .addColumn('colours', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('export_id', 'text')
    .addColumn('exported_by', 'text')
    .addColumn('exported_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trajectories_requisition').on('trajectories').column('requisition_id').execute();
  await db.schema
    .createTable('trajectory_sightings')
    .addColumn('trajectory_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('x', 'double precision', (c) => c.notNull())
    .addColumn('y', 'double precision', (c) => c.notNull())
    .addColumn('w', 'double precision', (c) => c.notNull())
    .addColumn('h', 'double precision', (c) => c.notNull())
    .addColumn('detection_id', 'bigint')
    .addColumn('class_name', 'text', (c) => c.notNull())
    .addColumn('colours', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('trajectory_sightings_pk', ['trajectory_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('trajectory_sightings').execute();
  await db.schema.dropTable('trajectories').execute();
  await db.schema.dropTable('camera_links').execute();
}

// The camera estate: each camera's field of view (direction, opening angle, optional range) for the map, and
// its prefectoral authorisation (reference and expiry date; the purposes were already stored).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cameras').addColumn('fov_direction_deg', 'double precision').execute();
  await db.schema.alterTable('cameras').addColumn('fov_angle_deg', 'double precision').execute();
  await db.schema.alterTable('cameras').addColumn('fov_range_m', 'double precision').execute();
  await db.schema.alterTable('cameras').addColumn('authorisation_ref', 'text').execute();
  await db.schema.alterTable('cameras').addColumn('authorisation_expires_on', 'text').execute();
}

// Communes, sectors, cameras.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('communes')
    .addColumn('insee', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('centroid_lat', 'double precision', (c) => c.notNull())
    .addColumn('centroid_lon', 'double precision', (c) => c.notNull())
    .addColumn('outline', 'text')
    .addColumn('population', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sectors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('area', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cameras')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('commune_insee', 'text', (c) => c.notNull().references('communes.insee'))
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('mounting', 'text')
    .addColumn('main_url', 'text', (c) => c.notNull())
    .addColumn('sub_url', 'text')
    .addColumn('credentials', 'text')
    .addColumn('retention_days', 'integer', (c) => c.notNull().check(sqlRetentionCap()))
    .addColumn('purposes', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('narrow_field', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('onvif_host', 'text')
    .addColumn('onvif_port', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cameras_commune_idx').on('cameras').column('commune_insee').execute();

  await db.schema
    .createTable('sector_cameras')
    .addColumn('sector_id', 'text', (c) => c.notNull().references('sectors.id').onDelete('cascade'))
    .addColumn('camera_id', 'text', (c) => c.notNull().references('cameras.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('sector_cameras_pk', ['sector_id', 'camera_id'])
    .execute();
  await db.schema.createIndex('sector_cameras_camera_idx').on('sector_cameras').column('camera_id').execute();
}

/** The legal cap (CSI L252-5: never more than one month) enforced by the database too, whatever writes. */
function sqlRetentionCap() {
  return sql`retention_days between 1 and 30`;
}

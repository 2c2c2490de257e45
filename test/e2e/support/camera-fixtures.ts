// Two cameras in two communes for authorization tests, written straight into the territory tables (id, name,
// commune and the columns the territory migration requires). Re-created when a test route deleted them.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/db/database.js';

export const HOME_COMMUNE = '28085';
export const OTHER_COMMUNE = '28218';
const IN_SCOPE = 'matrix-cam-chartres';
const OUT_OF_SCOPE = 'matrix-cam-luce';

export interface CameraFixtures {
  readonly inScope: string;
  readonly outOfScope: string;
}

/** The two cameras, or why they could not be made (no territory tables yet). */
export async function ensureCameraFixtures(db: Kysely<Database>): Promise<CameraFixtures | string> {
  try {
    for (const [insee, name] of [
      [HOME_COMMUNE, 'Chartres'],
      [OTHER_COMMUNE, 'Lucé'],
    ] as const) {
      const found = await sql`select insee from communes where insee = ${insee}`.execute(db);
      if (found.rows.length === 0) {
        await sql`insert into communes (insee, name, centroid_lat, centroid_lon, created_at, updated_at) values (${insee}, ${name}, 48.44, 1.49, 0, 0)`.execute(db);
      }
    }
    for (const [id, insee] of [
      [IN_SCOPE, HOME_COMMUNE],
      [OUT_OF_SCOPE, OTHER_COMMUNE],
    ] as const) {
      const found = await sql`select id from cameras where id = ${id}`.execute(db);
      if (found.rows.length === 0) {
        await sql`insert into cameras (id, name, commune_insee, lat, lon, type, main_url, retention_days, purposes, enabled, created_at, updated_at)
          values (${id}, ${id}, ${insee}, 48.44, 1.49, 'fixed', 'rtsp://127.0.0.1:9/none', 15, '[]', 0, 0, 0)`.execute(db);
      }
    }
    return { inScope: IN_SCOPE, outOfScope: OUT_OF_SCOPE };
  } catch (error) {
    return `cannot write cameras/communes rows (${(error as Error).message})`;
  }
}

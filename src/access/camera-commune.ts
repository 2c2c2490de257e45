// Until the territory capability provides its own lookup, the commune of a camera is read straight from the
// `cameras` table (id, commune_insee); no table yet means no camera.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export async function cameraCommuneFromTable(db: Kysely<Database>, cameraId: string): Promise<string | undefined> {
  try {
    const result = await sql<{ commune_insee: string }>`select commune_insee from cameras where id = ${cameraId}`.execute(db);
    return result.rows[0]?.commune_insee;
  } catch {
    return undefined;
  }
}

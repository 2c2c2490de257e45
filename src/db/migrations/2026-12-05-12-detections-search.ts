// The forensic search's index (src/investigations/search.ts): class and time first, then camera and track, so
// that a search over the whole territory by class and range groups its objects from the index alone (no read
// of the table's rows). It replaces the (class, at_ms) index, which is its prefix.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('detections_class_time_object').on('detections').columns(['class', 'at_ms', 'camera_id', 'track_id']).execute();
  await db.schema.dropIndex('detections_class_time').execute();
}

// Bookmarks of a requisition's viewing room: a playback bookmark may belong to one requisition (its camera, an
// instant of its range). Those are the procedure's notes: listed with the requisition, never on the camera's
// general list. Existing bookmarks stay the camera's (requisition_id null).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('playback_bookmarks').addColumn('requisition_id', 'text').execute();
  await db.schema.createIndex('playback_bookmarks_requisition_at').on('playback_bookmarks').columns(['requisition_id', 'at_ms']).execute();
}

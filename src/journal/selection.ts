// The one translation of a journal filter into SQL, shared by the paged reads and the extracts, so that the
// console, the CSV and the signed extract always select the same entries.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { JournalSelection } from './types.js';

export function selectMatching(db: Kysely<Database>, filter: JournalSelection) {
  let query = db.selectFrom('journal_entries').selectAll();
  if (filter.fromMs !== undefined) query = query.where('time', '>=', filter.fromMs);
  if (filter.toMs !== undefined) query = query.where('time', '<=', filter.toMs);
  if (filter.actor !== undefined) {
    const actor = filter.actor;
    query = query.where((eb) => eb.or([eb('actor_username', '=', actor), eb('actor_id', '=', actor)]));
  }
  if (filter.role !== undefined) query = query.where('actor_role', '=', filter.role);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.cameraId !== undefined) query = query.where('camera_id', '=', filter.cameraId);
  if (filter.commune !== undefined) {
    const { insee, cameraIds } = filter.commune;
    query = query.where((eb) => eb.or([eb('commune_insee', '=', insee), ...(cameraIds.length === 0 ? [] : [eb('camera_id', 'in', [...cameraIds])])]));
  }
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  return query;
}

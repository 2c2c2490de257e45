// The watch_requests table: rows ↔ requests, listing with filters, and state changes that only apply from the
// state they expect (so that two servers, or the timer and a room lead, never both make the same change).
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/database.js';
import type { WatchFilter, WatchRequest, WatchState } from './model.js';
import type { WatchRequestTable } from './tables.js';

const parseIds = (text: string | null): string[] | null => (text === null ? null : (JSON.parse(text) as string[]));

export function toWatchRequest(row: Selectable<WatchRequestTable>): WatchRequest {
  return {
    id: row.id,
    communeInsee: row.commune_insee,
    event: row.event,
    contact: row.contact,
    reason: row.reason,
    cameraIds: parseIds(row.camera_ids) ?? [],
    area: row.area === null ? null : (JSON.parse(row.area) as unknown),
    fromMs: row.from_ms,
    toMs: row.to_ms,
    state: row.state,
    requestedBy: row.requested_by,
    requestedById: row.requested_by_id,
    createdAt: row.created_at,
    reviewedBy: row.reviewed_by,
    reviewedById: row.reviewed_by_id,
    reviewedByRole: row.reviewed_by_role,
    reviewedAt: row.reviewed_at,
    reviewNote: row.review_note,
    acceptedCameraIds: parseIds(row.accepted_camera_ids),
    monitorId: row.monitor_id,
    wallOutcome: row.wall_outcome,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    endCause: row.end_cause,
  };
}

export async function insertWatchRequest(db: Kysely<Database>, row: WatchRequestTable): Promise<void> {
  await db.insertInto('watch_requests').values(row).execute();
}

export async function selectWatchRequest(db: Kysely<Database>, id: string): Promise<WatchRequest | undefined> {
  const row = await db.selectFrom('watch_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toWatchRequest(row);
}

/** Requests matching the filter, newest first; `nowMs` decides what "active" means. */
export async function selectWatchRequests(db: Kysely<Database>, filter: WatchFilter, nowMs: number): Promise<WatchRequest[]> {
  let query = db.selectFrom('watch_requests').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (filter.communes !== undefined) {
    if (filter.communes.length === 0) return [];
    query = query.where('commune_insee', 'in', [...filter.communes]);
  }
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.active === true) query = query.where('state', '=', 'active').where('to_ms', '>', nowMs);
  if (filter.fromMs !== undefined) query = query.where('to_ms', '>', filter.fromMs);
  if (filter.toMs !== undefined) query = query.where('from_ms', '<', filter.toMs);
  return (await query.execute()).map(toWatchRequest);
}

/** Applies `changes` only while the request is in one of `from`; true when this call made the change. */
export async function transitionWatchRequest(db: Kysely<Database>, id: string, from: readonly WatchState[], changes: Updateable<WatchRequestTable>): Promise<boolean> {
  const result = await db
    .updateTable('watch_requests')
    .set(changes)
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The requests a timer must move now: accepted ones whose start came, and open ones whose end came. */
export async function selectDueWatchRequests(db: Kysely<Database>, nowMs: number): Promise<WatchRequest[]> {
  const rows = await db
    .selectFrom('watch_requests')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('state', '=', 'accepted'), eb('from_ms', '<=', nowMs)]), eb.and([eb('state', 'in', ['submitted', 'accepted', 'active']), eb('to_ms', '<=', nowMs)])]))
    .orderBy('from_ms')
    .execute();
  return rows.map(toWatchRequest);
}

/** When the timer must look again: the next start of an accepted request or end of an open one, if any. */
export async function selectNextWatchDeadline(db: Kysely<Database>): Promise<number | undefined> {
  const [start, end] = await Promise.all([
    db
      .selectFrom('watch_requests')
      .select((eb) => eb.fn.min('from_ms').as('at'))
      .where('state', '=', 'accepted')
      .executeTakeFirst(),
    db
      .selectFrom('watch_requests')
      .select((eb) => eb.fn.min('to_ms').as('at'))
      .where('state', 'in', ['submitted', 'accepted', 'active'])
      .executeTakeFirst(),
  ]);
  const times = [start?.at, end?.at].filter((t): t is number => t !== null && t !== undefined).map(Number);
  return times.length === 0 ? undefined : Math.min(...times);
}

/**
 * The live-watch requests of some communes whose window overlaps [fromMs, toMs), oldest first: what a monthly
 * report per commune lists (reports/ reads it with the database alone).
 */
export async function watchRequestsForReport(db: Kysely<Database>, options: { readonly communes?: readonly string[]; readonly fromMs: number; readonly toMs: number }): Promise<WatchRequest[]> {
  const requests = await selectWatchRequests(db, { communes: options.communes, fromMs: options.fromMs, toMs: options.toMs }, options.fromMs);
  return requests.sort((a, b) => a.fromMs - b.fromMs || a.createdAt - b.createdAt);
}

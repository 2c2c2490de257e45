// Kysely table types of the watch capability: mayors' live-watch requests. Conventions (db/database.ts): times
// are integer ms, JSON as text.
import type { WatchState } from './model.js';

export interface WatchRequestTable {
  id: string;
  commune_insee: string;
  event: string;
  contact: string;
  reason: string;
  /** JSON array of the camera ids the mayor asked for (named, or found in his area). */
  camera_ids: string;
  /** JSON GeoJSON Polygon the mayor drew, or null. */
  area: string | null;
  from_ms: number;
  to_ms: number;
  state: WatchState;
  requested_by_id: string;
  requested_by: string;
  created_at: number;
  reviewed_by_id: string | null;
  reviewed_by: string | null;
  reviewed_by_role: string | null;
  reviewed_at: number | null;
  /** The room lead's note on acceptance, or his reason for declining. */
  review_note: string | null;
  /** JSON array of the cameras the room lead chose, or null before acceptance. */
  accepted_camera_ids: string | null;
  monitor_id: string | null;
  /** What happened when the cameras were put on the wall: 'shown', 'failed: …', or null. */
  wall_outcome: string | null;
  ended_at: number | null;
  ended_by: string | null;
  /** Why it ended: 'window' (by itself), 'early' (a room lead), 'cancelled', 'unanswered'. */
  end_cause: string | null;
  updated_at: number;
}

export interface WatchTables {
  watch_requests: WatchRequestTable;
}

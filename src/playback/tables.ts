// Kysely table type of the playback capability: bookmarks, an instant of one camera's recording with a note
// (db/database.ts conventions: times are integer ms).

export interface PlaybackBookmarkTable {
  id: string;
  camera_id: string;
  at_ms: number;
  note: string;
  created_by: string;
  created_at: number;
  /** The requisition whose viewing room set it (its notes are the procedure's), or null: the camera's own. */
  requisition_id: string | null;
}

export interface PlaybackTables {
  playback_bookmarks: PlaybackBookmarkTable;
}

// Kysely table types of the recording capability: the segment index, hourly coverage and gaps.
// Conventions (db/database.ts): times are integer ms, booleans 0/1, JSON as text.

export type SegmentStatus = 'recording' | 'complete' | 'missing';

export interface RecordingSegmentTable {
  id: string;
  camera_id: string;
  /** 'main' or 'sub'. */
  stream: string;
  /** The volume's root directory; `path` is relative to it. */
  volume: string;
  path: string;
  start_ms: number;
  /** End of the last indexed fragment (start_ms while nothing is indexed yet). */
  end_ms: number;
  bytes: number;
  status: SegmentStatus;
  codec: string;
  width: number;
  height: number;
  /** While recording: JSON `[[startMsFromSegmentStart, byteOffset, keyframe 0/1], …]`, one entry per fragment;
   *  '' once complete (the index is then in the side file `<path>.idx`). */
  fragments: string;
}

/** Coverage of one hour of one camera stream, derived from the segments (see SegmentStore.refreshHours). */
export interface RecordingHourTable {
  camera_id: string;
  stream: string;
  /** Start of the hour (UTC), ms. */
  hour_ms: number;
  covered_ms: number;
  first_start_ms: number;
  last_end_ms: number;
}

export type GapCause = 'camera-offline' | 'storage-error' | 'restart' | 'recording-stopped';

export interface RecordingGapTable {
  id: string;
  camera_id: string;
  stream: string;
  start_ms: number;
  /** null while the gap lasts. */
  end_ms: number | null;
  cause: GapCause;
}

export interface RecordingTables {
  recording_segments: RecordingSegmentTable;
  recording_hours: RecordingHourTable;
  recording_gaps: RecordingGapTable;
}

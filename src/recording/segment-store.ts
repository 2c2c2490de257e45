// The recording index in the database: segments (one row per file) and gaps with their cause.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import { newId } from '../core/ids.js';
import { encodeFragments, type SegmentSummary } from './fragment-index.js';
import type { GapCause, RecordingSegmentTable, SegmentStatus } from './tables.js';

/** The config caps segmentSeconds at an hour; a bound for index range scans. */
const MAX_SEGMENT_MS = 3600 * 1000 + 60_000;

export type SegmentRow = Selectable<RecordingSegmentTable>;

export interface NewSegment {
  readonly cameraId: string;
  readonly stream: string;
  readonly volume: string;
  readonly path: string;
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly startMs: number;
}

export class SegmentStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(segment: NewSegment, status: SegmentStatus, summary?: SegmentSummary): Promise<string> {
    const id = newId();
    await this.#db
      .insertInto('recording_segments')
      .values({
        id,
        camera_id: segment.cameraId,
        stream: segment.stream,
        volume: segment.volume,
        path: segment.path,
        codec: segment.codec,
        width: segment.width,
        height: segment.height,
        start_ms: summary?.startMs ?? segment.startMs,
        end_ms: summary?.endMs ?? segment.startMs,
        bytes: summary?.bytes ?? 0,
        status,
        fragments: encodeFragments(summary?.fragments ?? []),
      })
      .execute();
    return id;
  }

  async update(id: string, summary: SegmentSummary, status: SegmentStatus): Promise<void> {
    await this.#db
      .updateTable('recording_segments')
      .set({ start_ms: summary.startMs, end_ms: summary.endMs, bytes: summary.bytes, fragments: encodeFragments(summary.fragments), status })
      .where('id', '=', id)
      .execute();
  }

  async setStatus(id: string, status: SegmentStatus): Promise<void> {
    await this.#db.updateTable('recording_segments').set({ status }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom('recording_segments').where('id', '=', id).execute();
  }

  async deleteAll(): Promise<void> {
    await this.#db.deleteFrom('recording_segments').execute();
  }

  async byStatus(status: SegmentStatus): Promise<SegmentRow[]> {
    return this.#db.selectFrom('recording_segments').selectAll().where('status', '=', status).execute();
  }

  async all(): Promise<SegmentRow[]> {
    return this.#db.selectFrom('recording_segments').selectAll().orderBy('camera_id').orderBy('stream').orderBy('start_ms').execute();
  }

  /** Segments of one camera stream overlapping [fromMs, toMs), oldest first (uses the (camera, stream, start) index). */
  async overlapping(cameraId: string, stream: string, fromMs: number, toMs: number): Promise<SegmentRow[]> {
    return this.#db
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('stream', '=', stream)
      .where('start_ms', '>=', fromMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .where('status', '!=', 'missing')
      .orderBy('start_ms')
      .execute();
  }

  /** The next `limit` segments that end after `afterMs` and start before `toMs` (files last at most an hour). */
  async following(cameraId: string, stream: string, afterMs: number, toMs: number, limit: number): Promise<SegmentRow[]> {
    return this.#db
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('stream', '=', stream)
      .where('start_ms', '>=', afterMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', afterMs)
      .where('status', '!=', 'missing')
      .orderBy('start_ms')
      .limit(limit)
      .execute();
  }

  /** Start and end of every usable segment of these cameras' main streams in the range, by camera then time. */
  async ranges(cameraIds: readonly string[], fromMs: number, toMs: number): Promise<Array<{ camera_id: string; start_ms: number; end_ms: number }>> {
    if (cameraIds.length === 0) return [];
    return this.#db
      .selectFrom('recording_segments')
      .select(['camera_id', 'start_ms', 'end_ms'])
      .where('camera_id', 'in', [...cameraIds])
      .where('stream', '=', 'main')
      .where('start_ms', '>=', fromMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .where('status', '!=', 'missing')
      .orderBy('camera_id')
      .orderBy('start_ms')
      .execute();
  }

  async openGap(cameraId: string, stream: string, startMs: number, cause: GapCause): Promise<void> {
    await this.#db.insertInto('recording_gaps').values({ id: newId(), camera_id: cameraId, stream, start_ms: startMs, end_ms: null, cause }).execute();
  }

  /** Ends the camera stream's open gaps at `endMs`. */
  async closeGaps(cameraId: string, stream: string, endMs: number): Promise<void> {
    await this.#db.updateTable('recording_gaps').set({ end_ms: endMs }).where('camera_id', '=', cameraId).where('stream', '=', stream).where('end_ms', 'is', null).execute();
  }

  async gaps(cameraId: string, stream: string, fromMs: number, toMs: number): Promise<Array<{ startMs: number; endMs: number | null; cause: GapCause }>> {
    const rows = await this.#db
      .selectFrom('recording_gaps')
      .select(['start_ms', 'end_ms', 'cause'])
      .where('camera_id', '=', cameraId)
      .where('stream', '=', stream)
      .where('start_ms', '<', toMs)
      .where((eb) => eb.or([eb('end_ms', 'is', null), eb('end_ms', '>', fromMs)]))
      .orderBy('start_ms')
      .execute();
    return rows.map((r) => ({ startMs: r.start_ms, endMs: r.end_ms, cause: r.cause }));
  }
}

// The recording index in the database: segments (one row per file) and gaps with their cause.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import { newId } from '../core/ids.js';
import { encodeFragments, type SegmentSummary } from './fragment-index.js';
import type { GapCause, RecordingSegmentTable, SegmentStatus } from './tables.js';

/** The config caps segmentSeconds at an hour; a bound for index range scans. */
const MAX_SEGMENT_MS = 3600 * 1000 + 60_000;
const HOUR_MS = 3_600_000;

export type SegmentRow = Selectable<RecordingSegmentTable>;

export interface StorageUsageRow {
  readonly cameraId: string;
  readonly stream: string;
  readonly volume: string;
  readonly bytes: number;
  readonly oldestMs: number;
  readonly newestMs: number;
  readonly recentBytes: number;
}

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

  /** A row in 'complete' keeps its fragment index in the side file (write it first, see fragment-index.ts). */
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
        fragments: status === 'recording' ? encodeFragments(summary?.fragments ?? []) : '',
      })
      .execute();
    return id;
  }

  async update(id: string, summary: SegmentSummary, status: SegmentStatus): Promise<void> {
    await this.#db
      .updateTable('recording_segments')
      .set({ start_ms: summary.startMs, end_ms: summary.endMs, bytes: summary.bytes, fragments: status === 'recording' ? encodeFragments(summary.fragments) : '', status })
      .where('id', '=', id)
      .execute();
  }

  /** Open files' rows in one transaction; a row closed meanwhile keeps its final values. */
  async updateRecording(updates: ReadonlyArray<{ readonly id: string; readonly summary: SegmentSummary }>): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      for (const { id, summary } of updates) {
        await trx
          .updateTable('recording_segments')
          .set({ start_ms: summary.startMs, end_ms: summary.endMs, bytes: summary.bytes, fragments: encodeFragments(summary.fragments) })
          .where('id', '=', id)
          .where('status', '=', 'recording')
          .execute();
      }
    });
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

  /** Finished segments (not being written), oldest first: those ended by `endBefore`, or on one volume. */
  async finished(where: { readonly endBefore?: number; readonly volume?: string }): Promise<SegmentRow[]> {
    let query = this.#db.selectFrom('recording_segments').selectAll().where('status', '!=', 'recording');
    if (where.endBefore !== undefined) query = query.where('end_ms', '<=', where.endBefore);
    if (where.volume !== undefined) query = query.where('volume', '=', where.volume);
    return query.orderBy('start_ms').execute();
  }

  async all(): Promise<SegmentRow[]> {
    return this.#db.selectFrom('recording_segments').selectAll().orderBy('camera_id').orderBy('stream').orderBy('start_ms').execute();
  }

  /** Segments of one camera stream overlapping [fromMs, toMs), oldest first (uses the (camera, stream, start) index). */
  async overlapping(cameraId: string, stream: string, fromMs: number, toMs: number): Promise<SegmentRow[]> {
    return this.#overlappingQuery(cameraId, stream, fromMs, toMs).execute();
  }

  /** The next `limit` segments that end after `afterMs` and start before `toMs`. */
  async following(cameraId: string, stream: string, afterMs: number, toMs: number, limit: number): Promise<SegmentRow[]> {
    return this.#overlappingQuery(cameraId, stream, afterMs, toMs).limit(limit).execute();
  }

  /** Usable segments overlapping [fromMs, toMs), oldest first; files last at most MAX_SEGMENT_MS, which bounds the index scan. */
  #overlappingQuery(cameraId: string, stream: string, fromMs: number, toMs: number) {
    return this.#db
      .selectFrom('recording_segments')
      .selectAll()
      .where('camera_id', '=', cameraId)
      .where('stream', '=', stream)
      .where('start_ms', '>=', fromMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .where('status', '!=', 'missing')
      .orderBy('start_ms');
  }

  /** Start and end of every usable segment of these cameras' stream in the range, by camera then time. */
  async ranges(cameraIds: readonly string[], fromMs: number, toMs: number, stream = 'main'): Promise<Array<{ camera_id: string; start_ms: number; end_ms: number }>> {
    if (cameraIds.length === 0) return [];
    return this.#db
      .selectFrom('recording_segments')
      .select(['camera_id', 'start_ms', 'end_ms'])
      .where('camera_id', 'in', [...cameraIds])
      .where('stream', '=', stream)
      .where('start_ms', '>=', fromMs - MAX_SEGMENT_MS)
      .where('start_ms', '<', toMs)
      .where('end_ms', '>', fromMs)
      .where('status', '!=', 'missing')
      .orderBy('camera_id')
      .orderBy('start_ms')
      .execute();
  }

  /**
   * Storage use in one aggregate query (the storage page on 500 cameras): per camera, stream and volume, the
   * bytes held, the oldest and newest instants, and the bytes of segments started since `recentSinceMs`.
   */
  async usage(recentSinceMs: number): Promise<StorageUsageRow[]> {
    const rows = await this.#db
      .selectFrom('recording_segments')
      .select((eb) => [
        'camera_id',
        'stream',
        'volume',
        eb.fn.sum<number | string>('bytes').as('bytes'),
        eb.fn.min<number | string>('start_ms').as('oldest_ms'),
        eb.fn.max<number | string>('end_ms').as('newest_ms'),
        eb.fn.sum<number | string>(eb.case().when('start_ms', '>=', recentSinceMs).then(eb.ref('bytes')).else(0).end()).as('recent_bytes'),
      ])
      .where('status', '!=', 'missing')
      .groupBy(['camera_id', 'stream', 'volume'])
      .execute();
    return rows.map((r) => ({
      cameraId: r.camera_id,
      stream: r.stream,
      volume: r.volume,
      bytes: Number(r.bytes),
      oldestMs: Number(r.oldest_ms),
      newestMs: Number(r.newest_ms),
      recentBytes: Number(r.recent_bytes),
    }));
  }

  /** Recomputes the hourly coverage of a camera stream over [fromMs, toMs) from its segments. */
  async refreshHours(cameraId: string, stream: string, fromMs: number, toMs: number): Promise<void> {
    const firstHour = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
    const lastHour = Math.floor((toMs - 1) / HOUR_MS) * HOUR_MS;
    const rows = await this.#db
      .selectFrom('recording_segments')
      .select(['start_ms', 'end_ms'])
      .where('camera_id', '=', cameraId)
      .where('stream', '=', stream)
      .where('start_ms', '>=', firstHour - MAX_SEGMENT_MS)
      .where('start_ms', '<', lastHour + HOUR_MS)
      .where('end_ms', '>', firstHour)
      .where('status', '!=', 'missing')
      .execute();
    const hours = new Map<number, { covered: number; first: number; last: number }>();
    for (const row of rows) {
      for (let hour = Math.max(firstHour, Math.floor(row.start_ms / HOUR_MS) * HOUR_MS); hour < row.end_ms && hour <= lastHour; hour += HOUR_MS) {
        const start = Math.max(hour, row.start_ms);
        const end = Math.min(hour + HOUR_MS, row.end_ms);
        const h = hours.get(hour) ?? { covered: 0, first: start, last: end };
        h.covered += end - start;
        h.first = Math.min(h.first, start);
        h.last = Math.max(h.last, end);
        hours.set(hour, h);
      }
    }
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recording_hours').where('camera_id', '=', cameraId).where('stream', '=', stream).where('hour_ms', '>=', firstHour).where('hour_ms', '<=', lastHour).execute();
      const values = [...hours].map(([hour, h]) => ({ camera_id: cameraId, stream, hour_ms: hour, covered_ms: h.covered, first_start_ms: h.first, last_end_ms: h.last }));
      for (let i = 0; i < values.length; i += 500)
        await trx
          .insertInto('recording_hours')
          .values(values.slice(i, i + 500))
          .execute();
    });
  }

  /** Recomputes every camera stream's hourly coverage (after recovery or rebuild-index). */
  async refreshAllHours(): Promise<void> {
    const spans = await this.#db
      .selectFrom('recording_segments')
      .select((eb) => ['camera_id', 'stream', eb.fn.min<number>('start_ms').as('first'), eb.fn.max<number>('end_ms').as('last')])
      .groupBy(['camera_id', 'stream'])
      .execute();
    await this.#db.deleteFrom('recording_hours').execute();
    for (const span of spans) await this.refreshHours(span.camera_id, span.stream, Number(span.first), Number(span.last));
  }

  async hours(
    cameraIds: readonly string[],
    fromMs: number,
    toMs: number,
    stream = 'main',
  ): Promise<Array<{ camera_id: string; hour_ms: number; covered_ms: number; first_start_ms: number; last_end_ms: number }>> {
    if (cameraIds.length === 0) return [];
    return this.#db
      .selectFrom('recording_hours')
      .select(['camera_id', 'hour_ms', 'covered_ms', 'first_start_ms', 'last_end_ms'])
      .where('camera_id', 'in', [...cameraIds])
      .where('stream', '=', stream)
      .where('hour_ms', '>=', Math.floor(fromMs / HOUR_MS) * HOUR_MS)
      .where('hour_ms', '<', toMs)
      .orderBy('camera_id')
      .orderBy('hour_ms')
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
    return (await this.gapsOf([cameraId], stream, fromMs, toMs)).map(({ startMs, endMs, cause }) => ({ startMs, endMs, cause }));
  }

  /** The gaps of these cameras' stream overlapping [fromMs, toMs) (an open gap has endMs null), by camera then time. */
  async gapsOf(cameraIds: readonly string[], stream: string, fromMs: number, toMs: number): Promise<Array<{ cameraId: string; startMs: number; endMs: number | null; cause: GapCause }>> {
    if (cameraIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('recording_gaps')
      .select(['camera_id', 'start_ms', 'end_ms', 'cause'])
      .where('camera_id', 'in', [...cameraIds])
      .where('stream', '=', stream)
      .where('start_ms', '<', toMs)
      .where((eb) => eb.or([eb('end_ms', 'is', null), eb('end_ms', '>', fromMs)]))
      .orderBy('camera_id')
      .orderBy('start_ms')
      .execute();
    return rows.map((r) => ({ cameraId: r.camera_id, startMs: Number(r.start_ms), endMs: r.end_ms === null ? null : Number(r.end_ms), cause: r.cause }));
  }

  /** Recorded ms of each camera's stream in the whole hours of [fromMs, toMs), summed from the hourly coverage. */
  async coveredMs(cameraIds: readonly string[], fromMs: number, toMs: number, stream = 'main'): Promise<Map<string, number>> {
    if (cameraIds.length === 0) return new Map();
    const rows = await this.#db
      .selectFrom('recording_hours')
      .select((eb) => ['camera_id', eb.fn.sum<number | string>('covered_ms').as('covered')])
      .where('camera_id', 'in', [...cameraIds])
      .where('stream', '=', stream)
      .where('hour_ms', '>=', Math.floor(fromMs / HOUR_MS) * HOUR_MS)
      .where('hour_ms', '<', toMs)
      .groupBy('camera_id')
      .execute();
    return new Map(rows.map((row) => [row.camera_id, Number(row.covered)]));
  }
}

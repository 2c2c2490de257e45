// The detections table: batches written by the pipeline, filtered reads for the forensic search.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** One stored detection (a tracked object seen in one analysed frame). Boxes are normalised 0..1. */
export interface Detection {
  readonly cameraId: string;
  readonly atMs: number;
  readonly trackId: number;
  /** COCO class name as the model names it ('person', 'car', 'backpack', …). */
  readonly className: string;
  readonly confidence: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** French colour names, dominant first. */
  readonly colours: readonly string[];
  readonly directionDeg: number | null;
  readonly speed: number | null;
}

export interface StoredDetection extends Detection {
  readonly id: number;
}

export interface DetectionQuery {
  readonly cameraIds?: readonly string[];
  readonly classes?: readonly string[];
  /** Keeps detections whose colours include this French name. */
  readonly colour?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly trackId?: number;
  /** At most this many rows (default 1000), oldest first. */
  readonly limit?: number;
}

export interface DetectionStore {
  insertBatch(detections: readonly Detection[]): Promise<void>;
  query(filter: DetectionQuery): Promise<StoredDetection[]>;
}

const BATCH = 200;

export function createDetectionStore(db: Kysely<Database>): DetectionStore {
  return {
    async insertBatch(detections) {
      for (let start = 0; start < detections.length; start += BATCH) {
        const rows = detections.slice(start, start + BATCH).map((d) => ({
          camera_id: d.cameraId,
          at_ms: Math.round(d.atMs),
          track_id: d.trackId,
          class: d.className,
          confidence: d.confidence,
          x: d.x,
          y: d.y,
          w: d.w,
          h: d.h,
          colours: d.colours.join(','),
          direction_deg: d.directionDeg,
          speed: d.speed,
        }));
        await db.insertInto('detections').values(rows).execute();
      }
    },
    async query(filter) {
      if (filter.cameraIds?.length === 0 || filter.classes?.length === 0) return [];
      let query = db.selectFrom('detections').selectAll().orderBy('at_ms').orderBy('id');
      if (filter.cameraIds !== undefined) query = query.where('camera_id', 'in', [...filter.cameraIds]);
      if (filter.classes !== undefined) query = query.where('class', 'in', [...filter.classes]);
      if (filter.fromMs !== undefined) query = query.where('at_ms', '>=', filter.fromMs);
      if (filter.toMs !== undefined) query = query.where('at_ms', '<', filter.toMs);
      if (filter.trackId !== undefined) query = query.where('track_id', '=', filter.trackId);
      if (filter.colour !== undefined) {
        const colour = filter.colour;
        query = query.where((eb) => eb.or([eb('colours', '=', colour), eb('colours', 'like', `${colour},%`), eb('colours', 'like', `%,${colour}`), eb('colours', 'like', `%,${colour},%`)]));
      }
      const rows = await query.limit(filter.limit ?? 1000).execute();
      return rows.map((row) => ({
        id: Number(row.id),
        cameraId: row.camera_id,
        atMs: Number(row.at_ms),
        trackId: row.track_id,
        className: row.class,
        confidence: Number(row.confidence),
        x: Number(row.x),
        y: Number(row.y),
        w: Number(row.w),
        h: Number(row.h),
        colours: row.colours === '' ? [] : row.colours.split(','),
        directionDeg: row.direction_deg === null ? null : Number(row.direction_deg),
        speed: row.speed === null ? null : Number(row.speed),
      }));
    },
  };
}

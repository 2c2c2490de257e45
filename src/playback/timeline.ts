// Timeline of what is recorded: per camera, the covered intervals (segment ranges merged, with a tolerance
// that grows with the span asked for, so a 15-day view stays a few hundred intervals; long views are
// read from the hourly coverage) and the gaps between them with their recorded cause.
import type { SegmentStore, GapCause } from '../recording/index.js';

export interface TimelineGap {
  readonly fromMs: number;
  readonly toMs: number;
  readonly cause: GapCause | 'unknown';
}

export interface CameraTimeline {
  readonly cameraId: string;
  readonly coverage: ReadonlyArray<readonly [number, number]>;
  readonly gaps: readonly TimelineGap[];
  readonly recordedMs: number;
}

const AGGREGATE_ABOVE_MS = 6 * 3_600_000;

/** Holes shorter than this are not gaps: 1 s, or 1/2000 of the span for long views. */
export function mergeTolerance(fromMs: number, toMs: number): number {
  return Math.max(1000, Math.floor((toMs - fromMs) / 2000));
}

/**
 * Long views read the hourly coverage: an hour recorded all along (to within the tolerance) is one interval,
 * any other hour is shown from its first to its last recorded instant.
 */
function hourRanges(hours: ReadonlyArray<{ camera_id: string; hour_ms: number; covered_ms: number; first_start_ms: number; last_end_ms: number }>, tolerance: number) {
  return hours.map((h) =>
    h.covered_ms >= 3_600_000 - tolerance
      ? { camera_id: h.camera_id, start_ms: h.hour_ms, end_ms: h.hour_ms + 3_600_000 }
      : { camera_id: h.camera_id, start_ms: h.first_start_ms, end_ms: h.last_end_ms },
  );
}

export async function buildTimeline(store: SegmentStore, cameraIds: readonly string[], fromMs: number, toMs: number, nowMs: number, stream = 'main'): Promise<CameraTimeline[]> {
  const tolerance = mergeTolerance(fromMs, toMs);
  const byCamera = new Map<string, Array<[number, number]>>(cameraIds.map((id) => [id, []]));
  const rows = toMs - fromMs > AGGREGATE_ABOVE_MS ? hourRanges(await store.hours(cameraIds, fromMs, toMs, stream), tolerance) : await store.ranges(cameraIds, fromMs, toMs, stream);
  for (const row of rows) {
    const list = byCamera.get(row.camera_id);
    if (list === undefined) continue;
    const start = Math.max(fromMs, row.start_ms);
    const end = Math.min(toMs, row.end_ms);
    const last = list[list.length - 1];
    if (last !== undefined && start - last[1] <= tolerance) last[1] = Math.max(last[1], end);
    else list.push([start, end]);
  }
  const horizon = Math.min(toMs, nowMs);
  const out: CameraTimeline[] = [];
  for (const [cameraId, coverage] of byCamera) {
    const holes: Array<[number, number]> = [];
    let cursor = fromMs;
    for (const [start, end] of coverage) {
      if (start - cursor > tolerance) holes.push([cursor, start]);
      cursor = Math.max(cursor, end);
    }
    if (horizon - cursor > tolerance) holes.push([cursor, horizon]);
    const causes = holes.length === 0 ? [] : await store.gaps(cameraId, stream, fromMs, toMs);
    const gaps = holes.map(([a, b]): TimelineGap => {
      const known = causes.find((g) => g.startMs < b && (g.endMs === null || g.endMs > a));
      return { fromMs: a, toMs: b, cause: known?.cause ?? 'unknown' };
    });
    out.push({ cameraId, coverage, gaps, recordedMs: coverage.reduce((sum, [a, b]) => sum + (b - a), 0) });
  }
  return out;
}

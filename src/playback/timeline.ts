// Timeline of what is recorded: per camera, the covered intervals (segment ranges merged, with a tolerance
// that grows with the span asked for, so a 15-day view stays a few hundred intervals) and the gaps between
// them with their recorded cause.
import type { SegmentStore } from '../recording/segment-store.js';
import type { GapCause } from '../recording/tables.js';

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

/** Holes shorter than this are not gaps: 1 s, or 1/2000 of the span for long views. */
export function mergeTolerance(fromMs: number, toMs: number): number {
  return Math.max(1000, Math.floor((toMs - fromMs) / 2000));
}

export async function buildTimeline(store: SegmentStore, cameraIds: readonly string[], fromMs: number, toMs: number, nowMs: number): Promise<CameraTimeline[]> {
  const tolerance = mergeTolerance(fromMs, toMs);
  const byCamera = new Map<string, Array<[number, number]>>(cameraIds.map((id) => [id, []]));
  for (const row of await store.ranges(cameraIds, fromMs, toMs)) {
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
    const causes = holes.length === 0 ? [] : await store.gaps(cameraId, 'main', fromMs, toMs);
    const gaps = holes.map(([a, b]): TimelineGap => {
      const known = causes.find((g) => g.startMs < b && (g.endMs === null || g.endMs > a));
      return { fromMs: a, toMs: b, cause: known?.cause ?? 'unknown' };
    });
    out.push({ cameraId, coverage, gaps, recordedMs: coverage.reduce((sum, [a, b]) => sum + (b - a), 0) });
  }
  return out;
}

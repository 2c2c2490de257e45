// Reads one camera's recorded coverage and gaps from GET /api/recordings/timeline. Accepts the shapes
// the recording capability may answer with: {cameras:[{cameraId, coverage, gaps}]}, a map keyed by
// camera id, or the entry itself; ranges as {from,to} / {start,end} / {fromMs,toMs} or [from, to].
import { asRecord, readArray, readNumber, readString, type JsonRecord } from '../api/read.js';

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export interface Gap extends TimeRange {
  readonly cause: string | undefined;
}

/** Footage kept past its retention (a hold), with its kind. */
export interface Held extends TimeRange {
  readonly kind: string | undefined;
}

export interface CameraTimeline {
  readonly coverage: readonly TimeRange[];
  readonly gaps: readonly Gap[];
  readonly holds: readonly Held[];
}

function readRange(value: unknown): TimeRange | null {
  if (Array.isArray(value)) {
    const [from, to] = value as unknown[];
    return typeof from === 'number' && typeof to === 'number' && to > from ? { from, to } : null;
  }
  const record = asRecord(value);
  if (record === null) return null;
  const from = readNumber(record, 'from', 'start', 'fromMs', 'startMs', 'begin');
  const to = readNumber(record, 'to', 'end', 'toMs', 'endMs');
  return from !== undefined && to !== undefined && to > from ? { from, to } : null;
}

function entryFor(payload: unknown, cameraId: string): JsonRecord | null {
  const list = readArray(payload, 'cameras', 'timelines', 'items');
  for (const item of list) {
    const record = asRecord(item);
    if (record !== null && readString(record, 'cameraId', 'camera_id', 'camera', 'id') === cameraId) return record;
  }
  const record = asRecord(payload);
  if (record === null) return null;
  const keyed = asRecord(record[cameraId]) ?? asRecord(asRecord(record['cameras'])?.[cameraId]);
  if (keyed !== null) return keyed;
  if (list.length === 1) return asRecord(list[0]);
  return 'coverage' in record || 'ranges' in record ? record : null;
}

export function readTimeline(payload: unknown, cameraId: string): CameraTimeline {
  const entry = entryFor(payload, cameraId);
  if (entry === null) return { coverage: [], gaps: [], holds: [] };
  const coverage = readArray(entry['coverage'] ?? entry['ranges'] ?? entry['segments'] ?? entry['recorded'])
    .map(readRange)
    .filter((r): r is TimeRange => r !== null);
  const gaps = readArray(entry['gaps'])
    .map((value) => {
      const range = readRange(value);
      const record = asRecord(value);
      return range === null ? null : { ...range, cause: record === null ? undefined : readString(record, 'cause', 'reason') };
    })
    .filter((g): g is Gap => g !== null);
  const holds = readArray(entry['holds'])
    .map((value) => {
      const range = readRange(value);
      const record = asRecord(value);
      return range === null ? null : { ...range, kind: record === null ? undefined : readString(record, 'kind') };
    })
    .filter((h): h is Held => h !== null);
  return { coverage, gaps, holds };
}

/** The recorded range that contains `at`, or the first one after it (to start playback on footage). */
export function nearestCoverage(timeline: CameraTimeline, at: number): TimeRange | undefined {
  return timeline.coverage.find((r) => r.to > at);
}

// What the health page reads: GET /api/health/cameras, GET /api/recordings/gaps, GET /api/health/server.
import { asRecord, readArray, readNumber, readString } from '../api/read.js';

export interface CameraHealthLine {
  readonly cameraId: string;
  /** Of the main stream: online, degraded, offline, idle. */
  readonly state: string;
  readonly lastFrameAtMs: number | null;
  /** The kind of the last link error (never its text), null when none. */
  readonly errorKind: string | null;
  readonly reconnects: number;
}

export interface RecordingGap {
  readonly cameraId: string;
  readonly startMs: number;
  readonly endMs: number | null;
  readonly cause: string;
}

export interface ServerHealth {
  readonly loadAverage: readonly number[];
  readonly cpus: number;
  readonly memory: { readonly totalBytes: number; readonly freeBytes: number };
  readonly process: { readonly rssBytes: number; readonly uptimeSeconds: number };
}

export function readCameraHealth(payload: unknown): CameraHealthLine[] {
  return readArray(payload, 'cameras').flatMap((value) => {
    const record = asRecord(value);
    const main = record === null ? null : asRecord(record['main']);
    const cameraId = record === null ? undefined : readString(record, 'cameraId');
    if (main === null || cameraId === undefined) return [];
    const error = asRecord(main['lastError']);
    return [
      {
        cameraId,
        state: readString(main, 'state') ?? 'unknown',
        lastFrameAtMs: readNumber(main, 'lastFrameAtMs') ?? null,
        errorKind: error === null ? null : (readString(error, 'kind') ?? 'error'),
        reconnects: readNumber(main, 'reconnects') ?? 0,
      },
    ];
  });
}

export function readRecordingGaps(payload: unknown): RecordingGap[] {
  return readArray(payload, 'gaps').flatMap((value) => {
    const record = asRecord(value);
    const cameraId = record === null ? undefined : readString(record, 'cameraId');
    const startMs = record === null ? undefined : readNumber(record, 'startMs');
    if (record === null || cameraId === undefined || startMs === undefined) return [];
    return [{ cameraId, startMs, endMs: readNumber(record, 'endMs') ?? null, cause: readString(record, 'cause') ?? '' }];
  });
}

export function readServerHealth(payload: unknown): ServerHealth | null {
  const record = asRecord(payload);
  if (record === null) return null;
  const memory = asRecord(record['memory']);
  const process = asRecord(record['process']);
  return {
    loadAverage: readArray(record, 'loadAverage').map(Number),
    cpus: readNumber(record, 'cpus') ?? 1,
    memory: { totalBytes: (memory && readNumber(memory, 'totalBytes')) ?? 0, freeBytes: (memory && readNumber(memory, 'freeBytes')) ?? 0 },
    process: { rssBytes: (process && readNumber(process, 'rssBytes')) ?? 0, uptimeSeconds: (process && readNumber(process, 'uptimeSeconds')) ?? 0 },
  };
}

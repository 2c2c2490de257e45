// What the camera-estate pages read from the API (GET /api/cameras as an administrator, the import report,
// the stream test), checked field by field like the rest of the console's contracts.
import { asRecord, readArray, readNumber, readString } from '../api/read.js';
import { readCameraState, readFieldOfView, type CameraState, type FieldOfView } from '../api/contracts.js';

export interface EstateCamera {
  readonly id: string;
  readonly name: string;
  readonly commune: string;
  readonly communeName: string;
  readonly lat: number;
  readonly lon: number;
  readonly type: string;
  readonly mounting: string | null;
  readonly retentionDays: number;
  readonly purposes: readonly string[];
  readonly enabled: boolean;
  readonly narrowField: boolean;
  readonly sectors: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly mainUrl: string | null;
  readonly subUrl: string | null;
  readonly hasCredentials: boolean;
  readonly fieldOfView: FieldOfView | null;
  readonly authorisationRef: string | null;
  readonly authorisationExpiresOn: string | null;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function readEstateCameras(payload: unknown): EstateCamera[] {
  return readArray(payload).flatMap((value) => {
    const r = asRecord(value);
    const id = r === null ? undefined : readString(r, 'id');
    if (r === null || id === undefined) return [];
    const position = asRecord(r['position']) ?? {};
    const streams = asRecord(r['streams']) ?? {};
    const authorisation = asRecord(r['authorisation']) ?? {};
    return [
      {
        id,
        name: readString(r, 'name') ?? id,
        commune: readString(r, 'commune') ?? '',
        communeName: readString(r, 'communeName') ?? readString(r, 'commune') ?? '',
        lat: readNumber(position, 'lat') ?? 0,
        lon: readNumber(position, 'lon') ?? 0,
        type: readString(r, 'type') ?? 'fixed',
        mounting: readString(r, 'mounting') ?? null,
        retentionDays: readNumber(r, 'retentionDays') ?? 0,
        purposes: strings(r['purposes']),
        enabled: r['enabled'] !== false,
        narrowField: r['narrowField'] === true,
        sectors: readArray(r['sectors']).flatMap((s) => {
          const sector = asRecord(s);
          const sectorId = sector === null ? undefined : readString(sector, 'id');
          return sector === null || sectorId === undefined ? [] : [{ id: sectorId, name: readString(sector, 'name') ?? sectorId }];
        }),
        mainUrl: readString(streams, 'main') ?? null,
        subUrl: readString(streams, 'sub') ?? null,
        hasCredentials: r['hasCredentials'] === true,
        fieldOfView: readFieldOfView(r['fieldOfView']),
        authorisationRef: readString(authorisation, 'reference') ?? null,
        authorisationExpiresOn: readString(authorisation, 'expiresOn') ?? null,
      },
    ];
  });
}

export interface ImportIssue {
  readonly line: number;
  readonly field: string;
  readonly reason: string | undefined;
}

export interface ImportReport {
  readonly dryRun: boolean;
  readonly imported: number;
  readonly errors: readonly ImportIssue[];
  readonly created: ReadonlyArray<{ readonly line: number; readonly id: string | null; readonly name: string; readonly commune: string }>;
  readonly updated: ReadonlyArray<{ readonly line: number; readonly id: string; readonly name: string; readonly changed: readonly string[] }>;
  readonly unchanged: ReadonlyArray<{ readonly line: number; readonly id: string; readonly name: string }>;
  readonly removed: ReadonlyArray<{ readonly id: string; readonly name: string; readonly commune: string }>;
}

export function readImportReport(payload: unknown): ImportReport {
  const r = asRecord(payload) ?? {};
  const line = (x: Record<string, unknown>) => readNumber(x, 'line') ?? 0;
  return {
    dryRun: r['dryRun'] === true,
    imported: readNumber(r, 'imported') ?? 0,
    errors: readArray(r['errors']).flatMap((e) => {
      const x = asRecord(e);
      return x === null ? [] : [{ line: line(x), field: readString(x, 'field') ?? '', reason: readString(x, 'reason') }];
    }),
    created: readArray(r['created']).flatMap((e) => {
      const x = asRecord(e);
      return x === null ? [] : [{ line: line(x), id: readString(x, 'id') ?? null, name: readString(x, 'name') ?? '', commune: readString(x, 'commune') ?? '' }];
    }),
    updated: readArray(r['updated']).flatMap((e) => {
      const x = asRecord(e);
      return x === null ? [] : [{ line: line(x), id: readString(x, 'id') ?? '', name: readString(x, 'name') ?? '', changed: strings(x['changed']) }];
    }),
    unchanged: readArray(r['unchanged']).flatMap((e) => {
      const x = asRecord(e);
      return x === null ? [] : [{ line: line(x), id: readString(x, 'id') ?? '', name: readString(x, 'name') ?? '' }];
    }),
    removed: readArray(r['removed']).flatMap((e) => {
      const x = asRecord(e);
      return x === null ? [] : [{ id: readString(x, 'id') ?? '', name: readString(x, 'name') ?? '', commune: readString(x, 'commune') ?? '' }];
    }),
  };
}

export type ProbeReport =
  | {
      readonly ok: true;
      readonly codec: string;
      readonly width: number | null;
      readonly height: number | null;
      readonly frameRate: number | null;
      readonly bitrateKbps: number | null;
      readonly floor: { readonly narrow: boolean; readonly width: number; readonly height: number; readonly fps: number };
      readonly belowFloor: readonly string[];
    }
  | { readonly ok: false; readonly failure: string };

export function readProbeReport(payload: unknown): ProbeReport {
  const r = asRecord(payload) ?? {};
  if (r['ok'] !== true) return { ok: false, failure: readString(r, 'failure') ?? 'unreachable' };
  const floor = asRecord(r['floor']) ?? {};
  return {
    ok: true,
    codec: readString(r, 'codec') ?? '?',
    width: readNumber(r, 'width') ?? null,
    height: readNumber(r, 'height') ?? null,
    frameRate: readNumber(r, 'frameRate') ?? null,
    bitrateKbps: readNumber(r, 'bitrateKbps') ?? null,
    floor: { narrow: readString(floor, 'class') === 'narrow', width: readNumber(floor, 'width') ?? 0, height: readNumber(floor, 'height') ?? 0, fps: readNumber(floor, 'fps') ?? 0 },
    belowFloor: strings(r['belowFloor']),
  };
}

/** The main stream's state of every camera the user may list (GET /api/health/cameras). */
export function readHealthStates(payload: unknown): Map<string, CameraState> {
  return new Map(
    readArray(payload, 'cameras').flatMap((item) => {
      const record = asRecord(item);
      const id = record === null ? undefined : readString(record, 'cameraId');
      return id === undefined ? [] : [[id, readCameraState(item)] as const];
    }),
  );
}

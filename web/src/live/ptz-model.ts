// What the PTZ panel reads from /api/cameras/:id/ptz, and the geometry of click-to-centre. No DOM here (unit
// tests import it).
import { ApiError } from '../api/api-error.js';
import { asRecord, readArray, readNumber, readString } from '../api/read.js';

export interface PtzHolder {
  readonly name: string;
  readonly role: string;
  readonly untilMs: number;
}

export interface PtzView {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
  readonly moving: boolean;
  readonly holder: PtzHolder | null;
  readonly youHold: boolean;
  readonly takenBy: { readonly name: string; readonly role: string } | null;
  readonly tour: { readonly tourId: string; readonly name: string; readonly paused: boolean } | null;
}

export interface PtzPresetView {
  readonly token: string;
  readonly name: string;
}

export interface PtzTourView {
  readonly id: string;
  readonly name: string;
  readonly steps: number;
}

const ROLE_LABELS: Readonly<Record<string, string>> = {
  operator: 'opérateur',
  room_lead: 'chef de salle',
  administrator: 'administrateur',
  mayor: 'maire',
  municipal_police: 'police municipale',
  alert: 'alerte',
  tour: 'ronde',
};

export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? role;

function readHolder(value: unknown): PtzHolder | null {
  const record = asRecord(value);
  if (record === null) return null;
  return { name: readString(record, 'name') ?? '?', role: readString(record, 'role') ?? '', untilMs: readNumber(record, 'untilMs') ?? 0 };
}

export function readPtzView(payload: unknown): PtzView | null {
  const record = asRecord(payload);
  if (record === null) return null;
  const position = asRecord(record['position']) ?? {};
  const control = asRecord(record['control']) ?? {};
  const taken = asRecord(asRecord(control['takenFromYou'])?.['by']);
  const tour = asRecord(record['tour']);
  return {
    pan: readNumber(position, 'pan') ?? 0,
    tilt: readNumber(position, 'tilt') ?? 0,
    zoom: readNumber(position, 'zoom') ?? 0,
    moving: position['moving'] === true,
    holder: readHolder(control['holder']),
    youHold: control['youHold'] === true,
    takenBy: taken === null ? null : { name: readString(taken, 'name') ?? '?', role: readString(taken, 'role') ?? '' },
    tour: tour === null ? null : { tourId: readString(tour, 'tourId') ?? '', name: readString(tour, 'name') ?? '', paused: tour['paused'] === true },
  };
}

export function readPtzPresets(payload: unknown): PtzPresetView[] {
  return readArray(payload).flatMap((item) => {
    const record = asRecord(item);
    const token = record === null ? undefined : readString(record, 'token');
    return record === null || token === undefined ? [] : [{ token, name: readString(record, 'name') ?? token }];
  });
}

export function readPtzTours(payload: unknown): PtzTourView[] {
  return readArray(asRecord(payload)?.['tours']).flatMap((item) => {
    const record = asRecord(item);
    const id = record === null ? undefined : readString(record, 'id');
    return record === null || id === undefined ? [] : [{ id, name: readString(record, 'name') ?? id, steps: readArray(record['steps']).length }];
  });
}

/**
 * Click-to-centre: the relative move that brings the clicked point to the middle of the picture. `dx`, `dy` are
 * the click's offset from the centre as fractions of the picture (−0.5…0.5, y down). The picture shows a
 * fraction of the pan range that narrows with zoom: half the scene at zoom 0, an eighth at zoom 1 (the demo
 * camera's optics; a real head's field of view differs, and a second click corrects what is left).
 */
export function centreMove(dx: number, dy: number, zoom: number): { pan: number; tilt: number } {
  const fraction = 0.5 - 0.375 * Math.min(1, Math.max(0, zoom));
  const scale = (2 * fraction) / (1 - fraction);
  const round = (v: number): number => Math.round(v * 10_000) / 10_000;
  return { pan: round(dx * scale), tilt: round(-dy * scale) };
}

/** The French sentence for a failed PTZ command: PTZ and ONVIF errors are written in French by the server. */
export function ptzErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (/^VIGIE_(PTZ|ONVIF)_/.test(error.code)) return error.message;
    if (error.status === 403) return 'Votre rôle ne permet pas de piloter cette caméra.';
    if (error.status === 404) return 'Cette caméra n’existe plus ou ne vous est pas attribuée.';
  }
  return 'La commande n’a pas pu être envoyée ; réessayez dans un instant.';
}

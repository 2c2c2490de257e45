// The shapes the console reads from Vigie's API (issue 2 contracts), with their readers and French labels.
import { asRecord, readArray, readString, type JsonRecord } from './read.js';

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly role: string;
  readonly communes: readonly string[];
  readonly displayName: string;
  /** What the server lets this user do (from GET /api/auth/me); null when it did not say. */
  readonly actions: readonly string[] | null;
}

/** Whether the user may perform `action`; when the server did not list actions, it will decide. */
export function can(user: SessionUser, action: string): boolean {
  return user.actions === null || user.actions.includes(action);
}

/** `idle`: an on-demand stream that nobody watches, so not connected on purpose. */
export type CameraState = 'online' | 'degraded' | 'offline' | 'idle' | 'unknown';

export interface Camera {
  readonly id: string;
  readonly name: string;
  /** INSEE code. */
  readonly commune: string;
  readonly communeName: string | undefined;
  readonly type: string;
  readonly enabled: boolean;
  readonly state: CameraState;
}

export interface Commune {
  readonly insee: string;
  readonly name: string;
}

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  operator: 'Opérateur',
  room_lead: 'Chef de salle',
  administrator: 'Administrateur',
  mayor: 'Maire / élu',
  municipal_police: 'Police municipale',
  investigator: 'Enquêteur',
  auditor: 'Auditeur',
};

export const STATE_LABELS: Readonly<Record<CameraState, string>> = {
  online: 'En ligne',
  degraded: 'Dégradée',
  offline: 'Hors ligne',
  idle: 'En veille',
  unknown: 'État inconnu',
};

export const TYPE_LABELS: Readonly<Record<string, string>> = { fixed: 'Fixe', ptz: 'Dôme PTZ', multisensor: 'Multicapteur' };

export function readSessionUser(payload: unknown): SessionUser | null {
  const outer = asRecord(payload);
  const record = asRecord(outer?.['user']) ?? outer;
  if (record === null) return null;
  const id = readString(record, 'id');
  const username = readString(record, 'username');
  if (id === undefined || username === undefined) return null;
  const communes = readArray(record['communes'])
    .map((c) => (typeof c === 'string' ? c : readString(asRecord(c) ?? {}, 'insee', 'code', 'id')))
    .filter((c): c is string => c !== undefined);
  const actions = Array.isArray(outer?.['actions']) ? (outer['actions'] as unknown[]).filter((a): a is string => typeof a === 'string') : null;
  return { id, username, role: readString(record, 'role') ?? 'operator', communes, displayName: readString(record, 'displayName', 'display_name', 'name') ?? username, actions };
}

export function readCsrfToken(payload: unknown): string | null {
  const record = asRecord(payload);
  return record === null ? null : (readString(record, 'csrfToken', 'csrf') ?? null);
}

/** A state from a string, `{state}`, or a health answer `{cameraId, main: {state}, sub}` (the main stream's). */
export function readCameraState(value: unknown): CameraState {
  const record = asRecord(value);
  const main = record === null ? null : asRecord(record['main']);
  const state = typeof value === 'string' ? value : readString(main ?? record ?? {}, 'state', 'status');
  return state === 'online' || state === 'degraded' || state === 'offline' || state === 'idle' ? state : 'unknown';
}

export function readCamera(value: unknown): Camera | null {
  const record = asRecord(value);
  if (record === null) return null;
  const id = readString(record, 'id');
  const commune = readString(record, 'commune', 'communeInsee', 'commune_insee', 'insee');
  if (id === undefined || commune === undefined) return null;
  const health: JsonRecord | null = asRecord(record['health']);
  return {
    id,
    name: readString(record, 'name') ?? id,
    commune,
    communeName: readString(record, 'communeName', 'commune_name'),
    type: readString(record, 'type') ?? 'fixed',
    enabled: record['enabled'] !== false && record['enabled'] !== 0,
    state: readCameraState(record['state'] ?? record['status'] ?? health),
  };
}

export function readCameras(payload: unknown): Camera[] {
  return readArray(payload, 'cameras', 'items')
    .map(readCamera)
    .filter((c): c is Camera => c !== null);
}

export function readCommunes(payload: unknown): Commune[] {
  return readArray(payload, 'communes', 'items')
    .map((value) => {
      const record = asRecord(value);
      if (record === null) return null;
      const insee = readString(record, 'insee', 'code', 'id');
      const name = readString(record, 'name', 'nom');
      return insee === undefined ? null : { insee, name: name ?? insee };
    })
    .filter((c): c is Commune => c !== null);
}

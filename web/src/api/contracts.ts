// The shapes the console reads from Vigie's API (issue 2 contracts), with their readers and French labels.
import { asRecord, readArray, readNumber, readString, type JsonRecord } from './read.js';

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

/** Where a camera looks (GET /api/cameras: `fieldOfView`): bearing from north clockwise, opening angle, range. */
export interface FieldOfView {
  readonly directionDeg: number;
  readonly angleDeg: number;
  readonly rangeM?: number;
}

export function readFieldOfView(value: unknown): FieldOfView | null {
  const record = asRecord(value);
  if (record === null) return null;
  const { directionDeg, angleDeg, rangeM } = record;
  if (typeof directionDeg !== 'number' || typeof angleDeg !== 'number') return null;
  return typeof rangeM === 'number' ? { directionDeg, angleDeg, rangeM } : { directionDeg, angleDeg };
}

/** A saved mosaic (GET/POST /api/layouts, PUT/DELETE /api/layouts/:id): a grid of at most 5×5 and its tiles. */
export interface SavedLayoutTile {
  readonly col: number;
  readonly row: number;
  readonly colSpan: number;
  readonly rowSpan: number;
  readonly cameraId: string | null;
}

export interface SavedLayout {
  readonly id: string;
  readonly name: string;
  readonly shared: boolean;
  readonly ownerId: string;
  readonly cols: number;
  readonly rows: number;
  readonly tiles: readonly SavedLayoutTile[];
}

/** A saved tour (GET /api/tours): cameras or saved layouts shown one after the other, each for its dwell time. */
export type TourStep = { readonly cameraId: string; readonly dwellSeconds: number } | { readonly layoutId: string; readonly dwellSeconds: number };

export interface SavedTour {
  readonly id: string;
  readonly name: string;
  readonly shared: boolean;
  readonly ownerId: string;
  readonly steps: readonly TourStep[];
}

// --- Navigator and map (issue 10): where cameras are and look, their recording, the communes' outlines. ---

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

export interface SectorRef {
  readonly id: string;
  readonly name: string;
  readonly sensitive: boolean;
}

/** A camera's place on the map and in the tree (from GET /api/cameras). */
export interface CameraPlacement {
  readonly position: LatLon | null;
  readonly sectors: readonly SectorRef[];
  readonly fieldOfView: FieldOfView | null;
}

function readLatLon(value: unknown): LatLon | null {
  const record = asRecord(value);
  const lat = record === null ? undefined : readNumber(record, 'lat', 'latitude');
  const lon = record === null ? undefined : readNumber(record, 'lon', 'lng', 'longitude');
  return lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180 ? null : { lat, lon };
}

/** Camera id → placement, from the camera list. */
export function readCameraPlacements(payload: unknown): Map<string, CameraPlacement> {
  const placements = new Map<string, CameraPlacement>();
  for (const value of readArray(payload, 'cameras', 'items')) {
    const record = asRecord(value);
    const id = record === null ? undefined : readString(record, 'id');
    if (record === null || id === undefined) continue;
    const sectors = readArray(record['sectors'])
      .map((s) => {
        const sector = asRecord(s);
        const sectorId = sector === null ? undefined : readString(sector, 'id');
        return sector === null || sectorId === undefined ? null : { id: sectorId, name: readString(sector, 'name') ?? sectorId, sensitive: sector['sensitive'] === true || sector['sensitive'] === 1 };
      })
      .filter((s): s is SectorRef => s !== null);
    placements.set(id, { position: readLatLon(record['position'] ?? record), sectors, fieldOfView: readFieldOfView(record['fieldOfView']) });
  }
  return placements;
}

/** The recorder's state of a camera (GET /api/recordings/status). */
export type RecordingState = 'recording' | 'waiting' | 'storage-error' | 'stopped' | 'disabled';

export const RECORDING_LABELS: Readonly<Record<RecordingState, string>> = {
  recording: 'Enregistrement',
  waiting: 'En attente d’images',
  'storage-error': 'Erreur de stockage',
  stopped: 'Enregistrement arrêté',
  disabled: 'Non enregistrée',
};

export function readRecordingStates(payload: unknown): Map<string, RecordingState> {
  const states = new Map<string, RecordingState>();
  for (const value of readArray(payload, 'cameras')) {
    const record = asRecord(value);
    const id = record === null ? undefined : readString(record, 'cameraId', 'id');
    const state = record === null ? undefined : readString(record, 'state');
    if (id !== undefined && state !== undefined && state in RECORDING_LABELS) states.set(id, state as RecordingState);
  }
  return states;
}

/** A commune's outline as polygons of rings of [lon, lat] (GET /api/communes/outlines). */
export interface CommuneOutline {
  readonly insee: string;
  readonly name: string;
  readonly centroid: LatLon | null;
  /** Polygons, each a list of rings, each a list of [lon, lat]. */
  readonly polygons: ReadonlyArray<ReadonlyArray<ReadonlyArray<readonly [number, number]>>>;
}

function readRings(value: unknown): Array<Array<[number, number]>> {
  return readArray(value).map((ring) =>
    readArray(ring)
      .filter((p): p is number[] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number')
      .map((p) => [p[0] as number, p[1] as number] as [number, number]),
  );
}

/** A GeoJSON Polygon or MultiPolygon geometry as polygons of rings of [lon, lat]; anything else: none. */
export function readPolygons(geometry: unknown): Array<Array<Array<[number, number]>>> {
  const record = asRecord(geometry);
  const coordinates = record?.['coordinates'];
  return record?.['type'] === 'Polygon' ? [readRings(coordinates)] : record?.['type'] === 'MultiPolygon' ? readArray(coordinates).map(readRings) : [];
}

export function readCommuneOutlines(payload: unknown): CommuneOutline[] {
  return readArray(payload, 'features')
    .map((value): CommuneOutline | null => {
      const feature = asRecord(value);
      const properties = asRecord(feature?.['properties']) ?? {};
      const insee = readString(properties, 'insee', 'code') ?? (feature === null ? undefined : readString(feature, 'id'));
      if (feature === null || insee === undefined) return null;
      return { insee, name: readString(properties, 'name', 'nom') ?? insee, centroid: readLatLon(properties['centroid']), polygons: readPolygons(feature['geometry']) };
    })
    .filter((c): c is CommuneOutline => c !== null);
}

export interface MapSettings {
  readonly tileUrl: string | null;
  readonly tileAttribution: string | null;
}

export function readMapSettings(payload: unknown): MapSettings {
  const record = asRecord(payload) ?? {};
  const tileUrl = readString(record, 'tileUrl');
  return { tileUrl: tileUrl !== undefined && /\{z\}/.test(tileUrl) ? tileUrl : null, tileAttribution: readString(record, 'tileAttribution') ?? null };
}

export function readFavourites(payload: unknown): string[] {
  return readArray(payload, 'cameraIds', 'favourites').filter((id): id is string => typeof id === 'string');
}

/** A live-watch request in force (GET /api/watch-requests?active=true): the cameras and commune it covers. */
export interface ActiveWatch {
  readonly id: string;
  readonly commune: string | null;
  readonly event: string;
  readonly cameraIds: readonly string[];
}

export function readActiveWatches(payload: unknown): ActiveWatch[] {
  return readArray(payload, 'requests', 'items', 'watchRequests')
    .map((value): ActiveWatch | null => {
      const record = asRecord(value);
      const id = record === null ? undefined : readString(record, 'id');
      if (record === null || id === undefined) return null;
      const accepted = readArray(record['acceptedCameraIds']);
      const ids = (accepted.length > 0 ? accepted : readArray(record['cameraIds'])).filter((c): c is string => typeof c === 'string');
      return { id, commune: readString(record, 'communeInsee', 'commune') ?? null, event: readString(record, 'event') ?? '', cameraIds: ids };
    })
    .filter((w): w is ActiveWatch => w !== null);
}

/** The states of a live-watch request (src/watch/model.ts). */
export type WatchState = 'submitted' | 'accepted' | 'declined' | 'cancelled' | 'active' | 'ended' | 'expired';

export const WATCH_STATE_LABELS: Readonly<Record<WatchState, string>> = {
  submitted: 'En attente de réponse',
  accepted: 'Acceptée',
  declined: 'Refusée',
  cancelled: 'Annulée',
  active: 'En cours',
  ended: 'Terminée',
  expired: 'Expirée sans réponse',
};

/** A mayor's live-watch request (GET /api/watch-requests), with the room lead's answer once given. */
export interface WatchRequest {
  readonly id: string;
  readonly communeInsee: string;
  readonly event: string;
  readonly contact: string;
  readonly reason: string;
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly state: WatchState;
  readonly requestedBy: string;
  readonly createdAt: number;
  readonly reviewedBy: string | null;
  readonly reviewNote: string | null;
  readonly acceptedCameraIds: readonly string[] | null;
  readonly monitorId: string | null;
  readonly wallOutcome: string | null;
  readonly endedBy: string | null;
  readonly endCause: string | null;
}

const isWatchState = (value: unknown): value is WatchState => typeof value === 'string' && value in WATCH_STATE_LABELS;
const stringsOf = (value: unknown): string[] => readArray(value).filter((v): v is string => typeof v === 'string');

export function readWatchRequest(value: unknown): WatchRequest | null {
  const record = asRecord(value);
  if (record === null) return null;
  const id = readString(record, 'id');
  const communeInsee = readString(record, 'communeInsee', 'commune');
  const fromMs = readNumber(record, 'fromMs');
  const toMs = readNumber(record, 'toMs');
  const state = record['state'];
  if (id === undefined || communeInsee === undefined || fromMs === undefined || toMs === undefined || !isWatchState(state)) return null;
  return {
    id,
    communeInsee,
    event: readString(record, 'event') ?? '',
    contact: readString(record, 'contact') ?? '',
    reason: readString(record, 'reason') ?? '',
    cameraIds: stringsOf(record['cameraIds']),
    fromMs,
    toMs,
    state,
    requestedBy: readString(record, 'requestedBy') ?? '',
    createdAt: readNumber(record, 'createdAt') ?? 0,
    reviewedBy: readString(record, 'reviewedBy') ?? null,
    reviewNote: readString(record, 'reviewNote') ?? null,
    acceptedCameraIds: Array.isArray(record['acceptedCameraIds']) ? stringsOf(record['acceptedCameraIds']) : null,
    monitorId: readString(record, 'monitorId') ?? null,
    wallOutcome: readString(record, 'wallOutcome') ?? null,
    endedBy: readString(record, 'endedBy') ?? null,
    endCause: readString(record, 'endCause') ?? null,
  };
}

export function readWatchRequests(payload: unknown): WatchRequest[] {
  return readArray(payload, 'requests', 'items')
    .map(readWatchRequest)
    .filter((w): w is WatchRequest => w !== null);
}

// --- the video wall (src/wall): monitors, what each shows, presets, saved layouts and tours ---

export interface WallTile {
  readonly col: number;
  readonly row: number;
  readonly colSpan: number;
  readonly rowSpan: number;
  readonly cameraId: string | null;
}

export interface WallGrid {
  readonly cols: number;
  readonly rows: number;
  readonly tiles: readonly WallTile[];
}

export type WallTourStep = { readonly dwellSeconds: number } & ({ readonly cameraId: string | null } | { readonly layout: WallGrid & { readonly name: string } });

export type WallAssignment =
  | { readonly kind: 'empty' }
  | { readonly kind: 'camera'; readonly cameraId: string | null }
  | ({ readonly kind: 'layout'; readonly layoutId: string | null; readonly name: string } & WallGrid)
  | { readonly kind: 'tour'; readonly tourId: string; readonly name: string; readonly steps: readonly WallTourStep[]; readonly startedAt: number }
  | { readonly kind: 'alarm'; readonly cameraIds: readonly (string | null)[]; readonly reason: string | null; readonly since: number | null };

export interface WallMonitor {
  readonly id: string;
  readonly name: string;
  readonly row: number;
  readonly col: number;
  readonly online: boolean;
  readonly assignment: WallAssignment;
  readonly updatedAt: number;
  readonly updatedBy: string | null;
}

export interface WallPresetSummary {
  readonly id: string;
  readonly name: string;
}

export interface SavedLayout extends WallGrid {
  readonly id: string;
  readonly name: string;
  readonly shared: boolean;
}

export interface SavedTour {
  readonly id: string;
  readonly name: string;
  readonly shared: boolean;
  readonly steps: readonly ({ readonly cameraId: string; readonly dwellSeconds: number } | { readonly layoutId: string; readonly dwellSeconds: number })[];
}

/** A camera as a wall page knows it (its channel names the cameras it shows). */
export interface WallCamera {
  readonly id: string;
  readonly name: string;
  readonly commune: string;
  readonly communeName: string;
  readonly type: string;
  readonly enabled: boolean;
}

const WALL_KINDS = new Set(['empty', 'camera', 'layout', 'tour', 'alarm']);

export function readWallMonitor(value: unknown): WallMonitor | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const assignment = record['assignment'] as { kind?: unknown } | null | undefined;
  if (typeof record['id'] !== 'string' || typeof assignment !== 'object' || assignment === null || !WALL_KINDS.has(String(assignment.kind))) return null;
  return value as WallMonitor;
}

export function readWallMonitors(value: unknown): WallMonitor[] {
  return Array.isArray(value) ? value.flatMap((m) => readWallMonitor(m) ?? []) : [];
}

/** One journal entry as `GET /api/journal` gives it. */
export interface JournalEntry {
  readonly sequence: number;
  readonly timeMs: number;
  readonly actor: { readonly id: string; readonly username: string; readonly role: string } | null;
  readonly ip: string | null;
  readonly action: string;
  readonly target: { readonly type: string; readonly id?: string; readonly cameraId?: string; readonly communeInsee?: string } | null;
  readonly outcome: 'allowed' | 'denied' | 'failed';
  readonly details: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export interface JournalPage {
  readonly entries: readonly JournalEntry[];
  readonly next: number | null;
}

/** `GET /api/journal/status`: the chain's verification and its last signed checkpoint. */
export interface JournalStatus {
  readonly intact: boolean;
  readonly entries: number;
  readonly lastSequence: number | null;
  readonly firstBadSequence: number | null;
  readonly reason: string | null;
  readonly checkpoints: number;
  readonly lastCheckpointSequence: number | null;
  readonly lastCheckpointTime: string | null;
}

/** What the person must know about his own account (`account` of login and `GET /api/auth/me`). */
export interface AccountStatus {
  readonly validUntil: string | null;
  readonly pending: 'password-change' | 'second-factor-enrolment' | null;
  readonly secondFactor: { readonly setting: 'off' | 'optional' | 'required-for-video'; readonly enrolled: boolean; readonly required: boolean };
  /** When this login session ends whatever its use (an investigator's time box, ISO 8601); null when not time-boxed. */
  readonly sessionEndsAt: string | null;
}

/** One account as `GET /api/users` gives it, with its habilitation record (instants ISO 8601). */
export interface UserAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly communes: readonly string[];
  readonly grantedBy: string;
  readonly authority: string;
  readonly reference: string;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  readonly trainingDate: string | null;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly secondFactor: boolean;
  readonly createdAt: string;
}

/** `GET /api/registers`: every register, rows already in French text. */
export interface RegistersAnswer {
  readonly fromMs: number;
  readonly toMs: number;
  readonly registers: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    readonly columns: readonly string[];
    readonly rows: ReadonlyArray<readonly string[]>;
    readonly inactive: string | null;
  }>;
}

/** `GET /api/reports/monthly|yearly`: the figures, and the document the PDF prints (French text, ready to show). */
export interface ReportAnswer {
  readonly report: { readonly kind: 'monthly' | 'yearly'; readonly period: string };
  readonly document: {
    readonly title: string;
    readonly summary: readonly string[];
    readonly tables: ReadonlyArray<{ readonly title: string; readonly columns: readonly string[]; readonly rows: ReadonlyArray<readonly string[]> }>;
  };
}

/** `GET /api/reports/archive`: one report generated on schedule. */
export interface ArchivedReport {
  readonly name: string;
  readonly kind: 'monthly' | 'yearly';
  readonly period: string;
  readonly insee: string | null;
  readonly format: 'pdf' | 'csv';
}

/** `GET /api/access-requests`: a person's access request, RGPD art. 15 (src/investigations/model.ts). */
export interface AccessRequestView {
  readonly id: string;
  readonly requesterName: string;
  readonly requesterContact: string;
  readonly description: string;
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly deadlineMs: number;
  readonly state: 'registered' | 'answered' | 'closed';
  readonly registeredBy: string;
  readonly registeredAt: number;
  readonly answer: 'viewing' | 'export' | null;
  readonly answerNote: string | null;
  readonly box: { readonly cameraId: string; readonly x: number; readonly y: number; readonly w: number; readonly h: number } | null;
  readonly exportSha256: string | null;
  readonly answeredBy: string | null;
  readonly answeredAt: number | null;
  readonly closedBy: string | null;
  readonly closedAt: number | null;
}

/** A request to widen a requisition's scope (src/investigations/model.ts): cameras added, the whole range asked, a later end date. */
export interface RequisitionExtensionView {
  readonly id: string;
  readonly addedCameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly untilMs: number | null;
  readonly reason: string;
  readonly holdId: string | null;
  readonly state: 'pending' | 'granted' | 'refused';
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly decisionNote: string | null;
}

/** `GET /api/requisitions`: a judicial requisition (src/investigations/model.ts). */
export interface RequisitionView {
  readonly id: string;
  readonly reference: string;
  readonly officer: { readonly name: string; readonly quality: 'OPJ' | 'APJ'; readonly service: string; readonly contact: string };
  readonly legalBasis: string;
  readonly reason: string;
  readonly cameraIds: readonly string[];
  /** The names and communes of its cameras and of those its extensions ask for. */
  readonly cameras: readonly { readonly id: string; readonly name: string; readonly communeName: string }[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly live: boolean;
  readonly investigatorId: string;
  readonly investigator: string;
  readonly state: 'registered' | 'validated' | 'refused' | 'extracted' | 'handed-over' | 'closed';
  readonly registeredBy: string;
  readonly registeredAt: number;
  readonly reviewedBy: string | null;
  readonly reviewNote: string | null;
  readonly scopeUntilMs: number | null;
  /** Every extension asked, oldest first (at most one pending). */
  readonly extensions: readonly RequisitionExtensionView[];
  readonly exportIds: readonly string[];
  readonly handover: { readonly handedBy: string; readonly handedAt: number; readonly receivedBy: string; readonly ackBy: string | null; readonly ackAt: number | null } | null;
  readonly closedAt: number | null;
}

/** A link of the camera topology (GET /api/topology): leaving a camera towards a direction, the next camera and travel times. */
export interface CameraLinkView {
  readonly fromCameraId: string;
  readonly direction: 'N' | 'NE' | 'E' | 'SE' | 'S' | 'SW' | 'W' | 'NW';
  readonly toCameraId: string;
  readonly distanceM: number;
  readonly walkMinS: number;
  readonly walkMaxS: number;
  readonly driveMinS: number;
  readonly driveMaxS: number;
  readonly source: 'suggested' | 'edited';
  readonly updatedBy: string;
  readonly updatedAt: number;
}

export interface TopologyView {
  readonly cameras: ReadonlyArray<{ readonly id: string; readonly name: string; readonly communeInsee: string; readonly position: LatLon; readonly fieldOfView: FieldOfView | null }>;
  readonly links: readonly CameraLinkView[];
}

export interface SightingBoxView {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface TrajectorySightingView {
  readonly seq: number;
  readonly cameraId: string;
  readonly cameraName: string;
  readonly position: LatLon;
  readonly atMs: number;
  readonly box: SightingBoxView;
  readonly detectionId?: number;
  readonly className: string;
  readonly colours: readonly string[];
  readonly addedBy: string;
}

export interface TrajectoryView {
  readonly id: string;
  readonly requisitionId: string;
  readonly reference: string;
  readonly title: string;
  readonly className: string;
  readonly colours: readonly string[];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly exportId: string | null;
  readonly exportedBy: string | null;
  readonly exportedAt: number | null;
  readonly sightings: readonly TrajectorySightingView[];
}

export interface TrajectoryCandidateView {
  readonly detectionId: number;
  readonly cameraId: string;
  readonly atMs: number;
  readonly box: SightingBoxView;
  readonly trackId: number;
  readonly className: string;
  readonly colours: readonly string[];
  readonly confidence: number;
  readonly colourMatch: number;
}

/** POST /api/requisitions/:id/trajectory-proposals */
export interface TrajectoryProposalView {
  readonly sighting: {
    readonly cameraId: string;
    readonly atMs: number;
    readonly className: string | null;
    readonly colours: readonly string[];
    readonly exitMs: number;
    readonly exitDirection: string | null;
  };
  readonly next: ReadonlyArray<{
    readonly cameraId: string;
    readonly cameraName: string;
    readonly position: LatLon | null;
    readonly direction: string;
    readonly directionName: string;
    readonly matchesExit: boolean;
    readonly travel: { readonly minS: number; readonly maxS: number; readonly mode: 'walk' | 'drive' };
    readonly window: { readonly fromMs: number; readonly toMs: number } | null;
    readonly inScope: boolean;
    readonly outside: 'camera' | 'range' | null;
    readonly candidates: readonly TrajectoryCandidateView[];
  }>;
}

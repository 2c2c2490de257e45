// What each role may do, transcribed BY HAND from docs/access.md ("Roles and what they may do") and issue 9 §1,
// and what every HTTP route of the server does. Nothing here is computed from src/access: the authorization
// matrix test compares the real server with this table, so a policy or a route declaration that drifts from the
// documented model fails it. A route added to the server and missing here fails the matrix too ("route X is not
// in the expectations table"): whoever adds a route decides its access in this file.
import type { Role } from '../../../src/access/index.js';

/**
 * How far a role holds an action: everywhere, only on cameras of its communes, recorded pictures of the last 72 h,
 * or only on the cameras and footage of a validated requisition in force (investigators; the matrix's investigator
 * has none, so every camera is refused to him — test/e2e/requisitions.test.ts checks the granted side).
 */
export type Grant = 'all' | 'commune' | 'last72h' | 'requisition';

/** The operators' playback window (docs/access.md: "Operators play back the last 72 hours"). */
export const OPERATOR_WINDOW_MS = 72 * 3_600_000;

const VIEWER = { 'session.read': 'all', 'territory.read': 'all', 'camera.list': 'all', 'camera.read': 'all' } as const;
const COMMUNE_VIEWER = {
  'session.read': 'all',
  'territory.read': 'commune',
  'camera.list': 'commune',
  'camera.read': 'commune',
  'video.live': 'commune',
  'video.playback': 'commune',
  'recording.read': 'commune',
  'mosaic.save': 'all',
} as const;

/** docs/access.md, table "Roles and what they may do" (+ token.create for room leads and administrators, issue 9 §1). */
export const GRANTS: Readonly<Record<Role, Readonly<Record<string, Grant>>>> = {
  operator: {
    ...VIEWER,
    'video.live': 'all',
    'video.playback': 'last72h',
    // Issue 9 §1: every route that reads recorded pictures applies the operators' window, snapshots included.
    'video.snapshot': 'last72h',
    'ptz.control': 'all',
    'recording.read': 'all',
    'watch.read': 'all',
    'wall.read': 'all',
    'wall.control': 'all',
    'wall.display': 'all',
    'mosaic.save': 'all',
    // docs/alerts.md: operators receive, handle and escalate alerts and keep the main courante.
    'alert.read': 'all',
    'alert.handle': 'all',
    'oplog.read': 'all',
    'oplog.write': 'all',
  },
  room_lead: {
    ...VIEWER,
    'video.live': 'all',
    'video.playback': 'all',
    'video.snapshot': 'all',
    'video.export': 'all',
    'ptz.control': 'all',
    'recording.read': 'all',
    'hold.manage': 'all',
    'retention.read': 'all',
    'token.create': 'all',
    // Issue 9 §2: login lockouts in force are visible to room leads (and administrators, who lift them).
    'lockout.read': 'all',
    'watch.review': 'all',
    'watch.read': 'all',
    'wall.read': 'all',
    'wall.control': 'all',
    'wall.manage': 'all',
    'wall.display': 'all',
    'mosaic.save': 'all',
    'register.read': 'all',
    'report.read': 'all',
    'health.read': 'all',
    'requisition.request': 'all',
    'requisition.read': 'all',
    'requisition.review': 'all',
    // Registering on an investigator's behalf: the active investigator accounts to choose from (names only).
    'requisition.delegate': 'all',
    'access-request.manage': 'all',
    'detection.search': 'all',
    'topology.read': 'all',
    'topology.manage': 'all',
    'trajectory.follow': 'all',
    'alert.read': 'all',
    'alert.handle': 'all',
    'oplog.read': 'all',
    'oplog.write': 'all',
    'analytics.read': 'all',
  },
  administrator: {
    ...VIEWER,
    'recording.read': 'all',
    'retention.read': 'all',
    'retention.manage': 'all',
    'territory.manage': 'all',
    'camera.manage': 'all',
    'mask.manage': 'all',
    'user.read': 'all',
    'user.manage': 'all',
    'token.manage': 'all',
    'token.create': 'all',
    'lockout.read': 'all',
    'journal.read': 'all',
    'metrics.read': 'all',
    'system.read': 'all',
    'wall.read': 'all',
    'wall.manage': 'all',
    'register.read': 'all',
    'report.read': 'all',
    'health.read': 'all',
    // Analytics governance is configuration: legal bases and rule activations.
    'analytics.read': 'all',
    'analytics.manage': 'all',
    // The camera topology is configuration: which camera follows which.
    'topology.read': 'all',
    'topology.manage': 'all',
  },
  // Live-watch requests: a mayor sends and reads those of his commune only.
  mayor: { ...COMMUNE_VIEWER, 'watch.request': 'commune', 'watch.read': 'commune', 'report.read': 'commune' },
  // Municipal police (a possible controller under décret 2023-828) read their communes' alerts; mayors none.
  municipal_police: { ...COMMUNE_VIEWER, 'alert.read': 'commune' },
  // Investigators (issue 14): their own requisitions, and video only within a validated requisition's scope.
  investigator: {
    'session.read': 'all',
    'camera.read': 'requisition',
    // The recording's index (timeline, availability, bookmarks) of his requisitions' cameras over their ranges only.
    'recording.read': 'requisition',
    'video.live': 'requisition',
    'video.playback': 'requisition',
    'video.snapshot': 'requisition',
    'requisition.request': 'all',
    'requisition.read': 'all',
    // The forensic search: only over the cameras and ranges of his requisitions in force (none in the matrix: empty).
    'detection.search': 'requisition',
    // The topology of his requisitions' cameras (none in the matrix: empty); trajectories within his requisitions.
    'topology.read': 'requisition',
    'trajectory.follow': 'all',
  },
  auditor: {
    ...VIEWER,
    'retention.read': 'all',
    'journal.read': 'all',
    'watch.read': 'all',
    'register.read': 'all',
    'report.read': 'all',
    'requisition.read': 'all',
    'alert.read': 'all',
    'oplog.read': 'all',
    'analytics.read': 'all',
    'topology.read': 'all',
  },
};

/**
 * What a route touches: nothing camera-bound (`none`), one camera named by the request (`camera`: scope and
 * unknown ids apply), or camera data in bulk (`list`: answered, but filtered to the caller's communes).
 * `pictures`: the route reads recorded pictures, so the operators' 72 h window applies.
 */
export interface RouteSpec {
  readonly action: string | 'public';
  readonly target: 'none' | 'camera' | 'list';
  readonly pictures?: boolean;
  readonly websocket?: boolean;
}

const PUBLIC: RouteSpec = { action: 'public', target: 'none' };
const plain = (action: string): RouteSpec => ({ action, target: 'none' });
const oneCamera = (action: string, extra: Partial<RouteSpec> = {}): RouteSpec => ({ action, target: 'camera', ...extra });
const list = (action: string): RouteSpec => ({ action, target: 'list' });

/** Every route, as `METHOD url` exactly as the server registers it. HEAD twins of GET routes follow their GET. */
export const ROUTES: Readonly<Record<string, RouteSpec>> = {
  'GET /api/health': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /*': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': plain('session.read'),
  'GET /api/auth/me': plain('session.read'),
  'POST /api/auth/password': plain('session.read'),
  'POST /api/auth/second-factor/setup': plain('session.read'),
  'POST /api/auth/second-factor': plain('session.read'),
  'GET /metrics': plain('metrics.read'),
  'GET /api/users': plain('user.read'),
  'POST /api/users': plain('user.manage'),
  'GET /api/users/:id': plain('user.read'),
  'PATCH /api/users/:id': plain('user.manage'),
  'DELETE /api/users/:id': plain('user.manage'),
  'POST /api/users/:id/unlock': plain('user.manage'),
  'POST /api/users/:id/reset-password': plain('user.manage'),
  'POST /api/users/:id/reset-second-factor': plain('user.manage'),
  'GET /api/auth/lockouts': plain('lockout.read'),
  'POST /api/tokens': plain('token.create'),
  'GET /api/tokens': plain('token.create'),
  'DELETE /api/tokens/:id': plain('token.create'),
  'GET /api/journal': plain('journal.read'),
  'GET /api/journal.csv': plain('journal.read'),
  'GET /api/journal/extract.html': plain('journal.read'),
  'GET /api/journal/status': plain('journal.read'),
  'GET /api/registers': list('register.read'),
  'GET /api/registers/:register/csv': list('register.read'),
  // Reports (issue 11): a commune's monthly report (a mayor: his own), the centre's yearly report, the archive.
  // Health page (issue 11): the server's load; recording gaps of the cameras in scope.
  'GET /api/health/server': plain('health.read'),
  'GET /api/recordings/gaps': list('recording.read'),
  'GET /api/reports/monthly': list('report.read'),
  'GET /api/reports/yearly': list('report.read'),
  'GET /api/reports/archive': list('report.read'),
  'GET /api/reports/archive/:name': list('report.read'),
  'GET /api/communes': plain('territory.read'),
  'GET /api/communes/:insee': plain('territory.read'),
  'POST /api/communes/import': plain('territory.manage'),
  // Workspace (issue 10): the map's outlines and settings, each person's favourite cameras.
  'GET /api/communes/outlines': list('territory.read'),
  'GET /api/console/map': plain('territory.read'),
  'GET /api/me/favourites': list('camera.list'),
  'PUT /api/me/favourites/:cameraId': oneCamera('camera.read'),
  'DELETE /api/me/favourites/:cameraId': plain('session.read'),
  'GET /api/wall': list('wall.read'),
  'GET /api/wall/events': { ...list('wall.read'), websocket: true },
  'GET /api/wall/monitors/:monitor': list('wall.display'),
  'GET /api/wall/monitors/:monitor/events': { ...list('wall.display'), websocket: true },
  'GET /api/wall/thumbnails': { ...list('video.live'), websocket: true },
  'PUT /api/wall/monitors/:monitor/assignment': plain('wall.control'),
  'POST /api/wall/alarm': plain('wall.control'),
  'POST /api/wall/monitors': plain('wall.manage'),
  'PATCH /api/wall/monitors/:monitor': plain('wall.manage'),
  'DELETE /api/wall/monitors/:monitor': plain('wall.manage'),
  'GET /api/cameras/:id/masks': oneCamera('mask.manage'),
  'PUT /api/cameras/:id/masks': oneCamera('mask.manage'),
  'DELETE /api/cameras/:id/masks': oneCamera('mask.manage'),
  'POST /api/cameras/:id/masks/check': oneCamera('mask.manage'),
  'POST /api/cameras/:id/masks/still': oneCamera('mask.manage'),
  'GET /api/cameras/:id/masks/calibration': oneCamera('mask.manage'),
  'POST /api/cameras/:id/masks/calibration': oneCamera('mask.manage'),
  'GET /api/cameras/:id/masks/mode': oneCamera('mask.manage'),
  'PUT /api/cameras/:id/masks/mode': oneCamera('mask.manage'),
  'GET /api/wall/presets': list('wall.read'),
  'POST /api/wall/presets': plain('wall.manage'),
  'PUT /api/wall/presets/:id': plain('wall.manage'),
  'DELETE /api/wall/presets/:id': plain('wall.manage'),
  'POST /api/wall/presets/:id/apply': plain('wall.control'),
  'GET /api/layouts': list('mosaic.save'),
  'POST /api/layouts': list('mosaic.save'),
  'PUT /api/layouts/:id': list('mosaic.save'),
  'DELETE /api/layouts/:id': list('mosaic.save'),
  'GET /api/tours': list('mosaic.save'),
  'POST /api/tours': list('mosaic.save'),
  'PUT /api/tours/:id': list('mosaic.save'),
  'DELETE /api/tours/:id': list('mosaic.save'),
  'POST /api/wall/device-session': PUBLIC,
  'GET /api/sectors': list('territory.read'),
  'POST /api/sectors': plain('territory.manage'),
  'PATCH /api/sectors/:id': plain('territory.manage'),
  'DELETE /api/sectors/:id': plain('territory.manage'),
  'GET /api/cameras': list('camera.list'),
  'GET /api/cameras/:id': oneCamera('camera.read'),
  'POST /api/cameras': plain('camera.manage'),
  'PATCH /api/cameras/:id': oneCamera('camera.manage'),
  'DELETE /api/cameras/:id': oneCamera('camera.manage'),
  'POST /api/cameras/import': plain('camera.manage'),
  'POST /api/cameras/probe': plain('camera.manage'),
  'POST /api/cameras/:id/probe': oneCamera('camera.manage'),
  // PTZ (issue 12): status, presets and tours are read with camera.read; every command needs ptz.control.
  'GET /api/cameras/:id/ptz': oneCamera('camera.read'),
  'POST /api/cameras/:id/ptz/move': oneCamera('ptz.control'),
  'POST /api/cameras/:id/ptz/stop': oneCamera('ptz.control'),
  'POST /api/cameras/:id/ptz/home': oneCamera('ptz.control'),
  'POST /api/cameras/:id/ptz/release': oneCamera('ptz.control'),
  'GET /api/cameras/:id/ptz/presets': oneCamera('camera.read'),
  'POST /api/cameras/:id/ptz/presets': oneCamera('ptz.control'),
  'PUT /api/cameras/:id/ptz/presets/:token': oneCamera('ptz.control'),
  'DELETE /api/cameras/:id/ptz/presets/:token': oneCamera('ptz.control'),
  'POST /api/cameras/:id/ptz/presets/:token/goto': oneCamera('ptz.control'),
  'GET /api/cameras/:id/ptz/tours': oneCamera('camera.read'),
  'POST /api/cameras/:id/ptz/tours': oneCamera('ptz.control'),
  'PUT /api/cameras/:id/ptz/tours/:tourId': oneCamera('ptz.control'),
  'DELETE /api/cameras/:id/ptz/tours/:tourId': oneCamera('ptz.control'),
  'POST /api/cameras/:id/ptz/tours/:tourId/start': oneCamera('ptz.control'),
  'POST /api/cameras/:id/ptz/tour/stop': oneCamera('ptz.control'),
  // ONVIF onboarding (issue 12): administrators.
  'POST /api/onvif/inspect': plain('camera.manage'),
  'POST /api/onvif/cameras': plain('camera.manage'),
  'POST /api/onvif/discover': plain('camera.manage'),
  'GET /api/health/cameras': list('camera.list'),
  'GET /api/cameras/:id/health': oneCamera('camera.read'),
  'GET /api/cameras/:id/live': oneCamera('video.live', { websocket: true }),
  'GET /api/recordings/timeline': list('recording.read'),
  'GET /api/recordings/status': list('recording.read'),
  'GET /api/recordings/availability': list('recording.read'),
  'GET /api/cameras/:id/bookmarks': oneCamera('recording.read'),
  'POST /api/cameras/:id/bookmarks': oneCamera('video.playback', { pictures: true }),
  'GET /api/cameras/:id/recording-status': oneCamera('recording.read'),
  'GET /api/cameras/:id/playback.m3u8': oneCamera('video.playback', { pictures: true }),
  'GET /api/cameras/:id/recordings/:segmentId': oneCamera('video.playback', { pictures: true }),
  'GET /api/cameras/:id/snapshot': oneCamera('video.snapshot', { pictures: true }),
  'GET /api/cameras/:id/playback': oneCamera('video.playback', { pictures: true, websocket: true }),
  'POST /api/exports': oneCamera('video.export', { pictures: true }),
  'GET /api/exports': list('video.export'),
  'GET /api/exports/:id': plain('video.export'),
  'GET /api/exports/:id/files/:name': plain('video.export'),
  'GET /api/exports/:id/verification': plain('video.export'),
  'GET /api/storage': list('retention.read'),
  'GET /api/storage/notices': plain('retention.read'),
  'GET /api/retention/destructions': plain('retention.read'),
  'GET /api/retention/destructions.csv': plain('retention.read'),
  'GET /api/retention/status': plain('retention.read'),
  'GET /api/retention/holds': plain('retention.read'),
  'POST /api/retention/holds': plain('hold.manage'),
  'POST /api/retention/holds/:id/extend': plain('hold.manage'),
  'POST /api/retention/holds/:id/release': plain('hold.manage'),
  'POST /api/watch-requests': plain('watch.request'),
  'GET /api/watch-requests': list('watch.read'),
  'GET /api/watch-requests/monitors': plain('watch.review'),
  'GET /api/watch-requests/:id': plain('watch.read'),
  'POST /api/watch-requests/:id/accept': plain('watch.review'),
  'POST /api/watch-requests/:id/decline': plain('watch.review'),
  'POST /api/watch-requests/:id/cancel': plain('watch.request'),
  'POST /api/watch-requests/:id/end': plain('watch.review'),
  'GET /api/alerts': list('alert.read'),
  'GET /api/alerts/events': { ...list('alert.read'), websocket: true },
  'GET /api/alerts/stats': list('alert.read'),
  'GET /api/alerts/:id': list('alert.read'),
  'POST /api/alerts/:id/acknowledge': plain('alert.handle'),
  'POST /api/alerts/:id/handle': plain('alert.handle'),
  'POST /api/alerts/:id/escalate': plain('alert.handle'),
  'POST /api/alerts/:id/close': plain('alert.handle'),
  'GET /api/oplog': plain('oplog.read'),
  'POST /api/oplog': plain('oplog.write'),
  'GET /api/oplog/handover': plain('oplog.read'),
  'GET /api/analytics/legal-bases': plain('analytics.read'),
  'POST /api/analytics/legal-bases': plain('analytics.manage'),
  'GET /api/analytics/activations': plain('analytics.read'),
  'POST /api/analytics/activations': plain('analytics.manage'),
  'POST /api/analytics/activations/:id/stop': plain('analytics.manage'),
  // Judicial requisitions (issue 14): an investigator registers and reads his own, room leads review and hand over.
  'POST /api/requisitions': plain('requisition.request'),
  'GET /api/requisitions': plain('requisition.read'),
  'GET /api/requisitions/:id': plain('requisition.read'),
  'GET /api/requisitions/investigators': plain('requisition.delegate'),
  'GET /api/requisitions/:id/receipt.html': plain('requisition.read'),
  'POST /api/requisitions/:id/validate': plain('requisition.review'),
  'POST /api/requisitions/:id/refuse': plain('requisition.review'),
  'POST /api/requisitions/:id/extension': plain('requisition.request'),
  'POST /api/requisitions/:id/extension/decision': plain('requisition.review'),
  'POST /api/requisitions/:id/extract': plain('requisition.review'),
  'POST /api/requisitions/:id/handover': plain('requisition.review'),
  'POST /api/requisitions/:id/acknowledge': plain('requisition.request'),
  'POST /api/requisitions/:id/close': plain('requisition.review'),
  // Citizens' access requests (RGPD art. 15), handled by room leads.
  'POST /api/access-requests': plain('access-request.manage'),
  'GET /api/access-requests': plain('access-request.manage'),
  'GET /api/access-requests/:id': plain('access-request.manage'),
  'POST /api/access-requests/:id/answer': plain('access-request.manage'),
  'GET /api/access-requests/:id/video.mp4': plain('access-request.manage'),
  'POST /api/access-requests/:id/close': plain('access-request.manage'),
  // Forensic search over recorded detections (issue 14): room leads; investigators within their requisitions.
  'POST /api/investigations/search': list('detection.search'),
  // Following a vehicle or person (issue 14): the camera topology, read and edited on the map; trajectories
  // chained within a requisition, exported by room leads.
  'GET /api/topology': list('topology.read'),
  'POST /api/topology/suggest': list('topology.manage'),
  'PUT /api/topology/:id': list('topology.manage'),
  'POST /api/requisitions/:id/trajectory-proposals': plain('trajectory.follow'),
  'POST /api/requisitions/:id/trajectories': plain('trajectory.follow'),
  'GET /api/requisitions/:id/trajectories': plain('requisition.read'),
  'GET /api/requisitions/:id/bookmarks': plain('requisition.read'),
  'POST /api/requisitions/:id/bookmarks': plain('requisition.read'),
  'DELETE /api/requisitions/:id/bookmarks/:bookmarkId': plain('requisition.read'),
  'GET /api/requisitions/:id/extension-cameras': plain('requisition.request'),
  // The registration form's map: outlines and cameras (no state, no stream) for whoever may register.
  'GET /api/requisitions/registration-map': list('requisition.request'),
  'GET /api/trajectories/:id': plain('requisition.read'),
  'POST /api/trajectories/:id/sightings': plain('trajectory.follow'),
  'DELETE /api/trajectories/:id/sightings/last': plain('trajectory.follow'),
  'POST /api/trajectories/:id/export': plain('requisition.review'),
};

export type CameraCase = 'in' | 'out' | 'unknown';
export type Age = 'recent' | 'old';
/** What the server must answer: the route's success, or a refusal with this exact status. */
export type Expected = 'allow' | 401 | 403 | 404;

/** The spec of a registered route (HEAD follows GET), or undefined when the table does not know it. */
export function specOf(method: string, url: string): RouteSpec | undefined {
  return ROUTES[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

/**
 * The documented answer for a subject (null: not logged in) on a route, for a camera in or out of the subject's
 * communes or unknown, and footage inside (recent) or outside (old) the operators' 72 h window.
 */
export function expectedAnswer(spec: RouteSpec, role: Role | null, camera?: CameraCase, age?: Age): Expected {
  if (spec.action === 'public') return 'allow';
  if (role === null) return 401;
  const grant = GRANTS[role][spec.action];
  if (grant === undefined) return 403;
  if (spec.target !== 'camera' || camera === undefined) return 'allow';
  // An unknown camera: 404 only to a role that may do the action at all (no probing of camera ids).
  if (camera === 'unknown') return 404;
  if (grant === 'requisition') return 403;
  if (grant === 'commune' && camera === 'out') return 403;
  if (grant === 'last72h' && spec.pictures === true && age === 'old') return 403;
  return 'allow';
}

/** The roles whose camera data comes only from their validated requisitions (the matrix's investigator has none). */
export function isRequisitionScoped(role: Role): boolean {
  return Object.values(GRANTS[role]).includes('requisition');
}

/** The roles whose camera data is limited to their communes (docs/access.md). */
export function isCommuneScoped(role: Role): boolean {
  return Object.values(GRANTS[role]).includes('commune');
}

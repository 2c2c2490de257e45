// What each role may do, transcribed BY HAND from docs/access.md ("Roles and what they may do") and issue 9 §1,
// and what every HTTP route of the server does. Nothing here is computed from src/access: the authorization
// matrix test compares the real server with this table, so a policy or a route declaration that drifts from the
// documented model fails it. A route added to the server and missing here fails the matrix too ("route X is not
// in the expectations table"): whoever adds a route decides its access in this file.
import type { Role } from '../../../src/access/index.js';

/** How far a role holds an action: everywhere, only on cameras of its communes, or recorded pictures of the last 72 h. */
export type Grant = 'all' | 'commune' | 'last72h';

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
  },
  administrator: {
    ...VIEWER,
    'recording.read': 'all',
    'retention.read': 'all',
    'retention.manage': 'all',
    'territory.manage': 'all',
    'camera.manage': 'all',
    'user.read': 'all',
    'user.manage': 'all',
    'token.manage': 'all',
    'token.create': 'all',
    'lockout.read': 'all',
    'journal.read': 'all',
    'metrics.read': 'all',
    'system.read': 'all',
  },
  mayor: COMMUNE_VIEWER,
  municipal_police: COMMUNE_VIEWER,
  investigator: { 'session.read': 'all' },
  auditor: { ...VIEWER, 'retention.read': 'all', 'journal.read': 'all' },
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
  'GET /metrics': plain('metrics.read'),
  'GET /api/users': plain('user.read'),
  'POST /api/users': plain('user.manage'),
  'GET /api/users/:id': plain('user.read'),
  'PATCH /api/users/:id': plain('user.manage'),
  'DELETE /api/users/:id': plain('user.manage'),
  'POST /api/users/:id/unlock': plain('user.manage'),
  'GET /api/auth/lockouts': plain('lockout.read'),
  'POST /api/tokens': plain('token.create'),
  'GET /api/tokens': plain('token.create'),
  'DELETE /api/tokens/:id': plain('token.create'),
  'GET /api/journal': plain('journal.read'),
  'GET /api/journal.csv': plain('journal.read'),
  'GET /api/communes': plain('territory.read'),
  'GET /api/communes/:insee': plain('territory.read'),
  'POST /api/communes/import': plain('territory.manage'),
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
  'GET /api/health/cameras': list('camera.list'),
  'GET /api/cameras/:id/health': oneCamera('camera.read'),
  'GET /api/cameras/:id/live': oneCamera('video.live', { websocket: true }),
  'GET /api/recordings/timeline': list('recording.read'),
  'GET /api/recordings/status': list('recording.read'),
  'GET /api/cameras/:id/recording-status': oneCamera('recording.read'),
  'GET /api/cameras/:id/playback.m3u8': oneCamera('video.playback', { pictures: true }),
  'GET /api/cameras/:id/recordings/:segmentId': oneCamera('video.playback', { pictures: true }),
  'GET /api/cameras/:id/snapshot': oneCamera('video.snapshot', { pictures: true }),
  'GET /api/cameras/:id/playback': oneCamera('video.playback', { pictures: true, websocket: true }),
  'POST /api/exports': oneCamera('video.export', { pictures: true }),
  'GET /api/exports': list('video.export'),
  'GET /api/exports/:id': plain('video.export'),
  'GET /api/exports/:id/files/:name': plain('video.export'),
  'GET /api/retention/destructions': plain('retention.read'),
  'GET /api/retention/destructions.csv': plain('retention.read'),
  'GET /api/retention/status': plain('retention.read'),
  'GET /api/retention/holds': plain('retention.read'),
  'POST /api/retention/holds': plain('hold.manage'),
  'POST /api/retention/holds/:id/extend': plain('hold.manage'),
  'POST /api/retention/holds/:id/release': plain('hold.manage'),
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
  if (grant === 'commune' && camera === 'out') return 403;
  if (grant === 'last72h' && spec.pictures === true && age === 'old') return 403;
  return 'allow';
}

/** The roles whose camera data is limited to their communes (docs/access.md). */
export function isCommuneScoped(role: Role): boolean {
  return Object.values(GRANTS[role]).includes('commune');
}

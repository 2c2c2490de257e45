// The authorization policy, pure (no I/O): (subject, action, resource) → allowed or not, with the reason.
// Every route goes through it via the auth hook, and every video access later goes through it with its camera.
// The matrix below is documented in docs/access.md; CSI L252-2/L252-3 and R253-3 shape the commune scoping.
import { ALL_CAMERAS, NO_CAMERAS, scopeIncludes, type CameraScope } from '../territory/index.js';
import { CAMERA_ACTIONS, COMMUNE_SCOPED_ROLES, RECORDED_PICTURE_ACTIONS, VIDEO_ACTIONS, type Action, type Role } from './actions.js';

export type Decision = { readonly allowed: boolean; readonly reason: string };

export interface Habilitation {
  readonly disabled: boolean;
  readonly validFromMs: number | null;
  readonly validUntilMs: number | null;
}

export interface PolicySubject {
  readonly role: Role;
  readonly communes: readonly string[];
  readonly habilitation: Habilitation;
  /** API tokens: the actions the token was scoped to (always a subset of its owner's role's). */
  readonly tokenActions?: readonly Action[];
  /** Set when the subject may do nothing at all for a reason the habilitation does not carry (a token's owner lost rights). */
  readonly refusal?: string;
  /** Set while the person must first change his password or enrol a second factor: only his session is his. */
  readonly pending?: string;
  /** Investigators: the scopes their validated requisitions grant, read fresh at each decision. */
  readonly grants?: readonly ScopeGrant[];
}

/** What one validated requisition grants its investigator: these cameras, this footage, until this instant. */
export interface ScopeGrant {
  readonly requisitionId: string;
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly untilMs: number;
  /** Whether the requisition includes live viewing. */
  readonly live: boolean;
}

/** Roles whose video access comes only from scope grants (validated requisitions), camera by camera. */
export const GRANT_SCOPED_ROLES: readonly Role[] = ['investigator'];

/**
 * What a grant limits to its time range: the recorded pictures, and the recording's index (timeline, availability,
 * bookmarks) — an investigator learns nothing of the footage outside his requisition, not even whether it exists.
 */
const GRANT_RANGED_ACTIONS: readonly Action[] = [...RECORDED_PICTURE_ACTIONS, 'recording.read'];

export interface PolicyResource {
  /** The commune of the camera touched; camera actions are refused without it. */
  readonly communeInsee?: string;
  /** Recorded pictures: the footage asked for, checked against the subject's window and his requisitions' grants. */
  readonly timeRange?: { readonly fromMs: number; readonly toMs: number };
  /** The camera touched: grant-scoped subjects (investigators) are checked camera by camera. */
  readonly cameraId?: string;
}

/** Operators see recent footage only (playback, stills); older footage goes through the room lead. */
export const OPERATOR_PLAYBACK_WINDOW_MS = 72 * 60 * 60 * 1000;
/** How far back each role may reach into recorded pictures; a role not listed has no limit. */
const RECORDED_PICTURE_WINDOW_MS: Partial<Record<Role, number>> = { operator: OPERATOR_PLAYBACK_WINDOW_MS };

const CAMERA_READ: readonly Action[] = ['territory.read', 'camera.list', 'camera.read'];

export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  operator: [
    'session.read',
    ...CAMERA_READ,
    'video.live',
    'video.playback',
    'video.snapshot',
    'ptz.control',
    'recording.read',
    'wall.read',
    'wall.control',
    'wall.display',
    'mosaic.save',
    'watch.read',
    'alert.read',
    'alert.handle',
    'oplog.read',
    'oplog.write',
  ],
  room_lead: [
    'session.read',
    ...CAMERA_READ,
    ...VIDEO_ACTIONS,
    'recording.read',
    'hold.manage',
    'retention.read',
    'lockout.read',
    'token.create',
    'wall.read',
    'wall.control',
    'wall.manage',
    'wall.display',
    'mosaic.save',
    'watch.read',
    'watch.review',
    'report.read',
    'register.read',
    'health.read',
    'requisition.request',
    'requisition.read',
    'requisition.review',
    'requisition.delegate',
    'access-request.manage',
    'detection.search',
    'topology.read',
    'topology.manage',
    'trajectory.follow',
    'alert.read',
    'alert.handle',
    'oplog.read',
    'oplog.write',
    'analytics.read',
  ],
  // Configuration only: "video only where also granted" — an administrator who must watch gets a second, operator account.
  administrator: [
    'session.read',
    'user.read',
    'user.manage',
    'token.create',
    'token.manage',
    'lockout.read',
    'journal.read',
    ...CAMERA_READ,
    'territory.manage',
    'camera.manage',
    'mask.manage',
    'recording.read',
    'retention.read',
    'retention.manage',
    'metrics.read',
    'system.read',
    'health.read',
    'wall.read',
    'wall.manage',
    'report.read',
    'register.read',
    // analytics governance is configuration: legal bases and rule activations (décret 2023-828)
    'analytics.read',
    'analytics.manage',
    // the camera topology is configuration too (which camera follows which)
    'topology.read',
    'topology.manage',
  ],
  // A mayor (or the deputy he designates, with the same role and commune) asks the centre to watch live for him.
  mayor: ['session.read', ...CAMERA_READ, 'video.live', 'video.playback', 'recording.read', 'mosaic.save', 'watch.request', 'watch.read', 'report.read'],
  // Municipal police may be a controller of algorithmic analysis (décret 2023-828 art. 13): their communes' alerts, read only.
  municipal_police: ['session.read', ...CAMERA_READ, 'video.live', 'video.playback', 'recording.read', 'mosaic.save', 'alert.read'],
  // Investigators reach footage only through their validated requisitions (cameras, time range, until the end
  // date): every camera action below is further checked against those grants (grantProblem).
  investigator: [
    'session.read',
    'camera.read',
    'recording.read',
    'video.live',
    'video.playback',
    'video.snapshot',
    'requisition.request',
    'requisition.read',
    'detection.search',
    'topology.read',
    'trajectory.follow',
  ],
  auditor: [
    'session.read',
    'journal.read',
    'retention.read',
    ...CAMERA_READ,
    'watch.read',
    'report.read',
    'register.read',
    'requisition.read',
    'alert.read',
    'oplog.read',
    'analytics.read',
    'topology.read',
  ],
};

/** The one rule saying which cameras a subject sees: its communes for mayors, municipal police and commune-bound tokens, else all. */
export function scopeOf(subject: Pick<PolicySubject, 'role' | 'communes' | 'tokenActions'>): CameraScope {
  const communeBound = COMMUNE_SCOPED_ROLES.includes(subject.role) || (subject.tokenActions !== undefined && subject.communes.length > 0);
  return communeBound ? { all: false, communes: subject.communes } : ALL_CAMERAS;
}

export function habilitationProblem(habilitation: Habilitation, nowMs: number): string | undefined {
  if (habilitation.disabled) return 'the account is disabled';
  if (habilitation.validFromMs !== null && nowMs < habilitation.validFromMs) return `the habilitation is not valid before ${new Date(habilitation.validFromMs).toISOString()}`;
  if (habilitation.validUntilMs !== null && nowMs >= habilitation.validUntilMs) return `the habilitation expired on ${new Date(habilitation.validUntilMs).toISOString()}`;
  return undefined;
}

/** Whether the subject may do `action` at all, whatever the camera: habilitation, role, token scope. */
function actionProblem(subject: PolicySubject, action: Action, nowMs: number): string | undefined {
  if (subject.refusal !== undefined) return subject.refusal;
  if (subject.pending !== undefined && action !== 'session.read') return subject.pending;
  const problem = habilitationProblem(subject.habilitation, nowMs);
  if (problem !== undefined) return problem;
  if (!ROLE_ACTIONS[subject.role].includes(action)) return `role ${subject.role} may not ${action}`;
  if (subject.tokenActions !== undefined && !subject.tokenActions.includes(action)) return `the API token is not scoped for ${action}`;
  return undefined;
}

export function decidePolicy(subject: PolicySubject, action: Action, resource: PolicyResource, nowMs: number): Decision {
  const problem = actionProblem(subject, action, nowMs);
  if (problem !== undefined) return deny(problem);
  if ((CAMERA_ACTIONS as readonly Action[]).includes(action)) {
    // By construction: a camera action without its camera is refused, never waved through unscoped.
    if (resource.communeInsee === undefined) return deny(`${action} applies to one camera and the request names none`);
    if (!scopeIncludes(scopeOf(subject), resource.communeInsee)) {
      return deny(`commune ${resource.communeInsee} is outside the subject's communes (${subject.communes.join(', ') || 'none'})`);
    }
  }
  if ((RECORDED_PICTURE_ACTIONS as readonly Action[]).includes(action)) {
    if (resource.timeRange === undefined) return deny(`${action} must name the footage it reads (a time range)`);
    const windowMs = RECORDED_PICTURE_WINDOW_MS[subject.role];
    if (windowMs !== undefined && resource.timeRange.fromMs < nowMs - windowMs) {
      return deny(`role ${subject.role} reaches the last ${windowMs / 3_600_000} hours of recordings only`);
    }
  }
  if (GRANT_SCOPED_ROLES.includes(subject.role) && (CAMERA_ACTIONS as readonly Action[]).includes(action)) {
    const problem = grantProblem(subject.grants ?? [], action, resource, nowMs);
    if (problem !== undefined) return deny(problem);
  }
  return { allowed: true, reason: `role ${subject.role} may ${action}${resource.communeInsee === undefined ? '' : ` in commune ${resource.communeInsee}`}` };
}

/** Why no grant of a grant-scoped subject covers this camera action now (undefined: one does). */
function grantProblem(grants: readonly ScopeGrant[], action: Action, resource: PolicyResource, nowMs: number): string | undefined {
  if (resource.cameraId === undefined) return `${action} applies to one camera and the request names none`;
  const cameraId = resource.cameraId;
  const current = grants.filter((grant) => nowMs < grant.untilMs && grant.cameraIds.includes(cameraId));
  if (current.length === 0) return `no validated requisition in force covers camera ${cameraId}`;
  if (action === 'video.live') return current.some((grant) => grant.live) ? undefined : `no requisition in force includes live viewing of camera ${cameraId}`;
  if (GRANT_RANGED_ACTIONS.includes(action)) {
    const range = resource.timeRange;
    if (range === undefined || !current.some((grant) => range.fromMs >= grant.fromMs && range.toMs <= grant.toMs)) {
      return `the footage asked for is outside the time range of the requisitions in force on camera ${cameraId}`;
    }
  }
  return undefined;
}

/** Every action the subject may attempt now (on cameras: within its scope), for the console to show what it offers. */
export function allowedActions(subject: PolicySubject, nowMs: number): Action[] {
  return ROLE_ACTIONS[subject.role].filter((action) => actionProblem(subject, action, nowMs) === undefined);
}

/** For routes that return camera data in bulk: whether the subject may do `action`, and the cameras it may see. */
export function decideScope(subject: PolicySubject, action: Action, nowMs: number): Decision & { readonly scope: CameraScope } {
  const problem = actionProblem(subject, action, nowMs);
  if (problem !== undefined) return { ...deny(problem), scope: NO_CAMERAS };
  // Grant-scoped subjects see no camera in bulk: each camera is decided on its own against the grants.
  const scope = GRANT_SCOPED_ROLES.includes(subject.role) ? NO_CAMERAS : scopeOf(subject);
  return { allowed: true, reason: `role ${subject.role} may ${action}${scope.all ? '' : ` in communes ${scope.communes.join(', ')}`}`, scope };
}

/**
 * An API token carries at most the rights of the person who minted it: each of its actions allowed to the owner's
 * role, its communes inside the owner's. Checked when the token is minted and at every use (a downgraded owner's
 * tokens stop working).
 */
export function tokenOverreach(owner: Pick<PolicySubject, 'role' | 'communes'>, token: { readonly actions: readonly Action[]; readonly communes: readonly string[] }): string | undefined {
  const beyond = token.actions.filter((action) => !ROLE_ACTIONS[owner.role].includes(action));
  if (beyond.length > 0) return `role ${owner.role} may not ${beyond.join(', ')}`;
  const ownerScope = scopeOf({ role: owner.role, communes: owner.communes });
  const outside = token.communes.filter((commune) => !scopeIncludes(ownerScope, commune));
  if (outside.length > 0) return `commune ${outside.join(', ')} is outside the owner's communes`;
  if (!ownerScope.all && token.communes.length === 0) return `the owner sees only communes ${ownerScope.communes.join(', ')}: the token must name them`;
  return undefined;
}

function deny(reason: string): Decision {
  return { allowed: false, reason };
}

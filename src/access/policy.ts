// The authorization policy, pure (no I/O): (subject, action, resource) → allowed or not, with the reason.
// Every route goes through it via the auth hook, and every video access later goes through it with its camera.
// The matrix below is documented in docs/access.md; CSI L252-2/L252-3 and R253-3 shape the commune scoping.
import { COMMUNE_SCOPED_ROLES, VIDEO_ACTIONS, type Action, type Role } from './actions.js';

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
  /** API tokens: the actions the token was scoped to (always a subset of its role's). */
  readonly tokenActions?: readonly Action[];
}

export interface PolicyResource {
  readonly cameraId?: string;
  /** The commune of the camera (or of the commune-level resource) touched. */
  readonly communeInsee?: string;
  /** Playback and export: the footage asked for. Requisitions (investigators) will be checked against it. */
  readonly timeRange?: { readonly fromMs: number; readonly toMs: number };
}

/** Operators play back recent footage only; older footage goes through the room lead. */
export const OPERATOR_PLAYBACK_WINDOW_MS = 72 * 60 * 60 * 1000;

const CAMERA_READ: readonly Action[] = ['territory.read', 'camera.list', 'camera.read'];

export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  operator: ['session.read', ...CAMERA_READ, 'video.live', 'video.playback', 'video.snapshot', 'ptz.control', 'recording.read'],
  room_lead: ['session.read', ...CAMERA_READ, ...VIDEO_ACTIONS, 'recording.read', 'hold.manage', 'retention.read', 'lockout.read'],
  // Configuration only: "video only where also granted" — an administrator who must watch gets a second, operator account.
  administrator: [
    'session.read', 'user.read', 'user.manage', 'token.manage', 'lockout.read', 'journal.read', ...CAMERA_READ, 'territory.manage', 'camera.manage',
    'recording.read', 'retention.read', 'retention.manage', 'metrics.read', 'system.read',
  ],
  mayor: ['session.read', ...CAMERA_READ, 'video.live', 'video.playback', 'recording.read'],
  municipal_police: ['session.read', ...CAMERA_READ, 'video.live', 'video.playback', 'recording.read'],
  // Investigators reach footage only through a requisition (its cameras and time range, while valid): not yet built.
  investigator: ['session.read'],
  auditor: ['session.read', 'journal.read', 'retention.read', ...CAMERA_READ],
};

/** Actions whose resource is one camera (or commune): commune-scoped subjects may use them only inside their communes. */
export const SCOPED_ACTIONS: readonly Action[] = ['camera.read', 'recording.read', 'hold.manage', ...VIDEO_ACTIONS];

export function isCommuneScoped(subject: Pick<PolicySubject, 'role' | 'communes' | 'tokenActions'>): boolean {
  return COMMUNE_SCOPED_ROLES.includes(subject.role) || (subject.tokenActions !== undefined && subject.communes.length > 0);
}

export function habilitationProblem(habilitation: Habilitation, nowMs: number): string | undefined {
  if (habilitation.disabled) return 'the account is disabled';
  if (habilitation.validFromMs !== null && nowMs < habilitation.validFromMs) return `the habilitation is not valid before ${new Date(habilitation.validFromMs).toISOString()}`;
  if (habilitation.validUntilMs !== null && nowMs >= habilitation.validUntilMs) return `the habilitation expired on ${new Date(habilitation.validUntilMs).toISOString()}`;
  return undefined;
}

export function decidePolicy(subject: PolicySubject, action: Action, resource: PolicyResource, nowMs: number): Decision {
  const problem = habilitationProblem(subject.habilitation, nowMs);
  if (problem !== undefined) return deny(problem);
  if (!ROLE_ACTIONS[subject.role].includes(action)) return deny(`role ${subject.role} may not ${action}`);
  if (subject.tokenActions !== undefined && !subject.tokenActions.includes(action)) return deny(`the API token is not scoped for ${action}`);
  if (isCommuneScoped(subject) && SCOPED_ACTIONS.includes(action) && resource.communeInsee !== undefined && !subject.communes.includes(resource.communeInsee)) {
    return deny(`commune ${resource.communeInsee} is outside the subject's communes (${subject.communes.join(', ') || 'none'})`);
  }
  if (subject.role === 'operator' && action === 'video.playback' && resource.timeRange !== undefined && resource.timeRange.fromMs < nowMs - OPERATOR_PLAYBACK_WINDOW_MS) {
    return deny(`operators play back the last ${OPERATOR_PLAYBACK_WINDOW_MS / 3_600_000} hours only`);
  }
  return { allowed: true, reason: `role ${subject.role} may ${action}${resource.communeInsee === undefined ? '' : ` in commune ${resource.communeInsee}`}` };
}

function deny(reason: string): Decision {
  return { allowed: false, reason };
}

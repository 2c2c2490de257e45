// Every action a subject can attempt, and the roles. One `as const` list is both the union type and its
// runtime check. The policy (policy.ts) decides each (subject, action, resource) with a reason.

export const ROLES = ['operator', 'room_lead', 'administrator', 'mayor', 'municipal_police', 'investigator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose video access is limited to their own commune(s). */
export const COMMUNE_SCOPED_ROLES: readonly Role[] = ['mayor', 'municipal_police'];

export const ACTIONS = [
  // own session
  'session.read',
  // accounts and tokens (administrator)
  'user.read',
  'user.manage',
  'token.manage',
  // login lockouts in force (room leads see them; administrators also lift them through user.manage)
  'lockout.read',
  // journal (auditor, administrator)
  'journal.read',
  // territory and inventory
  'territory.read',
  'territory.manage',
  'camera.list',
  'camera.read',
  'camera.manage',
  // video: each is per camera and journaled
  'video.live',
  'video.playback',
  'video.snapshot',
  'video.export',
  'ptz.control',
  // recording and retention
  'recording.read',
  'hold.manage',
  'retention.read',
  'retention.manage',
  // operations
  'metrics.read',
  'system.read',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions that touch video: each use is written to the journal with its camera. */
export const VIDEO_ACTIONS: readonly Action[] = ['video.live', 'video.playback', 'video.snapshot', 'video.export', 'ptz.control'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

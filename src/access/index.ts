// The access capability: named accounts with habilitation, sessions, API tokens, the policy, the auth hook and
// the watch over running streams.
export { createAccess, type Access, type AccessDeps, type AccessTerritory, type CameraRequest, type ScopeGrantSource } from './access.js';
export { accessRoutes } from './routes.js';
export { SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER, DEVICE_COOKIE, STREAM_REVOKED_CLOSE_CODE, endWebSocket } from './auth-hook.js';
export {
  decidePolicy,
  decideScope,
  scopeOf,
  ROLE_ACTIONS,
  OPERATOR_PLAYBACK_WINDOW_MS,
  type Decision,
  type PolicySubject,
  type PolicyResource,
  type ScopeGrant,
  GRANT_SCOPED_ROLES,
} from './policy.js';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo-accounts.js';
export { journalActor, actorDetails, type Actor } from './actor.js';
export type { WatchedStream } from './stream-watch.js';
export { TOKEN_PREFIX } from './tokens.js';
export { habilitationRecord, type AccountChoice, type UserView } from './users.js';
export type { Role, Action, CameraAction, NonCameraAction } from './actions.js';
export { ROLES, ACTIONS, VIDEO_ACTIONS, CAMERA_ACTIONS, RECORDED_PICTURE_ACTIONS, COMMUNE_SCOPED_ROLES, isRole } from './actions.js';
export { startHousekeeping } from './housekeeping.js';
export { ACCESS_ERRORS } from './errors.js';

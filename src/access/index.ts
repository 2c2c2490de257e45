// The access capability: named accounts with habilitation, sessions, API tokens, the policy, and the auth hook.
export { createAccess, type Access, type AccessDeps, type AccessResource } from './access.js';
export { accessRoutes } from './routes.js';
export { noteJournal, SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER, type JournalNote } from './auth-hook.js';
export { decidePolicy, ROLE_ACTIONS, SCOPED_ACTIONS, type Decision, type PolicySubject, type PolicyResource } from './policy.js';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo-accounts.js';
export type { Actor, CameraScope } from './actor.js';
export type { UserView } from './users.js';
export type { Role, Action } from './actions.js';
export { ROLES, ACTIONS, VIDEO_ACTIONS, COMMUNE_SCOPED_ROLES, isRole } from './actions.js';
export { cameraCommuneFromTable } from './camera-commune.js';
export { startHousekeeping } from './housekeeping.js';

// The retention capability's door: policy, holds, purge job and the destruction register.
export { retentionRoutes } from './routes.js';
export { RetentionService, type RetentionAlert, type PurgeReport } from './purge.js';
export { HoldStore, type Hold, type NewHold } from './hold-store.js';
export { expiredSegments, isHeld, diskFullVictims, MAX_RETENTION_DAYS } from './policy.js';

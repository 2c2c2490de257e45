// The retention capability's door: policy, holds, the purge job and the destruction register, assembled by
// createRetention on the recording's store and volumes.
export { createRetention, type Retention, type RetentionDeps } from './retention.js';
export { retentionRoutes } from './routes.js';
export { RetentionService, type RetentionAlert, type PurgeReport } from './purge.js';
export { HoldStore, type Hold, type NewHold } from './hold-store.js';
export { DestructionRegister, type Destruction } from './destruction-register.js';
export { expiredSegments, isHeld, diskFullVictims, DAY_MS, MAX_RETENTION_DAYS } from './policy.js';
export { RETENTION_ERRORS } from './errors.js';

// The retention capability's door: policy, holds, the purge job and the destruction register, assembled by
// createRetention on the recording's store and volumes.
export { createRetention, type Retention, type RetentionDeps } from './retention.js';
export { retentionRoutes } from './routes.js';
export { RetentionService, type RetentionAlert, type PurgeReport } from './purge.js';
export { HoldStore, type Hold, type NewHold } from './hold-store.js';
export { DestructionRegister, type Destruction } from './destruction-register.js';
export { effectiveRetentionDays, expiredSegments, isHeld, isHoldActive, diskFullVictims, DAY_MS, MAX_RETENTION_DAYS, type PolicyHold } from './policy.js';
export { RETENTION_ERRORS } from './errors.js';
export { StorageService, forecastFull, bytesPerDay, isNearFull, type StorageReport, type StorageNotice, type VolumeUsage, type CameraStorage, type CommuneUsage } from './storage.js';

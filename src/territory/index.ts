// The territory capability's door: what other folders may import.
export { createTerritory, type Territory, type TerritoryDeps } from './territory.js';
export { territoryRoutes } from './routes.js';
export { territoryLookup, type TerritoryLookup } from './lookup.js';
export { validateCamera, type CameraDraft, type CameraFields } from './validation.js';
export { LEGAL_RETENTION_CAP_DAYS, CAMERA_TYPES, PURPOSES } from './model.js';
export type { Camera, CameraChange, ChangeAuthor, CameraStreams, CameraType, Commune, ImportReport, Purpose, Sector, StreamEndpoint } from './model.js';
export type { CameraChangeListener } from './camera-changes.js';
export type { DemoSeedReport } from './demo/demo-seed.js';
export { sourceFromText, type ImportSource } from './import-rows.js';
export { ALL_CAMERAS, NO_CAMERAS, scopeIncludes, type CameraScope } from './scope.js';
export { TERRITORY_ERROR_MEANINGS } from './errors.js';
export { CredentialsCipher } from './credentials-cipher.js';

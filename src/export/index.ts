// The export capability's door: signed evidential packages and their verification, the service assembled by
// createExports on the recording's store and retention's holds.
export { createExports, type ExportsDeps } from './exports.js';
export { exportRoutes } from './routes.js';
export { ExportService, type ExportRequest, type ClipsExportRequest, type ExportView } from './service.js';
export { type ClipsManifest, type ManifestClip } from './clips-package.js';
export { type ManifestBookmark, type PackageBookmark } from './manifest.js';
export { buildPackage, type PackageRequest, type ExportCamera } from './package.js';
export { verifyPackage, type VerifyResult } from './verify.js';
export { loadSigningKey, type SigningKey } from './signing-key.js';
export { exportCommand } from './cli.js';
export { EXPORT_ERRORS } from './errors.js';

// The export capability's door: signed evidential packages and their verification.
export { exportRoutes } from './routes.js';
export { ExportService, type ExportRequest, type ExportView } from './service.js';
export { verifyPackage, type VerifyResult } from './verify.js';
export { loadSigningKey, type SigningKey } from './signing-key.js';

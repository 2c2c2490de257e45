// The ingest capability's door: camera links, their health and state events, and the health routes.
export { createIngest, type CameraHealth, type Ingest, type IngestDeps, type IngestTerritory } from './ingest.js';
export { ingestRoutes, type IngestRoutesDeps } from './routes.js';
export type { LinkError, LinkErrorKind, StreamHealth, StreamState, StreamStateChange } from './health.js';
export { openRtspSourceSession, rtspSourceSessions } from './rtsp-session.js';
export type { OpenSession, SessionEvents, SessionTarget, SourceSession } from './source-session.js';
export { INGEST_ERRORS } from './errors.js';

// The restream capability's door: Vigie's RTSP server over the hub, for authorised external clients.
export { startRestream, type Restream, type RestreamDeps } from './restream.js';
export type { RestreamAccess } from './rtsp-auth.js';

// The live capability's door: fMP4 over WebSocket into Media Source Extensions, H.265 transcoded on demand.
export { liveRoutes, type LiveRoutesDeps } from './routes.js';
export { LiveTranscoders } from './transcoders.js';
export { LiveView, type LiveViewOptions } from './live-view.js';
export { MseFeed, type LiveSocket, type MseFeedStats } from './mse-feed.js';

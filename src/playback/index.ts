// The playback capability's door: timeline, archive reading, WebSocket/HLS playback and snapshots.
export { playbackRoutes, type PlaybackDeps } from './routes.js';
export { ArchiveReader, type ArchiveFragment } from './archive-reader.js';
export { buildTimeline, type CameraTimeline } from './timeline.js';
export { PlaybackSession } from './session.js';
export { PlaybackClock } from './playback-clock.js';
export { snapshotJpeg } from './snapshot.js';
export { PLAYBACK_ERRORS } from './errors.js';

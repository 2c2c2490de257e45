// The playback capability's door: timeline, footage availability, bookmarks, archive reading, WebSocket/HLS
// playback and snapshots.
export { playbackRoutes, type PlaybackDeps } from './routes.js';
export { ArchiveReader, type ArchiveFragment } from './archive-reader.js';
export { buildTimeline, type CameraTimeline } from './timeline.js';
export { PlaybackSession } from './session.js';
export { PlaybackClock } from './playback-clock.js';
export { snapshotJpeg } from './snapshot.js';
export { PLAYBACK_ERRORS } from './errors.js';
export { BookmarkStore, type Bookmark } from './bookmarks.js';
export { footageAvailability, type FootageAvailability } from './availability.js';

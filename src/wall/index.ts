// The wall capability's door: monitors and what each shows, presets, saved layouts and tours, the alarm monitor
// and the state channel. Other capabilities put things on the wall through WallService (assign, showOnAlarmMonitor).
export { createWall, type Wall, type WallCamera, type WallDeps } from './wall.js';
export { wallRoutes, type WallRoutesDeps } from './routes.js';
export { WallThumbnails } from './thumbnails.js';
export { WallService, type Monitor, type Preset, type PresetSummary, type WallState, type WallChange, type WallListener } from './wall-service.js';
export type { WallLibrary } from './library.js';
export type { Assignment, AssignmentInput, Layout, LayoutGrid, Tile, Tour, TourStepInput } from './model.js';
export type { Recorder, WallEntry } from './recorder.js';
export { WALL_ERRORS } from './errors.js';

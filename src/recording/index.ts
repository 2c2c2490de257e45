// The recording capability's door: continuous fMP4 recording, its index and recovery, and the assembled
// capability (retention, exports) that main.ts wires.
export { createRecording, type Recording, type RecordingDeps } from './recording.js';
export { RecordingService, type CameraRecordingStatus } from './service.js';
export { SegmentStore, type SegmentRow } from './segment-store.js';
export { Volumes, statfsProbe, type FreeSpaceProbe } from './volumes.js';
export { reconcile, rebuildIndex, type ReconcileReport } from './recovery.js';
export { profileWarning } from './profile-check.js';

// The recording capability's door: continuous fMP4 recording (recorders, segment store, volumes), its index
// and recovery. Retention and export build on the store and volumes it hands out.
export { createRecording, type Recording, type RecordingDeps } from './recording.js';
export { RecordingService, type CameraRecordingStatus } from './service.js';
export { Recorder } from './recorder.js';
export { SegmentStore, type SegmentRow, type StorageUsageRow } from './segment-store.js';
export type { GapCause } from './tables.js';
export { loadFragments, indexFilePath, type FragmentEntry } from './fragment-index.js';
export { Volumes, statfsProbe, deleteSegmentFiles, segmentRelativePath, type FreeSpaceProbe } from './volumes.js';
export { reconcile, rebuildIndex, type ReconcileReport } from './recovery.js';
export { profileWarning } from './profile-check.js';
export { recordingsCommand } from './cli.js';

// The analytics capability's door: frames from cameras (or files), motion gating, object detection and pose on
// CPU, multi-object tracking, the legal rules and the opt-in ones, detections stored for the forensic search.
// No face, biometric or plate processing anywhere.
export { createDetectionStore, type Detection, type StoredDetection, type DetectionQuery, type DetectionStore } from './store.js';
export {
  LEGAL_RULES,
  EXTENDED_RULES,
  RULE_NAMES,
  isRuleName,
  type RuleName,
  type AnalyticsProfile,
  type EventBox,
  type AnalyticsEvent,
  type Point,
  type RuleSetting,
  type CameraAnalysis,
  type AnalysisStatus,
} from './model.js';
export { createAnalyticsRunner, type AnalyticsRunner, type AnalyticsRunnerDeps } from './runner.js';
export { purgeExpiredDetections, startDetectionRetention, type DetectionRetentionDeps } from './detection-retention.js';
export { RULE_CATALOGUE, profileRules, thresholdsOf, type RuleSpec, type ThresholdSpec } from './catalogue.js';
export { DetectorPool, type DetectorPoolOptions } from './detector-pool.js';
export type { Detector, DetectRequest, DetectionResult, RawDetection, Pose, RgbFrame } from './detector.js';
export { analyzeFile, UnreadableVideoError, type AnalyzeOptions, type AnalyzeResult, type FileEvent } from './analyze.js';
export { ANALYTICS_ERRORS } from './errors.js';
export { KEPT_CLASSES } from './coco.js';
export { COLOUR_NAMES } from './picture.js';
export { footPoint, pointInPolygon, polygonArea, segmentsCross, type Box } from './geometry.js';

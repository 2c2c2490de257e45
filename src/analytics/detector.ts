// What a detector is: a picture in, COCO-class boxes (and optionally body poses) out, normalised 0..1.
//
// The built-in detector is tfjs + wasm (src/analytics/tfjs-models.ts) in worker threads. Operators who bring their
// own model and a GPU plug an ONNX Runtime detector in through the same interface: implement `Detector`
// (load the session in `load`, map the model's output to `RawDetection` with COCO class names) and pass it as
// `detector` to createAnalyticsRunner / analyzeFile. onnxruntime-node is not a dependency of Vigie: its
// install step downloads from outside unless `.npmrc` has `onnxruntime-node-install=skip` (it has).

/** An RGB24 picture, row-major, 3 bytes per pixel. */
export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface RawDetection {
  readonly className: string;
  readonly score: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** One body: 17 COCO keypoints [x, y, score] normalised, and its box. */
export interface Pose {
  readonly score: number;
  readonly keypoints: ReadonlyArray<readonly [number, number, number]>;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface DetectionResult {
  readonly detections: readonly RawDetection[];
  readonly poses: readonly Pose[];
}

export interface DetectRequest {
  readonly frame: RgbFrame;
  /** Find COCO objects. */
  readonly objects: boolean;
  /** Estimate body poses (aggression, person on the ground). */
  readonly pose: boolean;
  readonly minScore: number;
}

export interface Detector {
  /** Loads the models; rejects with a French reason when they cannot be loaded. */
  load(): Promise<void>;
  /** `key` names who asks (a camera id): the budget is shared fairly between keys. */
  detect(key: string, request: DetectRequest): Promise<DetectionResult>;
  close(): Promise<void>;
}

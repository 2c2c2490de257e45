// Which polygons (picture fractions) cover one picture: fixed masks as drawn; PTZ masks projected from the
// head's pose when the picture was taken, swept over every pose within a margin while the head moves, and the
// whole picture while the pose is unknown (never a picture without its mask).
import { angularToPicture, convexHull, type Point } from './geometry.js';
import type { CameraMasks } from './model.js';
import type { PositionHistory, PtzPosition } from './position.js';

/**
 * The longest a picture takes from the camera's sensor to Vigie (encoder, network): while the head moves, the mask
 * covers every pose of that span before the picture arrived. Cameras' own clocks (RTCP) are not trusted for this.
 */
export const CAMERA_LATENCY_MS = 600;
const WHOLE_PICTURE: readonly Point[] = [
  { x: 0, y: 0 },
  { x: 1, y: 0 },
  { x: 1, y: 1 },
  { x: 0, y: 1 },
];

export interface Projection {
  readonly polygons: ReadonlyArray<readonly Point[]>;
  /** The newest position known was this many ms older than the picture (0 when positions after it were known). */
  readonly lagMs: number;
}

export function projectMasks(masks: CameraMasks, history: PositionHistory | undefined, arrivedMs: number, latencyMs = CAMERA_LATENCY_MS): Projection {
  if (masks.space === 'picture' || masks.calibration === null) return { polygons: masks.polygons, lagMs: 0 };
  const latest = history?.latest();
  if (history === undefined || latest === undefined) return { polygons: [WHOLE_PICTURE], lagMs: Infinity };
  const calibration = masks.calibration;
  // The picture was taken at most `latencyMs` before it arrived: every pose of that span may be in it.
  const span = history.posesBetween(arrivedMs - latencyMs, arrivedMs);
  const first = span[0] as PtzPosition;
  const moving = span.some((p) => p.moving || p.pan !== first.pan || p.tilt !== first.tilt || p.zoom !== first.zoom);
  const poses = moving ? span : [first];
  const polygons = masks.polygons.map((polygon) => {
    if (poses.length === 1) return polygon.map((point) => angularToPicture(calibration, first, point));
    return convexHull(poses.flatMap((pose) => polygon.map((point) => angularToPicture(calibration, pose, point))));
  });
  return { polygons, lagMs: Math.max(0, arrivedMs - latest.atMs) };
}

// Body poses followed from frame to frame, and what the pose rules measure on them: body size, torso angle, limb
// speed. Pure logic on the poses the detector found (normalised coordinates, `aspect` = width / height of the
// picture so that distances are measured in the same unit across and down).
import { coveredByCells, iou, type Box } from './geometry.js';
import type { Pose } from './detector.js';

/** COCO keypoints used here. */
const SHOULDERS = [5, 6] as const;
const HIPS = [11, 12] as const;
/** Elbows, wrists, knees, ankles. */
const LIMBS = [7, 8, 9, 10, 13, 14, 15, 16] as const;
/** A keypoint the model is not sure of is ignored. */
const SURE = 0.25;

type Keypoint = readonly [number, number, number];

function mid(pose: Pose, pair: readonly [number, number]): [number, number] | null {
  const a = pose.keypoints[pair[0]];
  const b = pose.keypoints[pair[1]];
  const sure = [a, b].filter((k): k is Keypoint => k !== undefined && k[2] >= SURE);
  if (sure.length === 0) return null;
  return [sure.reduce((s, k) => s + k[0], 0) / sure.length, sure.reduce((s, k) => s + k[1], 0) / sure.length];
}

/** Torso length (mid-shoulders → mid-hips) in picture heights, or null when the pose is unsure. */
function torsoLength(pose: Pose, aspect: number): number | null {
  const s = mid(pose, SHOULDERS);
  const h = mid(pose, HIPS);
  if (s === null || h === null) return null;
  return Math.hypot((h[0] - s[0]) * aspect, h[1] - s[1]);
}

/**
 * The body's size in picture heights, whatever its posture: about three torso lengths (a standing adult is ≈ 3
 * torsos tall), and at least the box's longer side when the torso is hidden.
 */
export function bodySize(pose: Pose, aspect: number): number {
  const torso = torsoLength(pose, aspect);
  const longSide = Math.max(pose.h, pose.w * aspect);
  return Math.max(0.02, torso === null ? longSide : Math.max(3 * torso, 0.5 * longSide));
}

/** Centre of the torso (or of the box), normalised. */
export function bodyCentre(pose: Pose): [number, number] {
  const s = mid(pose, SHOULDERS);
  const h = mid(pose, HIPS);
  if (s !== null && h !== null) return [(s[0] + h[0]) / 2, (s[1] + h[1]) / 2];
  return [pose.x + pose.w / 2, pose.y + pose.h / 2];
}

/** Angle of the torso (mid-shoulders → mid-hips) from the vertical, degrees (0 upright, 90 lying, >90 head down); null when unsure. */
export function torsoAngle(pose: Pose, aspect: number): number | null {
  const s = mid(pose, SHOULDERS);
  const h = mid(pose, HIPS);
  if (s === null || h === null) return null;
  const dx = (h[0] - s[0]) * aspect;
  const dy = h[1] - s[1];
  if (Math.hypot(dx, dy) < 1e-3) return null;
  return (Math.atan2(Math.abs(dx), Math.abs(dy)) * 180) / Math.PI + (dy < 0 ? 90 : 0);
}

/**
 * How fast the limbs move against the body, in body sizes per second: the mean of the two fastest sure limb
 * keypoints (one fast keypoint alone is often the model jumping to another arm).
 */
export function limbSpeed(before: Pose, after: Pose, dtS: number, aspect: number): number | null {
  if (dtS <= 0) return null;
  const c0 = bodyCentre(before);
  const c1 = bodyCentre(after);
  const size = (bodySize(before, aspect) + bodySize(after, aspect)) / 2;
  const speeds: number[] = [];
  for (const i of LIMBS) {
    const a = before.keypoints[i];
    const b = after.keypoints[i];
    if (a === undefined || b === undefined || a[2] < SURE || b[2] < SURE) continue;
    const dx = (b[0] - c1[0] - (a[0] - c0[0])) * aspect;
    const dy = b[1] - c1[1] - (a[1] - c0[1]);
    speeds.push(Math.hypot(dx, dy) / size / dtS);
  }
  if (speeds.length < 2) return null;
  speeds.sort((x, y) => y - x);
  return ((speeds[0] as number) + (speeds[1] as number)) / 2;
}

/** One body followed over frames. */
export interface Body {
  readonly id: number;
  pose: Pose;
  atMs: number;
  /** The pose and time of the previous sighting, when there was one. */
  previous?: { readonly pose: Pose; readonly atMs: number } | undefined;
  readonly firstMs: number;
}

/** Follows poses over frames: greedy matching on the distance between body centres (in body sizes) and box overlap. */
export class BodyTracker {
  private bodies: Body[] = [];
  private nextId = 1;

  constructor(private readonly keepMs = 600) {}

  /** The bodies still followed (seen within `keepMs` of the latest update). */
  current(): readonly Body[] {
    return this.bodies;
  }

  /** The bodies seen in this frame (new ones included). */
  update(atMs: number, poses: readonly Pose[], aspect: number): Body[] {
    this.bodies = this.bodies.filter((b) => atMs - b.atMs <= this.keepMs);
    const pairs: Array<{ body: Body; pose: Pose; cost: number }> = [];
    for (const body of this.bodies)
      for (const pose of poses) {
        const [ax, ay] = bodyCentre(body.pose);
        const [bx, by] = bodyCentre(pose);
        const size = (bodySize(body.pose, aspect) + bodySize(pose, aspect)) / 2;
        const distance = Math.hypot((ax - bx) * aspect, ay - by) / size;
        if (distance < 0.6 || iou(body.pose, pose) > 0.3) pairs.push({ body, pose, cost: distance - iou(body.pose, pose) });
      }
    pairs.sort((a, b) => a.cost - b.cost);
    const usedBodies = new Set<Body>();
    const usedPoses = new Set<Pose>();
    const seen: Body[] = [];
    for (const { body, pose } of pairs) {
      if (usedBodies.has(body) || usedPoses.has(pose)) continue;
      usedBodies.add(body);
      usedPoses.add(pose);
      body.previous = { pose: body.pose, atMs: body.atMs };
      body.pose = pose;
      body.atMs = atMs;
      seen.push(body);
    }
    for (const pose of poses) {
      if (usedPoses.has(pose)) continue;
      const body: Body = { id: this.nextId++, pose, atMs, firstMs: atMs };
      this.bodies.push(body);
      seen.push(body);
    }
    return seen;
  }
}

/** Share (0..1) of the square of one body size around the body's centre covered by the picture's moving cells. */
export function movingShare(pose: Pose, moving: readonly Box[], aspect: number): number {
  const size = bodySize(pose, aspect);
  const [cx, cy] = bodyCentre(pose);
  const around: Box = { x: cx - size / aspect / 2, y: cy - size / 2, w: size / aspect, h: size };
  return coveredByCells(around, moving);
}

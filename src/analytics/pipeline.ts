// One camera's pipeline, the same live and offline: masked areas blanked → picture statistics and motion →
// detector on the moving regions (and on the tracked objects) only → tracker → colours → rules → events.
import { BAGS } from './coco.js';
import { iou, unionBox, type Box } from './geometry.js';
import { blank, crop, dominantColours, exclusionMask, PictureAnalyser } from './picture.js';
import { RuleEngine, type FrameStats } from './rules.js';
import { StaticForeground, type StaticBlob } from './static-objects.js';
import { directionOf, speedOf, Tracker, type Track } from './tracker.js';
import type { DetectionResult, Detector, Pose, RawDetection, RgbFrame } from './detector.js';
import type { AnalyticsEvent, Point, RuleSetting } from './model.js';
import type { Detection } from './store.js';

export interface PipelineOptions {
  readonly cameraId: string;
  readonly width: number;
  readonly height: number;
  readonly rules: readonly RuleSetting[];
  readonly excluded?: ReadonlyArray<ReadonlyArray<Point>> | undefined;
  readonly detector: Detector;
  /** Send only moving regions (and tracked objects) to the detector; false: every frame in full (MOT). */
  readonly gating?: boolean;
  /** Look at the whole picture at least this often, even when nothing moves (ms). */
  readonly refreshMs?: number;
  readonly minScore?: number;
  /** Detections to store (at most one per track per `storeEveryMs`). */
  readonly onDetections?: (detections: Detection[]) => void;
  readonly storeEveryMs?: number;
}

export interface FrameOutcome {
  readonly opened: readonly AnalyticsEvent[];
  readonly closed: readonly AnalyticsEvent[];
  /** Confirmed tracks seen in this frame. */
  readonly tracks: readonly Track[];
  /** Whether the detector looked at this frame. */
  readonly detected: boolean;
  readonly stats: FrameStats;
}

const POSE_RULES = new Set(['aggression', 'person_on_ground']);

/** Keeps the best box of boxes that overlap a lot (the detector sometimes says car and truck for one car). */
function suppress(detections: RawDetection[]): RawDetection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: RawDetection[] = [];
  for (const d of sorted) if (!kept.some((k) => iou(k, d) > 0.55 && (k.className === d.className || (k.className !== 'person' && d.className !== 'person')))) kept.push(d);
  return kept;
}

export class CameraPipeline {
  private readonly tracker = new Tracker();
  private readonly engine: RuleEngine;
  private readonly pictures: PictureAnalyser;
  private readonly mask: Uint8Array | undefined;
  private readonly pose: boolean;
  /** Still foreground (objects left behind), only when the abandoned-object rule runs. */
  private readonly statics: StaticForeground | undefined;
  private lastFullMs = -Infinity;
  private readonly lastStored = new Map<number, number>();
  private readonly coloured = new Map<number, { atMs: number; colours: readonly string[] }>();

  constructor(private readonly options: PipelineOptions) {
    this.engine = new RuleEngine(options.cameraId, options.rules);
    this.pictures = new PictureAnalyser(options.width, options.height);
    this.mask = exclusionMask(options.width, options.height, options.excluded);
    this.pose = options.rules.some((r) => POSE_RULES.has(r.rule));
    this.statics = options.rules.some((r) => r.rule === 'abandoned_object') ? new StaticForeground({ width: options.width, height: options.height }) : undefined;
  }

  async process(frame: RgbFrame, atMs: number): Promise<FrameOutcome> {
    blank(frame, this.mask);
    const { stats, moving, grey } = this.pictures.analyse(frame);
    const staticObjects: StaticBlob[] | undefined = this.statics?.update(grey, atMs);
    const region = this.region(moving, atMs);
    let detected = false;
    let tracks: Track[];
    // Undefined: nobody looked for bodies in this frame (nothing moved), not "no body there".
    let poses: Pose[] | undefined;
    let people: Box[] | undefined;
    if (region === null) {
      this.tracker.coast(atMs);
      tracks = [];
    } else {
      detected = true;
      const picture = region === 'full' ? frame : crop(frame, region);
      const minScore = this.options.minScore ?? 0.2;
      // A pose rule looks for bodies itself: people fighting or lying are often missed by the object detector.
      const [objects, found] = await Promise.all([
        this.options.detector.detect(this.options.cameraId, { frame: picture, objects: true, pose: false, minScore }),
        this.pose ? this.options.detector.detect(this.options.cameraId, { frame: picture, objects: false, pose: true, minScore }) : Promise.resolve<DetectionResult>({ detections: [], poses: [] }),
      ]);
      const place = <T extends Box>(b: T): T => (region === 'full' ? b : { ...b, x: region.x + b.x * region.w, y: region.y + b.y * region.h, w: b.w * region.w, h: b.h * region.h });
      const detections = suppress(objects.detections.map(place));
      tracks = this.tracker.update(atMs, detections);
      people = detections.filter((d) => d.className === 'person');
      poses = found.poses.map((p) => ({
        ...place(p),
        keypoints: p.keypoints.map(([x, y, s]): readonly [number, number, number] => (region === 'full' ? [x, y, s] : [region.x + x * region.w, region.y + y * region.h, s])),
      }));
      this.attachPoses(tracks, poses);
      this.colour(frame, tracks, atMs);
      this.store(tracks, atMs);
    }
    const { opened, closed } = this.engine.observe({ atMs, tracks: this.tracker.confirmed(), poses, people, moving, staticObjects, stats, aspect: frame.width / frame.height });
    return { opened, closed, tracks, detected, stats };
  }

  /** Closes the events still open (end of a file, camera stopped). */
  finish(): AnalyticsEvent[] {
    return this.engine.flush();
  }

  /** Where the detector should look: nowhere (null), the whole picture, or one region. */
  private region(moving: readonly Box[], atMs: number): Box | 'full' | null {
    if (this.options.gating === false || atMs - this.lastFullMs >= (this.options.refreshMs ?? 2000)) {
      this.lastFullMs = atMs;
      return 'full';
    }
    if (moving.length === 0) return null;
    const grow = (b: Box, k: number): Box => ({ x: b.x - b.w * k, y: b.y - b.h * k, w: b.w * (1 + 2 * k), h: b.h * (1 + 2 * k) });
    const boxes = [...moving.map((b) => grow(b, 1)), ...this.tracker.confirmed().map((t) => grow(t.box, 0.3))];
    const u = unionBox(boxes) as Box;
    const x = Math.max(0, u.x);
    const y = Math.max(0, u.y);
    let w = Math.min(1, u.x + u.w) - x;
    let h = Math.min(1, u.y + u.h) - y;
    // Too small a crop gives the detector too little context; too big a crop is the whole picture anyway.
    w = Math.max(w, 0.3);
    h = Math.max(h, 0.3);
    if (w * h > 0.5) {
      this.lastFullMs = atMs;
      return 'full';
    }
    return { x: Math.min(x, 1 - w), y: Math.min(y, 1 - h), w, h };
  }

  private attachPoses(tracks: readonly Track[], poses: readonly Pose[]): void {
    for (const track of tracks) {
      if (track.className !== 'person') continue;
      let best: Pose | undefined;
      let bestIou = 0.3;
      for (const pose of poses) {
        const overlap = iou(track.box, pose);
        if (overlap > bestIou) {
          best = pose;
          bestIou = overlap;
        }
      }
      track.pose = best;
    }
  }

  private colour(frame: RgbFrame, tracks: readonly Track[], atMs: number): void {
    for (const track of tracks) {
      const known = this.coloured.get(track.id);
      if (known !== undefined && atMs - known.atMs < 2000) continue;
      track.colours = dominantColours(frame, track.box);
      this.coloured.set(track.id, { atMs, colours: track.colours });
    }
    if (this.coloured.size > 500) for (const [id, c] of this.coloured) if (atMs - c.atMs > 60_000) this.coloured.delete(id);
  }

  private store(tracks: readonly Track[], atMs: number): void {
    const sink = this.options.onDetections;
    if (sink === undefined) return;
    const every = this.options.storeEveryMs ?? 1000;
    const rows: Detection[] = [];
    for (const track of tracks) {
      const last = this.lastStored.get(track.id);
      // A still bag is stored less often: it is the same object.
      if (last !== undefined && atMs - last < (BAGS.has(track.className) && speedOf(track) < 0.01 ? every * 5 : every)) continue;
      this.lastStored.set(track.id, atMs);
      const clamp = (v: number): number => Math.min(1, Math.max(0, v));
      const x = clamp(track.box.x);
      const y = clamp(track.box.y);
      rows.push({
        cameraId: this.options.cameraId,
        atMs,
        trackId: track.id,
        className: track.className,
        confidence: Math.round(track.confidence * 1000) / 1000,
        x,
        y,
        w: clamp(track.box.x + track.box.w) - x,
        h: clamp(track.box.y + track.box.h) - y,
        colours: track.colours,
        directionDeg: directionOf(track),
        speed: track.hits > 2 ? Math.round(speedOf(track) * 1000) / 1000 : null,
      });
    }
    if (this.lastStored.size > 1000) for (const [id, at] of this.lastStored) if (atMs - at > 60_000) this.lastStored.delete(id);
    if (rows.length > 0) sink(rows);
  }
}

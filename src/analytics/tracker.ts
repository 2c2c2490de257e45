// Multi-object tracker: a constant-velocity motion model (alpha–beta filter on the centre's velocity) and a
// minimum-cost assignment (Hungarian) on IoU and centre distance, in two passes as ByteTrack does: confident
// detections first, weaker ones then only for the tracks left over. A track that is not seen coasts on its predicted
// motion and can be picked up again (occlusion, or re-entry near where it left) within `reentryMs`; ids never change.
import { assign } from './hungarian.js';
import { headingDeg, iou, type Box } from './geometry.js';
import { BAGS, VEHICLES } from './coco.js';
import type { Pose, RawDetection } from './detector.js';

export interface TrackerOptions {
  /** A new track needs a detection at least this confident. */
  readonly newTrackScore: number;
  /** Detections at least this confident are associated first; weaker ones only extend the tracks left unmatched. */
  readonly strongScore: number;
  /** A track is confirmed (reported) after this many matched frames. */
  readonly minHits: number;
  /** A moving track that is not seen is kept (coasting, then lost) this long. */
  readonly reentryMs: number;
  /** A still track (bag, parked car) is kept this long when the detector misses it. */
  readonly stillKeepMs: number;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = { newTrackScore: 0.35, strongScore: 0.4, minHits: 2, reentryMs: 2500, stillKeepMs: 15_000 };

export interface TrackPoint {
  readonly atMs: number;
  readonly box: Box;
}

export interface Track {
  readonly id: number;
  /** The class seen most often for this track. */
  className: string;
  confidence: number;
  /** The most confident detection of this track so far. */
  peak: number;
  /** The latest estimate (the detection when seen in this frame, the prediction otherwise): the shape rules read. */
  box: Box;
  /** The size averaged over the detections (see `steadyBox`). */
  steadySize: { readonly w: number; readonly h: number };
  /** Velocity of the centre, picture widths/heights per second. */
  vx: number;
  vy: number;
  readonly firstMs: number;
  lastSeenMs: number;
  hits: number;
  confirmed: boolean;
  /** Seen in the latest update. */
  seen: boolean;
  /** Recent positions (last 20 s), oldest first. */
  readonly history: TrackPoint[];
  colours: readonly string[];
  pose?: Pose | undefined;
  readonly classVotes: Map<string, number>;
}

/** The track's centre with its averaged size: where the object is, for MOTChallenge files. */
export function steadyBox(track: Pick<Track, 'box' | 'steadySize'>): Box {
  const { box, steadySize } = track;
  return { x: box.x + (box.w - steadySize.w) / 2, y: box.y + (box.h - steadySize.h) / 2, w: steadySize.w, h: steadySize.h };
}

export const speedOf = (track: Pick<Track, 'vx' | 'vy'>): number => Math.hypot(track.vx, track.vy);
export const directionOf = (track: Pick<Track, 'vx' | 'vy'>): number | null => (speedOf(track) < 0.01 ? null : headingDeg(track.vx, track.vy));

/** Classes that may be confused with each other by the detector share one track. */
function group(className: string): string {
  if (VEHICLES.has(className)) return 'vehicle';
  if (BAGS.has(className)) return 'bag';
  return className;
}

const HISTORY_MS = 20_000;
const FORBIDDEN = 1e6;
/** Past this long unseen, a person's track is picked up again only where it was expected or where it was last seen
 * (overlap), not just nearby: by then another person arriving near the spot is likelier than the one who vanished
 * (measured on PETS09: fewer ids handed from one person to the next). A bag or a parked car found near where it was
 * is still itself. */
const NEARBY_REENTRY_MS = 1500;
const REENTRY_OVERLAP = 0.3;
/** Share of a new detection's size taken by the steady box: a walker's box flickers (arms, partial occlusion) more
 * than the walker changes size. */
const SIZE_GAIN = 0.5;
/** Share of its velocity a coasting track keeps after a second unseen: about what 0.8 per frame kept at 6–7 frames/s.
 * Measured: 0.9 kept a few more PETS09 ids (IDF1 0.596) but carried a falling person's track on past where they lay,
 * and the detector, shown the wrong part of the picture, lost them. */
const COAST_DAMPING_PER_S = 0.25;

/** Whether a detection lies where the track was last seen (someone who stopped behind the pillar). */
function leftFrom(track: Track, det: Box): boolean {
  const last = track.history[track.history.length - 1];
  return last !== undefined && iou(last.box, det) >= REENTRY_OVERLAP;
}

export class Tracker {
  private readonly options: TrackerOptions;
  private readonly tracks: Track[] = [];
  private nextId = 1;
  private lastMs: number | undefined;

  constructor(options: Partial<TrackerOptions> = {}) {
    this.options = { ...DEFAULT_TRACKER_OPTIONS, ...options };
  }

  /** Every track alive (confirmed or not, seen or coasting). */
  all(): readonly Track[] {
    return this.tracks;
  }

  /** Confirmed tracks, seen or coasting. */
  confirmed(): Track[] {
    return this.tracks.filter((t) => t.confirmed);
  }

  /** Predicts every track to `atMs` without detections (a frame the detector did not look at). */
  coast(atMs: number): void {
    this.predict(atMs);
    for (const track of this.tracks) track.seen = false;
  }

  update(atMs: number, detections: readonly RawDetection[]): Track[] {
    this.predict(atMs);
    const tracks = this.tracks;
    const match = this.associate(atMs, detections);
    const used = new Set<number>();
    for (const [index, track] of tracks.entries()) {
      const d = match[index] ?? -1;
      if (d < 0) {
        track.seen = false;
        continue;
      }
      used.add(d);
      this.correct(track, detections[d] as RawDetection, atMs);
    }
    for (const [index, det] of detections.entries()) {
      if (used.has(index) || det.score < this.options.newTrackScore) continue;
      // A second box on an object already tracked this frame is the detector repeating itself.
      if (tracks.some((t) => t.seen && iou(t.box, det) > 0.5)) continue;
      tracks.push({
        id: this.nextId++,
        className: det.className,
        confidence: det.score,
        peak: det.score,
        box: { x: det.x, y: det.y, w: det.w, h: det.h },
        steadySize: { w: det.w, h: det.h },
        vx: 0,
        vy: 0,
        firstMs: atMs,
        lastSeenMs: atMs,
        hits: 1,
        confirmed: this.options.minHits <= 1,
        seen: true,
        history: [{ atMs, box: { x: det.x, y: det.y, w: det.w, h: det.h } }],
        colours: [],
        classVotes: new Map([[det.className, det.score]]),
      });
    }
    this.prune(atMs);
    return this.tracks.filter((t) => t.confirmed && t.seen);
  }

  /** The detection index matched to each track (-1: none): confident detections first, then the weaker ones. */
  private associate(atMs: number, detections: readonly RawDetection[]): number[] {
    const strong = (det: RawDetection): boolean => det.score >= this.options.strongScore;
    const match = assign(
      this.tracks.map((track) => detections.map((det) => (strong(det) ? this.cost(track, det, atMs) : FORBIDDEN))),
      FORBIDDEN,
    );
    const left = this.tracks.flatMap((_, index) => ((match[index] ?? -1) < 0 ? [index] : []));
    if (left.length === 0) return match;
    const weak = assign(
      left.map((index) => detections.map((det) => (strong(det) ? FORBIDDEN : this.cost(this.tracks[index] as Track, det, atMs)))),
      FORBIDDEN,
    );
    left.forEach((index, k) => (match[index] = weak[k] ?? -1));
    return match;
  }

  private cost(track: Track, det: RawDetection, atMs: number): number {
    if (group(track.className) !== group(det.className)) return FORBIDDEN;
    const overlap = iou(track.box, det);
    const size = Math.max(track.box.w, track.box.h, det.w, det.h, 1e-3);
    const dist = Math.hypot(track.box.x + track.box.w / 2 - (det.x + det.w / 2), track.box.y + track.box.h / 2 - (det.y + det.h / 2)) / size;
    const missingS = (atMs - track.lastSeenMs) / 1000;
    // How far the object can be from its prediction, in box sizes: detector jitter, plus about a body height per
    // second unseen (a brisk walk).
    const gate = 0.6 + Math.min(2, missingS);
    if (overlap < 0.05 && dist > gate) return FORBIDDEN;
    if (track.className === 'person' && missingS * 1000 > NEARBY_REENTRY_MS && overlap < REENTRY_OVERLAP && !leftFrom(track, det)) return FORBIDDEN;
    const scale = Math.abs(Math.log(Math.max(det.h, 1e-3) / Math.max(track.box.h, 1e-3)));
    if (scale > 0.9) return FORBIDDEN;
    // Tracks seen recently and confirmed are preferred over coasting or tentative ones.
    return 1 - overlap + 0.5 * dist + 0.3 * scale + (track.confirmed ? 0 : 0.1) + Math.min(0.5, missingS * 0.2);
  }

  private predict(atMs: number): void {
    const dt = this.lastMs === undefined ? 0 : Math.max(0, (atMs - this.lastMs) / 1000);
    this.lastMs = atMs;
    if (dt === 0) return;
    for (const track of this.tracks) {
      // Coasting slows down: the longer unseen, the less we trust the old velocity. Per second, not per frame, so
      // that a track coasts alike at 7 and 25 frames/s (per frame, 0.8 stopped a 25 fps track in a fifth of a second).
      const damping = track.seen ? 1 : COAST_DAMPING_PER_S ** dt;
      track.vx *= damping;
      track.vy *= damping;
      track.box = { ...track.box, x: track.box.x + track.vx * dt, y: track.box.y + track.vy * dt };
    }
  }

  private correct(track: Track, det: RawDetection, atMs: number): void {
    const last = track.history[track.history.length - 1];
    const dt = last === undefined ? 0 : (atMs - last.atMs) / 1000;
    const cx = det.x + det.w / 2;
    const cy = det.y + det.h / 2;
    if (last !== undefined && dt > 0) {
      const mvx = (cx - (last.box.x + last.box.w / 2)) / dt;
      const mvy = (cy - (last.box.y + last.box.h / 2)) / dt;
      const beta = track.hits < 3 ? 0.6 : 0.3;
      track.vx += beta * (mvx - track.vx);
      track.vy += beta * (mvy - track.vy);
    }
    const { w, h } = track.steadySize;
    track.steadySize = { w: w + SIZE_GAIN * (det.w - w), h: h + SIZE_GAIN * (det.h - h) };
    track.box = { x: det.x, y: det.y, w: det.w, h: det.h };
    track.confidence = 0.7 * track.confidence + 0.3 * det.score;
    track.peak = Math.max(track.peak, det.score);
    track.lastSeenMs = atMs;
    track.hits++;
    track.seen = true;
    if (track.hits >= this.options.minHits) track.confirmed = true;
    track.classVotes.set(det.className, (track.classVotes.get(det.className) ?? 0) + det.score);
    track.className = [...track.classVotes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? det.className;
    track.history.push({ atMs, box: track.box });
    while (track.history.length > 0 && (track.history[0] as TrackPoint).atMs < atMs - HISTORY_MS) track.history.shift();
  }

  private prune(atMs: number): void {
    for (let i = this.tracks.length - 1; i >= 0; i--) {
      const track = this.tracks[i] as Track;
      const missing = atMs - track.lastSeenMs;
      const keep = !track.confirmed ? 600 : speedOf(track) < 0.02 ? this.options.stillKeepMs : this.options.reentryMs;
      const outside = track.box.x + track.box.w < 0 || track.box.y + track.box.h < 0 || track.box.x > 1 || track.box.y > 1;
      if (missing > keep || (outside && !track.seen)) this.tracks.splice(i, 1);
    }
  }
}

// The rules as pure logic: each looks at the confirmed tracks (with their poses) and the picture's statistics of
// one analysed frame and says whether its situation is there now; the engine merges repeated detections of one
// situation into one event with a start and an end.
import { BAGS, VEHICLES, WEAPONS } from './coco.js';
import { thresholdsOf } from './catalogue.js';
import { angleDiff, centre, footPoint, headingDeg, intersectionArea, iou, overlapShare, pointInPolygon, polygonArea, segmentsCross, unionBox, WHOLE_PICTURE, type Box } from './geometry.js';
import type { AnalyticsEvent, EventBox, Point, RuleName, RuleSetting } from './model.js';
import { speedOf, type Track } from './tracker.js';
import type { Pose } from './detector.js';
import type { StaticBlob } from './static-objects.js';
import { bodyCentre, bodySize, BodyTracker, limbSpeed, movingShare, torsoAngle } from './bodies.js';
import { BoxMotion, closeGroup } from './box-motion.js';
import { Churn } from './churn.js';

/** What the pipeline measures on the whole (small, grey) picture of a frame. */
export interface FrameStats {
  /** Mean absolute Laplacian of the grey picture (focus). */
  readonly sharpness: number;
  /** Mean grey level 0..255. */
  readonly brightness: number;
  /** Standard deviation of the grey level. */
  readonly contrast: number;
  /** Part of the picture in flame colours that changed since the previous frame. */
  readonly flameFraction: number;
  /** Part of the picture in smoke-like grey that changes slowly. */
  readonly smokeFraction: number;
  /** Part of the picture that moved since the previous frame. */
  readonly motionFraction: number;
  /** Part of the picture that differs from the long-term background. */
  readonly sceneChange: number;
}

export interface Observation {
  readonly atMs: number;
  /** Confirmed tracks (seen in this frame or coasting). */
  readonly tracks: readonly Track[];
  /** Every body pose found in this frame; undefined when nobody looked (no pose rule, or nothing moved). */
  readonly poses?: readonly Pose[] | undefined;
  /** Every person box the detector found in this frame, however unsure (undefined when nobody looked). */
  readonly people?: readonly Box[] | undefined;
  /** Cells of the picture that moved since the previous frame. */
  readonly moving?: readonly Box[] | undefined;
  /** Still foreground blobs (static-objects.ts), when the abandoned-object rule runs. */
  readonly staticObjects?: readonly StaticBlob[] | undefined;
  readonly stats: FrameStats;
  /** Width / height of the picture in pixels (boxes are normalised). */
  readonly aspect: number;
}

export interface Finding {
  readonly confidence: number;
  readonly boxes: readonly EventBox[];
}

export interface RuleLogic {
  /** The situation seen in this frame, or null. */
  evaluate(observation: Observation): Finding | null;
}

const boxOf = (track: Track, label = track.className): EventBox => ({ x: track.box.x, y: track.box.y, w: track.box.w, h: track.box.h, label, trackId: track.id });
const isPerson = (track: Track): boolean => track.className === 'person';

/** Everything a rule needs from its setting: thresholds and the zone test. */
class Area {
  readonly zone: ReadonlyArray<Point>;
  constructor(readonly setting: RuleSetting) {
    this.zone = setting.zone !== undefined && setting.zone.length >= 3 ? setting.zone : WHOLE_PICTURE;
  }
  contains(track: Track): boolean {
    return this.containsBox(track.box);
  }
  containsBox(box: Box): boolean {
    return pointInPolygon(footPoint(box), this.zone) || pointInPolygon(centre(box), this.zone);
  }
}

/** Keeps, per track, since when a condition holds. */
class Since {
  private readonly since = new Map<number, number>();
  hold(id: number, condition: boolean, atMs: number): number {
    if (!condition) {
      this.since.delete(id);
      return 0;
    }
    const start = this.since.get(id) ?? atMs;
    this.since.set(id, start);
    return atMs - start;
  }
  forgetExcept(ids: ReadonlySet<number>): void {
    for (const id of this.since.keys()) if (!ids.has(id)) this.since.delete(id);
  }
}

/** What the abandoned-object rule remembers of one still blob. */
interface LeftObject {
  readonly firstMs: number;
  lastMs: number;
  /** People near it when it appeared: their latest box (kept when their track is lost). */
  readonly owners: Map<number, Box>;
  /** A vehicle overlapped it once: a parked or queued vehicle, not a left object. */
  vehicle: boolean;
  unattendedSinceMs: number | undefined;
}

/** How far back, before the blob became still, a person near it counts as its owner, ms. */
const OWNER_LOOKBACK_MS = 10_000;
/** For how long after it is first reported people coming near it still count as its owners, ms. */
const OWNER_WINDOW_MS = 3000;
/** A person seen this recently is taken as present where last seen, ms. */
const PRESENT_MS = 2000;
/** A blob's memory is kept this long after it stops being reported, ms. */
const LEFT_MEMORY_MS = 5000;

/** Part of box `a` inside box `b`. */
function coveredShare(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return a.w * a.h <= 0 ? 0 : (ix * iy) / (a.w * a.h);
}

/**
 * An object left: a still blob of the static-foreground model (any shape: a bag, a parcel, a box) of object size,
 * not a person (no person track over it) nor a vehicle, that appeared beside a person (its owner) who then went
 * further than `ownerDistance` for `unattendedS`, the blob having been still for `stillS`. A bag-class track of the
 * detector over the blob raises the confidence; a bag track still and alone for those times also fires by itself.
 */
function abandonedObject(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const area = new Area(setting);
  const attended = new Map<number, number>();
  const left = new Map<number, LeftObject>();
  const stillMs = (th['stillS'] ?? 8) * 1000;
  const aloneMs = (th['unattendedS'] ?? 5) * 1000;
  const reach = th['ownerDistance'] ?? 1.5;
  return {
    evaluate({ atMs, tracks, staticObjects, aspect }) {
      // Where each person was last seen: a coasting prediction drifts (and a person missed while still stays put).
      const people = tracks.filter(isPerson).map((p) => ({
        id: p.id,
        seen: p.seen,
        box: p.history[p.history.length - 1]?.box ?? p.box,
        history: p.history,
        present: atMs - p.lastSeenMs <= PRESENT_MS,
        still: p.seen && speedOf(p) < 0.03,
      }));
      // A person is near an object when their feet are within `reach` of their own heights of its centre.
      const near = (person: Box, object: Box): boolean => {
        const [px, py] = footPoint(person);
        const [ox, oy] = centre(object);
        return Math.hypot((px - ox) * aspect, py - oy) < Math.max(0.05, reach * person.h);
      };
      const found: EventBox[] = [];
      let confidence = 0;
      const bags = tracks.filter((t) => BAGS.has(t.className) && area.contains(t));
      for (const bag of bags) {
        const [bx, by] = centre(bag.box);
        const close = people.some((p) => {
          if (!p.seen) return false;
          const [px, py] = footPoint(p.box);
          return Math.hypot(px - bx, py - by) < Math.max(0.05, reach * p.box.h) && iou(p.box, bag.box) < 0.9;
        });
        if (close || !attended.has(bag.id)) attended.set(bag.id, atMs);
        const oldest = bag.history.find((h) => h.atMs >= atMs - stillMs);
        if (oldest === undefined || atMs - bag.firstMs < stillMs) continue;
        const moved = Math.max(...bag.history.filter((h) => h.atMs >= oldest.atMs).map((h) => Math.hypot(h.box.x - bag.box.x, h.box.y - bag.box.y)));
        if (moved > Math.max(0.01, bag.box.w * 0.5)) continue;
        if (atMs - (attended.get(bag.id) as number) < aloneMs) continue;
        found.push(boxOf(bag));
        confidence = Math.max(confidence, bag.confidence);
      }
      for (const blob of staticObjects ?? []) {
        if (!pointInPolygon(centre(blob.box), area.zone)) continue;
        let state = left.get(blob.id);
        if (state === undefined) left.set(blob.id, (state = { firstMs: atMs, lastMs: atMs, owners: new Map(), vehicle: false, unattendedSinceMs: undefined }));
        state.lastMs = atMs;
        if (tracks.some((t) => VEHICLES.has(t.className) && overlapShare(blob.box, t.box) > 0.3)) state.vehicle = true;
        const owners = new Set<number>();
        for (const person of people) {
          const recently = atMs - state.firstMs <= OWNER_WINDOW_MS && person.history.some((h) => h.atMs >= blob.stillSinceMs - OWNER_LOOKBACK_MS && near(h.box, blob.box));
          if (state.owners.has(person.id) || recently) state.owners.set(person.id, person.box);
          if (state.owners.has(person.id) && person.present) owners.add(person.id);
        }
        // The blob is a person's body: one standing or sitting still where a person was last seen (missed since).
        const body = [...people.map((p) => p.box), ...state.owners.values()].some((box) => coveredShare(blob.box, box) > 0.5 && blob.area >= 0.4 * box.w * box.h);
        // Attended: an owner still seen within reach (an owner lost counts as gone: the same person often comes
        // back under another id), or anyone standing still beside it.
        const attendedNow = people.some((p) => p.present && near(p.box, blob.box) && (owners.has(p.id) || p.still));
        state.unattendedSinceMs = attendedNow ? undefined : (state.unattendedSinceMs ?? atMs);
        const bag = bags.find((b) => overlapShare(blob.box, b.box) > 0.3);
        const size = blob.area >= (th['minArea'] ?? 0.0006) && blob.area <= (th['maxArea'] ?? 0.02);
        // Nobody brought it (and no bag is recognised there): light, a person the detector missed, not a left object.
        if (!size || state.vehicle || body || (state.owners.size === 0 && bag === undefined)) continue;
        if (atMs - blob.stillSinceMs < stillMs || state.unattendedSinceMs === undefined || atMs - state.unattendedSinceMs < aloneMs) continue;
        const agreeing = bag === undefined ? undefined : found.find((f) => f.trackId === bag.id);
        if (agreeing === undefined) found.push({ ...blob.box, label: bag?.className ?? 'objet', ...(bag === undefined ? {} : { trackId: bag.id }) });
        confidence = Math.max(confidence, bag === undefined ? 0.5 : Math.min(1, 0.5 + 0.5 * bag.confidence));
      }
      for (const [id, state] of left) if (atMs - state.lastMs > LEFT_MEMORY_MS) left.delete(id);
      const ids = new Set(tracks.map((t) => t.id));
      for (const id of attended.keys()) if (!ids.has(id)) attended.delete(id);
      return found.length === 0 ? null : { confidence, boxes: found };
    },
  };
}

function weapon(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const area = new Area(setting);
  return {
    evaluate({ tracks }) {
      const found = tracks.filter((t) => WEAPONS.has(t.className) && t.seen && t.confidence >= (th['minScore'] ?? 0.35) && t.hits >= (th['minFrames'] ?? 2) && area.contains(t));
      if (found.length === 0) return null;
      const holders = tracks.filter((p) => isPerson(p) && found.some((w) => iou(p.box, w.box) > 0 || Math.hypot(...sub(centre(p.box), centre(w.box))) < p.box.h));
      return { confidence: Math.max(...found.map((t) => t.confidence)), boxes: [...found.map((t) => boxOf(t)), ...holders.map((t) => boxOf(t))] };
    },
  };
}

const sub = (a: Point, b: Point): [number, number] => [a[0] - b[0], a[1] - b[1]];

/** Learns the usual headings per cell of a 4×4 grid, per kind of road user. */
class FlowMap {
  private readonly bins = new Map<string, Float64Array>();
  private readonly tracksSeen = new Map<string, Set<number>>();
  private key(kind: string, p: Point): string {
    return `${kind}:${Math.min(3, Math.floor(p[0] * 4))}:${Math.min(3, Math.floor(p[1] * 4))}`;
  }
  add(kind: string, p: Point, heading: number, trackId: number, weight: number): void {
    const key = this.key(kind, p);
    let bins = this.bins.get(key);
    if (bins === undefined) this.bins.set(key, (bins = new Float64Array(8)));
    const bin = Math.round(heading / 45) % 8;
    bins[bin] = (bins[bin] as number) + weight;
    let seen = this.tracksSeen.get(key);
    if (seen === undefined) this.tracksSeen.set(key, (seen = new Set()));
    if (seen.size < 1000) seen.add(trackId);
  }
  /** Share of past flow within ±45° of `heading` and of its opposite, once enough tracks were seen. */
  shares(kind: string, p: Point, heading: number, minTracks: number, exclude: number): { same: number; opposite: number } | null {
    const key = this.key(kind, p);
    const bins = this.bins.get(key);
    const seen = this.tracksSeen.get(key);
    if (bins === undefined || seen === undefined || seen.size - (seen.has(exclude) ? 1 : 0) < minTracks) return null;
    const total = bins.reduce((a, b) => a + b, 0);
    if (total <= 0) return null;
    const bin = Math.round(heading / 45) % 8;
    const around = (b: number): number => (bins[(b + 7) % 8] as number) + (bins[b] as number) + (bins[(b + 1) % 8] as number);
    return { same: around(bin) / total, opposite: around((bin + 4) % 8) / total };
  }
}

function wrongWay(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const area = new Area(setting);
  const since = new Since();
  const flow = new FlowMap();
  let lastMs: number | undefined;
  const allowed = setting.direction ?? (setting.line === undefined ? undefined : headingDeg(-(setting.line[1][1] - setting.line[0][1]), setting.line[1][0] - setting.line[0][0]));
  return {
    evaluate({ atMs, tracks }) {
      const dt = lastMs === undefined ? 0 : (atMs - lastMs) / 1000;
      lastMs = atMs;
      const found: Track[] = [];
      for (const track of tracks) {
        if (!track.seen || !(isPerson(track) || VEHICLES.has(track.className)) || !area.contains(track)) continue;
        const kind = isPerson(track) ? 'person' : 'vehicle';
        const moving = speedOf(track) >= (th['minSpeed'] ?? 0.04) && track.hits >= 4;
        const heading = headingDeg(track.vx, track.vy);
        const at = centre(track.box);
        let wrong = false;
        if (moving) {
          if (allowed !== undefined) wrong = angleDiff(heading, allowed) > (th['maxAngle'] ?? 100);
          else {
            const shares = flow.shares(kind, at, heading, th['learnTracks'] ?? 12, track.id);
            wrong = shares !== null && shares.same < 0.05 && shares.opposite > 0.6;
          }
          if (allowed === undefined && !wrong) flow.add(kind, at, heading, track.id, dt);
        }
        if (since.hold(track.id, wrong, atMs) >= (th['minDurationS'] ?? 1.5) * 1000) found.push(track);
      }
      since.forgetExcept(new Set(tracks.map((t) => t.id)));
      return found.length === 0 ? null : { confidence: Math.max(...found.map((t) => t.confidence)), boxes: found.map((t) => boxOf(t)) };
    },
  };
}

function intrusion(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const area = new Area(setting);
  const since = new Since();
  const line = setting.line;
  return {
    evaluate({ atMs, tracks }) {
      const found: Track[] = [];
      for (const track of tracks) {
        const kindOk = isPerson(track) || ((th['vehicles'] ?? 0) >= 1 && VEHICLES.has(track.className));
        if (!kindOk || !track.seen || track.confidence < (th['minScore'] ?? 0.4)) continue;
        if (line !== undefined) {
          const [a, b] = line;
          const h = track.history;
          const prev = h[h.length - 2];
          if (prev !== undefined && segmentsCross(a, b, footPoint(prev.box), footPoint(track.box))) found.push(track);
          continue;
        }
        if (since.hold(track.id, area.contains(track), atMs) >= (th['dwellS'] ?? 1) * 1000) found.push(track);
      }
      since.forgetExcept(new Set(tracks.map((t) => t.id)));
      return found.length === 0 ? null : { confidence: Math.max(...found.map((t) => t.confidence)), boxes: found.map((t) => boxOf(t)) };
    },
  };
}

/** Below this width/height a silhouette stands (or walks). */
const UPRIGHT_SHAPE = 0.8;
/**
 * Whether a box could be the body that stood in `standing`, now fallen: lower (at most 0.8 of the standing height;
 * a cyclist turning or a box flickering wider on a post is not) and still on the same floor (its bottom not risen by
 * more than a fifth of the standing height; a walker half hidden behind someone, only head and shoulders seen, is
 * lower too, but from below).
 */
function fellFrom(standing: Box, now: Box): boolean {
  return now.h <= 0.8 * standing.h && now.y + now.h >= standing.y + standing.h - 0.2 * standing.h;
}
/** Width over height of a box on screen (`aspect`: the picture's width/height). */
const shapeOf = (box: Box, aspect: number): number => (box.w * aspect) / Math.max(1e-3, box.h);

/**
 * How fast the track was seen to move over its last half second of sightings (picture widths per second): not the
 * filtered velocity, which lags behind a fall and which a coasting track keeps.
 */
function seenSpeed(track: Track): number {
  const last = track.history[track.history.length - 1];
  if (last === undefined) return speedOf(track);
  const from = track.history.find((p) => last.atMs - p.atMs <= 500);
  if (from === undefined || from === last) return speedOf(track);
  const [x0, y0] = centre(from.box);
  const [x1, y1] = centre(last.box);
  return Math.hypot(x1 - x0, y1 - y0) / ((last.atMs - from.atMs) / 1000);
}

/** Posture of a pose: lying (torso far from the vertical, or a silhouette much wider than tall), upright, or unsure. */
function posture(pose: Pose, aspect: number, th: Record<string, number>): 'lying' | 'upright' | 'unsure' {
  const angle = torsoAngle(pose, aspect);
  const shape = shapeOf(pose, aspect);
  // A torso within 30° of the vertical is upright whatever the arms do.
  if (angle !== null && angle < 30) return shape < UPRIGHT_SHAPE ? 'upright' : 'unsure';
  if ((angle !== null && angle >= (th['torsoAngle'] ?? 55) && shape > 0.6) || shape >= (th['aspect'] ?? 1.2)) return 'lying';
  return angle === null && shape < UPRIGHT_SHAPE ? 'upright' : 'unsure';
}

function personOnGround(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const area = new Area(setting);
  const since = new Since();
  // A body lying still is looked at only when the whole picture is (every 2 s): keep it that long.
  const bodies = new BodyTracker(2500);
  const lying = new Map<number, { from: number; fell: boolean; lastMs: number }>();
  let upright: Array<{ atMs: number; at: readonly [number, number]; size: number }> = [];
  const holdMs = (th['holdS'] ?? 1.5) * 1000;
  const fallMs = (th['fallS'] ?? 2) * 1000;
  const afterFallMs = (th['afterFallS'] ?? 0.5) * 1000;
  const fallAspect = th['fallAspect'] ?? 1;
  const fallen = new Set<number>();
  return {
    evaluate({ atMs, tracks, poses, aspect }) {
      const found: EventBox[] = [];
      let confidence = 0;
      // People the object detector follows (with their pose when one matched). A track seen upright that turns wider
      // than tall and lower within `fallS` has fallen: a lower shape threshold (`fallAspect`) and the short hold then
      // apply, since a body foreshortened on the floor is often narrower than the `aspect` threshold.
      for (const track of tracks) {
        if (!isPerson(track) || !area.contains(track)) continue;
        const shape = shapeOf(track.box, aspect);
        if (shape < UPRIGHT_SHAPE) fallen.delete(track.id);
        else if (shape >= fallAspect && track.history.some((p) => atMs - p.atMs <= fallMs && shapeOf(p.box, aspect) < UPRIGHT_SHAPE && fellFrom(p.box, track.box))) fallen.add(track.id);
        const fell = fallen.has(track.id);
        const lying = track.pose !== undefined ? posture(track.pose, aspect, th) === 'lying' : shape >= (th['aspect'] ?? 1.2);
        const down = lying || (fell && shape >= fallAspect);
        if (since.hold(track.id, down && seenSpeed(track) < 0.15, atMs) >= (fell ? Math.min(afterFallMs, holdMs) : holdMs)) {
          found.push(boxOf(track, 'personne au sol'));
          confidence = Math.max(confidence, track.confidence);
        }
      }
      const present = new Set(tracks.map((t) => t.id));
      since.forgetExcept(present);
      for (const id of fallen) if (!present.has(id)) fallen.delete(id);
      // Bodies found by the pose model alone (a fallen person is often missed by the object detector): lying for
      // `holdS`, or for `afterFallS` only when the same body was seen upright there just before (a fall).
      if (poses !== undefined) {
        upright = upright.filter((u) => atMs - u.atMs <= fallMs);
        for (const body of bodies.update(
          atMs,
          poses.filter((p) => area.containsBox(p)),
          aspect,
        )) {
          const state = posture(body.pose, aspect, th);
          const at = bodyCentre(body.pose);
          if (state === 'upright') upright.push({ atMs, at, size: bodySize(body.pose, aspect) });
          if (state !== 'lying') {
            if (state === 'upright') lying.delete(body.id);
            continue;
          }
          const known = lying.get(body.id);
          if (known !== undefined) known.lastMs = atMs;
          else lying.set(body.id, { from: atMs, lastMs: atMs, fell: upright.some((u) => Math.hypot((u.at[0] - at[0]) * aspect, u.at[1] - at[1]) < u.size) });
        }
        const kept = new Set(bodies.current().map((b) => b.id));
        for (const id of lying.keys()) if (!kept.has(id)) lying.delete(id);
      }
      for (const body of bodies.current()) {
        const state = lying.get(body.id);
        if (state === undefined || state.lastMs - state.from < (state.fell ? Math.min(afterFallMs, holdMs) : holdMs)) continue;
        if (found.some((b) => iou(b, body.pose) > 0.3)) continue;
        found.push({ x: body.pose.x, y: body.pose.y, w: body.pose.w, h: body.pose.h, label: 'personne au sol' });
        confidence = Math.max(confidence, body.pose.score);
      }
      return found.length === 0 ? null : { confidence, boxes: found };
    },
  };
}

function crowdMovement(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const area = new Area(setting);
  let usual: number | undefined;
  return {
    evaluate({ tracks }) {
      const people = tracks.filter((t) => isPerson(t) && t.seen && t.hits >= 3 && area.contains(t));
      if (people.length === 0) return null;
      const speeds = people.map((t) => speedOf(t));
      const mean = speeds.reduce((a, b) => a + b, 0) / speeds.length;
      const before = usual ?? mean;
      const fast = people.filter((t) => speedOf(t) >= Math.max(th['minSpeed'] ?? 0.12, (th['factor'] ?? 2.5) * before));
      const sudden = people.length >= (th['minPeople'] ?? 6) && fast.length / people.length >= (th['share'] ?? 0.5) && usual !== undefined;
      // The usual speed learns slowly, and not from the event itself.
      if (!sudden) usual = usual === undefined ? mean : usual + 0.05 * (mean - usual);
      return sudden ? { confidence: Math.min(1, fast.length / people.length), boxes: fast.map((t) => boxOf(t)) } : null;
    },
  };
}

function density(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const area = new Area(setting);
  const surface = polygonArea(area.zone);
  let overSince: number | undefined;
  return {
    evaluate({ atMs, tracks }) {
      const people = tracks.filter((t) => isPerson(t) && area.contains(t));
      const perArea = th['perArea'] ?? 0;
      const over = perArea > 0 ? people.length / Math.max(1e-3, surface) >= perArea : people.length >= (th['maxPeople'] ?? 25);
      overSince = over ? (overSince ?? atMs) : undefined;
      if (overSince === undefined || atMs - overSince < (th['holdS'] ?? 3) * 1000) return null;
      return { confidence: Math.min(1, people.length / Math.max(1, th['maxPeople'] ?? 25)), boxes: people.map((t) => boxOf(t)) };
    },
  };
}

function fire(_setting: RuleSetting, th: Record<string, number>): RuleLogic {
  let flameSince: number | undefined;
  let smokeSince: number | undefined;
  return {
    evaluate({ atMs, stats }) {
      flameSince = stats.flameFraction >= (th['flame'] ?? 0.002) ? (flameSince ?? atMs) : undefined;
      smokeSince = stats.smokeFraction >= (th['smoke'] ?? 0.2) ? (smokeSince ?? atMs) : undefined;
      const hold = (th['holdS'] ?? 2) * 1000;
      const flame = flameSince !== undefined && atMs - flameSince >= hold;
      const smoke = smokeSince !== undefined && atMs - smokeSince >= hold;
      if (!flame && !smoke) return null;
      const confidence = flame ? Math.min(1, 0.5 + stats.flameFraction * 20) : Math.min(0.9, 0.3 + stats.smokeFraction);
      return { confidence, boxes: [{ x: 0, y: 0, w: 1, h: 1, label: flame ? 'flammes' : 'fumée' }] };
    },
  };
}

function aggression(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const area = new Area(setting);
  const bodies = new BodyTracker();
  const recent = new Map<number, Array<{ atMs: number; speed: number | null; motion: number | null }>>();
  let since: number | undefined;
  let lastInvolved: { atMs: number; boxes: EventBox[]; level: number } = { atMs: -Infinity, boxes: [], level: 0 };
  const windowMs = (th['windowS'] ?? 0.75) * 1000;
  const groupMotion = new BoxMotion((th['groupWindowS'] ?? 1) * 1000);
  let groupKey = 0;
  let lastGroup: Box | undefined;
  const churn = new Churn({ windowMs: (th['churnWindowS'] ?? 1.5) * 1000, share: th['churnShare'] ?? 0.7 });
  const churnMin = th['churn'] ?? 1.25;
  const holdMs = (th['holdS'] ?? 0.4) * 1000;
  return {
    evaluate({ atMs, tracks, poses, people, moving, aspect }) {
      // Nothing moved (nobody looked): nothing is happening.
      const involved: EventBox[] = [];
      let level = 0;
      let churned = false;
      // Each person box once, however many cues point at it.
      const involve = (box: Box, trackId?: number): void => {
        if (!involved.some((b) => iou(b, box) > 0.5)) involved.push({ x: box.x, y: box.y, w: box.w, h: box.h, label: 'person', ...(trackId === undefined ? {} : { trackId }) });
      };
      const seen =
        poses === undefined
          ? []
          : bodies.update(
              atMs,
              poses.filter((p) => area.containsBox(p)),
              aspect,
            );
      for (const body of seen) {
        const before = body.previous;
        const speed = before === undefined || atMs - before.atMs > 600 ? null : limbSpeed(before.pose, body.pose, (atMs - before.atMs) / 1000, aspect);
        const samples = (recent.get(body.id) ?? []).filter((s) => atMs - s.atMs < windowMs);
        samples.push({ atMs, speed, motion: moving === undefined ? null : movingShare(body.pose, moving, aspect) });
        recent.set(body.id, samples);
        // Limbs fast against the body over the window (one fast frame is often the model jumping to another limb)…
        const speeds = samples.map((s) => s.speed).filter((v): v is number => v !== null);
        if (speeds.length < 2) continue;
        const agitation = speeds.reduce((a, b) => a + b, 0) / speeds.length;
        if (agitation < (th['agitation'] ?? 1.2)) continue;
        // …and the picture around the body really changing (keypoints jittering on a still person do not move pixels)…
        const motions = samples.map((s) => s.motion).filter((v): v is number => v !== null);
        if (motions.length > 0 && motions.reduce((a, b) => a + b, 0) / motions.length < (th['motion'] ?? 0.5)) continue;
        // …with somebody else within reach (another body, or a person the object detector follows).
        const size = bodySize(body.pose, aspect);
        const [cx, cy] = bodyCentre(body.pose);
        const reach = (th['closeness'] ?? 1) * size;
        const others = [
          ...seen.filter((b) => b !== body).map((b) => ({ box: b.pose as Box, trackId: undefined as number | undefined })),
          ...tracks.filter((t) => isPerson(t) && t.seen).map((t) => ({ box: t.box, trackId: t.id as number | undefined })),
        ];
        const near = others.filter(({ box }) => iou(box, body.pose) < 0.5 && Math.hypot((box.x + box.w / 2 - cx) * aspect, box.y + box.h / 2 - cy) < reach);
        if (near.length === 0) continue;
        level = Math.max(level, agitation);
        for (const { box, trackId } of [{ box: body.pose as Box, trackId: undefined }, ...near]) involve(box, trackId);
      }
      // Whether or not the limbs could be measured: the group of people close together (bodies, and person boxes
      // however unsure — fighters are often found at low scores), its box jerking about in place (moving and
      // changing size without going anywhere) with the picture in it changing, for the same hold.
      if (moving !== undefined) {
        const evidence = (people ?? []).filter((box) => area.containsBox(box));
        for (const { pose } of seen) if (!evidence.some((box) => iou(box, pose) > 0.4)) evidence.push(pose);
        const group = closeGroup(evidence, aspect, th['closeness'] ?? 1);
        if (group.length >= 2) {
          const box = unionBox(group) as Box;
          if (lastGroup !== undefined && iou(lastGroup, box) === 0) groupKey++;
          lastGroup = box;
          const motion = groupMotion.update(String(groupKey), atMs, box, moving, aspect);
          if (motion !== null && motion.activity >= (th['groupActivity'] ?? 2) && motion.straightness <= (th['groupStraightness'] ?? 0.25) && motion.moving >= (th['groupMotion'] ?? 0.2)) {
            level = Math.max(level, ((th['agitation'] ?? 1.2) * motion.activity) / (th['groupActivity'] ?? 2));
            for (const b of group) involve(b);
          }
        }
        groupMotion.prune(atMs);
        // Whether or not anybody could be followed: an area larger than the people on it kept churning.
        for (const area of churn.update(atMs, moving, evidence)) {
          if (area.persons < churnMin) continue;
          churned = true;
          level = Math.max(level, ((th['agitation'] ?? 1.2) * area.persons) / churnMin);
          const current = evidence.filter((b) => intersectionArea(b, area.box) > 0);
          for (const b of current.length > 0 ? current : [area.box]) involve(b);
        }
      }
      const kept = new Set(bodies.current().map((b) => b.id));
      for (const id of recent.keys()) if (!kept.has(id)) recent.delete(id);
      // A frame where the model misses the bodies does not break the situation, a window without agitation does.
      if (involved.length > 0) {
        if (since === undefined || atMs - lastInvolved.atMs > windowMs) since = atMs;
        // A churning area has moved over its whole window already: that is its hold.
        if (churned) since = Math.min(since, atMs - holdMs);
        lastInvolved = { atMs, boxes: involved, level };
      }
      if (since === undefined || atMs - lastInvolved.atMs > windowMs || lastInvolved.atMs - since < holdMs) return null;
      return { confidence: Math.min(1, (0.5 * lastInvolved.level) / (th['agitation'] ?? 1.2)), boxes: lastInvolved.boxes };
    },
  };
}

function roadAccident(setting: RuleSetting, th: Record<string, number>): RuleLogic {
  const carriageway = setting.zone !== undefined && setting.zone.length >= 3 ? setting.zone : undefined;
  const speedBefore = (track: Track, atMs: number): number => {
    const h = track.history;
    const a = h.find((p) => p.atMs >= atMs - 2000);
    const b = h.find((p) => p.atMs >= atMs - 1000);
    if (a === undefined || b === undefined || b.atMs - a.atMs < 300) return 0;
    return Math.hypot(...sub(centre(b.box), centre(a.box))) / ((b.atMs - a.atMs) / 1000);
  };
  const stoppedAfterCrash = new Map<number, number>();
  return {
    evaluate({ atMs, tracks }) {
      const vehicles = tracks.filter((t) => VEHICLES.has(t.className) && t.seen);
      const found = new Set<Track>();
      for (const a of vehicles) {
        const before = speedBefore(a, atMs);
        const stopped = before >= (th['minSpeed'] ?? 0.1) && speedOf(a) <= (th['stopRatio'] ?? 0.3) * before;
        if (!stopped) continue;
        for (const b of vehicles)
          if (b !== a && iou(a.box, b.box) >= (th['overlap'] ?? 0.02)) {
            found.add(a);
            found.add(b);
            stoppedAfterCrash.set(a.id, atMs);
          }
      }
      // A vehicle stays part of the accident while it stays stopped.
      for (const a of vehicles) if (stoppedAfterCrash.has(a.id) && speedOf(a) < 0.03) found.add(a);
      if (carriageway !== undefined) for (const p of tracks) if (isPerson(p) && p.seen && pointInPolygon(footPoint(p.box), carriageway)) found.add(p);
      const ids = new Set(tracks.map((t) => t.id));
      for (const id of stoppedAfterCrash.keys()) if (!ids.has(id)) stoppedAfterCrash.delete(id);
      return found.size === 0 ? null : { confidence: Math.max(...[...found].map((t) => t.confidence)), boxes: [...found].map((t) => boxOf(t)) };
    },
  };
}

function tampering(_setting: RuleSetting, th: Record<string, number>): RuleLogic {
  let sharp: number | undefined;
  let frames = 0;
  let since: number | undefined;
  let label = '';
  return {
    evaluate({ atMs, stats }) {
      frames++;
      const blurred = sharp !== undefined && frames > 10 && stats.sharpness < (th['blur'] ?? 0.35) * sharp;
      const masked = stats.brightness < (th['dark'] ?? 18) || stats.contrast < (th['uniform'] ?? 6);
      const displaced = frames > 10 && stats.sceneChange >= (th['displaced'] ?? 0.7);
      const bad = blurred || masked || displaced;
      if (!bad) sharp = sharp === undefined ? stats.sharpness : sharp + 0.02 * (stats.sharpness - sharp);
      if (bad) label = masked ? 'image masquée' : blurred ? 'image floue' : 'caméra déplacée';
      since = bad ? (since ?? atMs) : undefined;
      if (since === undefined || atMs - since < (th['holdS'] ?? 3) * 1000) return null;
      return { confidence: 0.8, boxes: [{ x: 0, y: 0, w: 1, h: 1, label }] };
    },
  };
}

const FACTORIES: Record<RuleName, (setting: RuleSetting, th: Record<string, number>) => RuleLogic> = {
  abandoned_object: abandonedObject,
  weapon,
  wrong_way: wrongWay,
  intrusion,
  person_on_ground: personOnGround,
  crowd_movement: crowdMovement,
  density,
  fire,
  aggression,
  road_accident: roadAccident,
  tampering,
};

export function createRule(setting: RuleSetting): RuleLogic {
  return FACTORIES[setting.rule](setting, thresholdsOf(setting.rule, setting.thresholds));
}

interface OpenEvent {
  startMs: number;
  lastMs: number;
  confidence: number;
  boxes: readonly EventBox[];
}

export interface EngineOutput {
  /** Events that started in this frame. */
  readonly opened: AnalyticsEvent[];
  /** Events that ended (no detection for the rule's merge gap), with their final end. */
  readonly closed: AnalyticsEvent[];
}

/** Runs a camera's rules frame after frame; repeated detections of one situation make one event. */
export class RuleEngine {
  private readonly rules: Array<{ setting: RuleSetting; logic: RuleLogic; gapMs: number; open?: OpenEvent | undefined }>;

  constructor(
    private readonly cameraId: string,
    settings: readonly RuleSetting[],
  ) {
    this.rules = settings.map((setting) => ({ setting, logic: createRule(setting), gapMs: (thresholdsOf(setting.rule, setting.thresholds)['mergeGapS'] ?? 3) * 1000 }));
  }

  observe(observation: Observation): EngineOutput {
    const out: EngineOutput = { opened: [], closed: [] };
    for (const rule of this.rules) {
      const finding = rule.logic.evaluate(observation);
      const at = observation.atMs;
      if (finding !== null) {
        if (rule.open === undefined) {
          rule.open = { startMs: at, lastMs: at, confidence: finding.confidence, boxes: finding.boxes };
          out.opened.push(this.event(rule.setting, rule.open));
        } else {
          rule.open.lastMs = at;
          if (finding.confidence >= rule.open.confidence) rule.open.boxes = finding.boxes;
          rule.open.confidence = Math.max(rule.open.confidence, finding.confidence);
        }
      } else if (rule.open !== undefined && at - rule.open.lastMs > rule.gapMs) {
        out.closed.push(this.event(rule.setting, rule.open));
        rule.open = undefined;
      }
    }
    return out;
  }

  /** Closes every open event (end of file, camera stopped). */
  flush(): AnalyticsEvent[] {
    const closed: AnalyticsEvent[] = [];
    for (const rule of this.rules) {
      if (rule.open !== undefined) closed.push(this.event(rule.setting, rule.open));
      rule.open = undefined;
    }
    return closed;
  }

  private event(setting: RuleSetting, open: OpenEvent): AnalyticsEvent {
    return {
      cameraId: this.cameraId,
      rule: setting.rule,
      ...(setting.zoneId === undefined ? {} : { zoneId: setting.zoneId }),
      confidence: Math.round(open.confidence * 1000) / 1000,
      startMs: open.startMs,
      endMs: open.lastMs,
      boxes: open.boxes,
    };
  }
}

export type { Box };

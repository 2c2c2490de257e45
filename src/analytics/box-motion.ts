// How a person's box moves over a short window, for the aggression rule when the pose model finds no body (small,
// blurred or entangled people): people fighting jerk about in place — their box moves and changes size a lot
// without going anywhere, and the picture inside it keeps changing — where people walking go straight.
import { coveredByCells, type Box } from './geometry.js';

/** What a box did over the window. */
export interface BoxAgitation {
  /** (Path of the centre + changes of width and height) / box size, per second. */
  readonly activity: number;
  /** Net displacement / path of the centre (1: straight line; near 0: back and forth). */
  readonly straightness: number;
  /** Mean share of the (slightly grown) box covered by moving cells. */
  readonly moving: number;
  readonly samples: number;
}

interface Sample {
  readonly atMs: number;
  readonly box: Box;
  readonly moving: number;
}

/** Follows boxes by key (a track or body id) over the last `windowMs`. */
export class BoxMotion {
  private readonly samples = new Map<string, Sample[]>();

  constructor(private readonly windowMs: number) {}

  /** Adds this frame's box of `key` and says what it did over the window (null with fewer than 3 samples). */
  update(key: string, atMs: number, box: Box, moving: readonly Box[], aspect: number): BoxAgitation | null {
    const grown: Box = { x: box.x - box.w * 0.1, y: box.y - box.h * 0.1, w: box.w * 1.2, h: box.h * 1.2 };
    const kept = (this.samples.get(key) ?? []).filter((s) => atMs - s.atMs <= this.windowMs);
    kept.push({ atMs, box, moving: coveredByCells(grown, moving) });
    this.samples.set(key, kept);
    const first = kept[0] as Sample;
    const last = kept[kept.length - 1] as Sample;
    const dtS = (last.atMs - first.atMs) / 1000;
    if (kept.length < 3 || dtS <= 0) return null;
    const cx = (s: Sample): number => (s.box.x + s.box.w / 2) * aspect;
    const cy = (s: Sample): number => s.box.y + s.box.h / 2;
    let path = 0;
    let resize = 0;
    let size = 0;
    for (const [i, s] of kept.entries()) {
      size += Math.max(s.box.h, s.box.w * aspect);
      const p = kept[i - 1];
      if (p === undefined) continue;
      path += Math.hypot(cx(s) - cx(p), cy(s) - cy(p));
      resize += Math.abs(s.box.h - p.box.h) + Math.abs(s.box.w - p.box.w) * aspect;
    }
    size = Math.max(1e-3, size / kept.length);
    const net = Math.hypot(cx(last) - cx(first), cy(last) - cy(first));
    return {
      activity: (path + resize) / size / dtS,
      straightness: path <= 1e-6 ? 1 : net / path,
      moving: kept.reduce((sum, s) => sum + s.moving, 0) / kept.length,
      samples: kept.length,
    };
  }

  /** Forgets the boxes not seen within the window. */
  prune(atMs: number): void {
    for (const [key, samples] of this.samples) if (atMs - (samples[samples.length - 1] as Sample).atMs > this.windowMs) this.samples.delete(key);
  }
}

/**
 * The largest group of boxes linked by closeness: two boxes are linked when their centres are within `closeness`
 * times the taller one's height.
 */
export function closeGroup(boxes: readonly Box[], aspect: number, closeness: number): Box[] {
  const linked = (a: Box, b: Box): boolean => Math.hypot((a.x + a.w / 2 - b.x - b.w / 2) * aspect, a.y + a.h / 2 - b.y - b.h / 2) < closeness * Math.max(a.h, b.h);
  const done = new Set<Box>();
  let best: Box[] = [];
  for (const seed of boxes) {
    if (done.has(seed)) continue;
    const group = [seed];
    done.add(seed);
    for (let i = 0; i < group.length; i++)
      for (const other of boxes)
        if (!done.has(other) && linked(group[i] as Box, other)) {
          group.push(other);
          done.add(other);
        }
    if (group.length > best.length) best = group;
  }
  return best;
}

// Static foreground: what differs from the long-term background of the scene and has stopped changing — the
// classic, class-agnostic cue for an object left behind. Works on a small grey copy of the picture (cells of a
// few pixels averaged): per cell, since when it has differed from the background with a steady value. Cells
// steady for a moment form blobs, each with an id kept across frames and the time it became still. A global
// brightness change is compensated (gain of the background), a picture that changes almost everywhere at once
// is learned again (lights, camera moved), and a blob that is only light or shadow (the background's texture
// under it) or a ghost (something that was in the background and went away: the edges are in the background,
// not in the picture) is taken into the background at once. Long-still blobs are absorbed after `absorbMs`.
import { overlapShare, type Box } from './geometry.js';

export interface StaticBlob {
  /** Kept while the blob overlaps the one of the previous frame. */
  readonly id: number;
  /** Normalised box. */
  readonly box: Box;
  /** Part of the picture the blob covers (its cells, not its box). */
  readonly area: number;
  /** When the blob's cells (median) became still, ms. */
  readonly stillSinceMs: number;
}

export interface StaticForegroundOptions {
  /** Analysis picture width the cells divide (grey picture of width × height). */
  readonly width: number;
  readonly height: number;
  /** Cells across the picture (the small picture's width). */
  readonly cellsAcross?: number;
  /** Time constant of the long-term background, ms. */
  readonly backgroundMs?: number;
  /** A cell differing for this long is taken into the background (an object left for good), ms. */
  readonly absorbMs?: number;
  /** A cell is still after this long with a steady value, ms. */
  readonly minStillMs?: number;
}

/** Grey difference counted as foreground: a fixed part plus a part of the background's level. */
const threshold = (level: number): number => 18 + 0.08 * level;
/** Part of the picture differing at once beyond which the scene is learned again. */
const GLOBAL_CHANGE = 0.5;
/** A blob is judged (object, or light/ghost) and reported once still this long, ms. */
const CHECK_MS = 2500;
/** A blob not seen for this long gets a new id when it comes back, ms. */
const KEEP_ID_MS = 3000;
/** Fewest cells a blob needs to be reported. */
const MIN_CELLS = 4;

export class StaticForeground {
  private readonly cell: number;
  private readonly gw: number;
  private readonly gh: number;
  private readonly small: Float32Array;
  private readonly background: Float32Array;
  /** Since when each cell has differed with a steady value (NaN: it does not differ). */
  private readonly since: Float64Array;
  /** The steady value of a differing cell. */
  private readonly steady: Float32Array;
  private readonly backgroundMs: number;
  private readonly absorbMs: number;
  private readonly minStillMs: number;
  private lastMs: number | undefined;
  /** Blobs of the last frames (ids are kept across a frame or two where a blob is not reported). */
  private previous: Array<{ id: number; box: Box; atMs: number }> = [];
  private nextId = 1;
  /** Scratch for aroundOf: a blob search visits every cell's neighbours each frame, so no array per cell. */
  private readonly around = new Int32Array(9);

  constructor(private readonly options: StaticForegroundOptions) {
    this.cell = Math.max(1, Math.round(options.width / (options.cellsAcross ?? 160)));
    this.gw = Math.max(1, Math.floor(options.width / this.cell));
    this.gh = Math.max(1, Math.floor(options.height / this.cell));
    const n = this.gw * this.gh;
    this.small = new Float32Array(n);
    this.background = new Float32Array(n);
    this.since = new Float64Array(n).fill(NaN);
    this.steady = new Float32Array(n);
    this.backgroundMs = options.backgroundMs ?? 30_000;
    this.absorbMs = options.absorbMs ?? 300_000;
    this.minStillMs = options.minStillMs ?? 1000;
  }

  /** Takes one grey picture (width × height, row-major) and gives the still blobs of this instant. */
  update(grey: Float32Array, atMs: number): StaticBlob[] {
    this.shrink(grey);
    const { small, background, since, steady } = this;
    const n = small.length;
    if (this.lastMs === undefined) {
      background.set(small);
      this.lastMs = atMs;
      return [];
    }
    const dt = Math.max(0, atMs - this.lastMs);
    this.lastMs = atMs;
    const learn = 1 - Math.exp(-dt / this.backgroundMs);
    // Global gain: the picture against the background on the cells that were background.
    let sumNow = 0;
    let sumBg = 0;
    for (let i = 0; i < n; i++)
      if (Number.isNaN(since[i] as number)) {
        sumNow += small[i] as number;
        sumBg += background[i] as number;
      }
    const gain = sumBg > 0 && sumNow > 0 ? Math.min(2, Math.max(0.5, sumNow / sumBg)) : 1;
    const differs = new Uint8Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const expected = gain * (background[i] as number);
      if (Math.abs((small[i] as number) - expected) > threshold(expected)) {
        differs[i] = 1;
        count++;
      }
    }
    if (count > GLOBAL_CHANGE * n) {
      // Lights switched, camera moved or covered: nothing here is an object; learn the scene again.
      background.set(small);
      since.fill(NaN);
      this.previous = [];
      return [];
    }
    for (let i = 0; i < n; i++) {
      const value = small[i] as number;
      if (differs[i] === 0) {
        since[i] = NaN;
        background[i] = (background[i] as number) + learn * (value - (background[i] as number));
        continue;
      }
      // The steady value is kept in the background's light (divided by the gain): lights do not restart it.
      const level = value / gain;
      if (Number.isNaN(since[i] as number) || Math.abs(level - (steady[i] as number)) > threshold(steady[i] as number) / 2) {
        // Newly different, or changing (something moving over it): the still time starts again.
        since[i] = atMs;
        steady[i] = level;
      } else if (atMs - (since[i] as number) >= this.absorbMs) {
        background[i] = level;
        since[i] = NaN;
      } else steady[i] = (steady[i] as number) + 0.2 * (level - (steady[i] as number));
    }
    return this.blobs(atMs, gain);
  }

  /** Averages the grey picture into cells. */
  private shrink(grey: Float32Array): void {
    const { cell, gw, gh, small } = this;
    const width = this.options.width;
    small.fill(0);
    for (let y = 0; y < gh * cell; y++) {
      const row = Math.floor(y / cell) * gw;
      const offset = y * width;
      for (let x = 0; x < gw * cell; x++) {
        const k = row + Math.floor(x / cell);
        small[k] = (small[k] as number) + (grey[offset + x] as number);
      }
    }
    const per = cell * cell;
    for (let i = 0; i < small.length; i++) small[i] = (small[i] as number) / per;
  }

  private blobs(atMs: number, gain: number): StaticBlob[] {
    const { gw, gh, since } = this;
    const n = gw * gh;
    const still = (i: number): boolean => !Number.isNaN(since[i] as number) && atMs - (since[i] as number) >= this.minStillMs;
    const label = new Int32Array(n).fill(-1);
    const found: Array<{ id: number; box: Box; area: number; stillSinceMs: number }> = [];
    const stack: number[] = [];
    for (let start = 0; start < n; start++) {
      if (label[start] !== -1 || !still(start)) continue;
      const cells: number[] = [];
      label[start] = start;
      stack.push(start);
      while (stack.length > 0) {
        const i = stack.pop() as number;
        cells.push(i);
        for (let k = 0, count = this.aroundOf(i); k < count; k++) {
          const j = this.around[k] as number;
          if (label[j] === -1 && still(j)) {
            label[j] = start;
            stack.push(j);
          }
        }
      }
      if (cells.length < MIN_CELLS) continue;
      const times = cells.map((i) => since[i] as number).sort((a, b) => a - b);
      const stillSinceMs = times[Math.floor(times.length / 2)] as number;
      if (atMs - stillSinceMs < CHECK_MS) continue;
      // Judged only when nothing moves against it (a person bending over a bag hides its edges).
      if (!this.touchesMoving(cells, label, start) && !this.isObject(cells, label, start, gain)) {
        // Light, shadow or a ghost: the background was wrong there, take the picture as it is.
        for (const i of cells) {
          this.background[i] = (this.small[i] as number) / gain;
          since[i] = NaN;
        }
        continue;
      }
      let x0 = gw;
      let y0 = gh;
      let x1 = 0;
      let y1 = 0;
      for (const i of cells) {
        const x = i % gw;
        const y = (i - x) / gw;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
      const box: Box = { x: x0 / gw, y: y0 / gh, w: (x1 - x0) / gw, h: (y1 - y0) / gh };
      found.push({ id: 0, box, area: cells.length / n, stillSinceMs });
    }
    const free = this.previous.filter((p) => atMs - p.atMs <= KEEP_ID_MS);
    const blobs = found.map((b) => ({ ...b, id: idFor(b.box, free) ?? this.nextId++ }));
    const reported = new Set(blobs.map((b) => b.id));
    this.previous = [...blobs.map((b) => ({ id: b.id, box: b.box, atMs })), ...this.previous.filter((p) => !reported.has(p.id) && atMs - p.atMs <= KEEP_ID_MS)];
    return blobs;
  }

  /** Whether a cell next to the blob differs from the background without being still (something moving there). */
  private touchesMoving(cells: readonly number[], label: Int32Array, id: number): boolean {
    const { since } = this;
    for (const i of cells) {
      for (let k = 0, count = this.aroundOf(i); k < count; k++) {
        const j = this.around[k] as number;
        if (label[j] !== id && !Number.isNaN(since[j] as number)) return true;
      }
    }
    return false;
  }

  /** Puts cell `i` and its (up to 8) neighbours inside the grid in `around`; returns how many. */
  private aroundOf(i: number): number {
    const { gw, gh } = this;
    const x = i % gw;
    const y = (i - x) / gw;
    let count = 0;
    for (let ny = Math.max(0, y - 1); ny <= Math.min(gh - 1, y + 1); ny++) for (let nx = Math.max(0, x - 1); nx <= Math.min(gw - 1, x + 1); nx++) this.around[count++] = ny * gw + nx;
    return count;
  }

  /**
   * An object brings its own edges and texture. Not an object: the picture's texture is the background's under a
   * gain (light, shadow: high correlation), or the edges around the blob are the background's, not the picture's
   * (a ghost: what was there went away).
   */
  private isObject(cells: readonly number[], label: Int32Array, id: number, gain: number): boolean {
    const { gw, gh, small, background } = this;
    const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < gw && y < gh && label[y * gw + x] === id;
    let edgeNow = 0;
    let edgeBg = 0;
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    for (const i of cells) {
      const a = small[i] as number;
      const b = background[i] as number;
      sa += a;
      sb += b;
      saa += a * a;
      sbb += b * b;
      sab += a * b;
      const x = i % gw;
      const y = (i - x) / gw;
      for (const [dx, dy] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ] as const) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= gw || ny >= gh || inside(nx, ny)) continue;
        const j = ny * gw + nx;
        if (!Number.isNaN(this.since[j] as number)) continue;
        edgeNow += Math.abs(a - (small[j] as number));
        edgeBg += gain * Math.abs(b - (background[j] as number));
      }
    }
    const m = cells.length;
    const va = saa / m - (sa / m) ** 2;
    const vb = sbb / m - (sb / m) ** 2;
    const correlation = va > 25 && vb > 25 ? (sab / m - (sa / m) * (sb / m)) / Math.sqrt(va * vb) : 0;
    const k = sbb > 0 ? sab / sbb : 1;
    const residual = Math.sqrt(Math.max(0, (saa - 2 * k * sab + k * k * sbb) / m));
    // Light or shadow: the background's own texture under a gain, little left over.
    if (correlation > 0.8 && residual < 2 + 0.08 * (sa / m)) return false;
    return edgeNow >= 0.6 * edgeBg;
  }
}

/** The id of the earlier blob this box overlaps most (half of the smaller box at least), taken out of `free`. */
function idFor(box: Box, free: Array<{ id: number; box: Box }>): number | undefined {
  let best: { index: number; share: number } | undefined;
  for (const [index, p] of free.entries()) {
    const share = overlapShare(box, p.box);
    if (share >= 0.5 && (best === undefined || share > best.share)) best = { index, share };
  }
  if (best === undefined) return undefined;
  return free.splice(best.index, 1)[0]?.id;
}

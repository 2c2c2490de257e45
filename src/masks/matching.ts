import { Worker } from 'node:worker_threads';
import type { MatchJob } from './matching-worker.js';

// Picture matching for the PTZ calibration: how far the picture moved between two decoded frames (block matching,
// coarse to fine, sub-pixel), and how much it was magnified about its centre (a zoom). Both work on luma planes and
// ignore the top and bottom bands, where cameras print their clock and name (which do not move with the picture).

/** Rows above this fraction and below 1 − it are overlays, not scene. */
const BAND = 0.12;

export interface Match {
  /** The measure: a shift in pixels of the full-size plane, or a magnification factor. */
  readonly value: { readonly dx: number; readonly dy: number } | number;
  /** Mean absolute luma difference at the best candidate. */
  readonly cost: number;
  /** Best cost over the median cost of all candidates: near 1, the pictures do not match anywhere better. */
  readonly contrast: number;
}

interface Plane {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

function plane(luma: Uint8Array, width: number, height: number): Plane {
  return { data: Float32Array.from(luma), width, height };
}

function halve(p: Plane): Plane {
  const width = p.width >> 1;
  const height = p.height >> 1;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const i = 2 * y * p.width + 2 * x;
      data[y * width + x] = ((p.data[i] as number) + (p.data[i + 1] as number) + (p.data[i + p.width] as number) + (p.data[i + p.width + 1] as number)) / 4;
    }
  return { data, width, height };
}

function sample(p: Plane, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * p.width + x0;
  const a = p.data[i] as number;
  const b = p.data[i + 1] as number;
  const c = p.data[i + p.width] as number;
  const d = p.data[i + p.width + 1] as number;
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}

/**
 * Mean |b(x, y) − a(map(x, y))| over b's scene band, where the mapped point lies in a's scene band; Infinity when
 * less than a quarter of the band overlaps.
 */
function cost(a: Plane, b: Plane, map: (x: number, y: number) => [number, number], step: number): number {
  const top = BAND * a.height;
  const bottom = (1 - BAND) * a.height - 1;
  let sum = 0;
  let count = 0;
  let total = 0;
  for (let y = Math.ceil(BAND * b.height); y < (1 - BAND) * b.height; y += step) {
    for (let x = 0; x < b.width; x += step) {
      total += 1;
      const [sx, sy] = map(x, y);
      if (sx < 0 || sy < top || sx > a.width - 1.001 || sy > bottom) continue;
      sum += Math.abs((b.data[y * b.width + x] as number) - sample(a, sx, sy));
      count += 1;
    }
  }
  return count < total / 4 ? Infinity : sum / count;
}

const median = (values: readonly number[]): number => {
  const finite = values.filter(Number.isFinite).sort((p, q) => p - q);
  return finite[Math.floor(finite.length / 2)] ?? Infinity;
};

/** Parabola through three costs around the best: the sub-sample offset of the minimum (−0.5…0.5). */
function subSample(left: number, centre: number, right: number): number {
  const denominator = left - 2 * centre + right;
  if (!Number.isFinite(denominator) || denominator <= 0) return 0;
  return Math.max(-0.5, Math.min(0.5, (left - right) / (2 * denominator)));
}

/**
 * How far the scene moved from picture `a` to picture `b` (pixels of these planes; positive dx: the scene moved
 * right), searched up to `maxShift` of the width and height.
 */
export function measureShift(a: Uint8Array, b: Uint8Array, width: number, height: number, maxShift = 0.4): Match {
  const levels: Array<[Plane, Plane]> = [[plane(a, width, height), plane(b, width, height)]];
  while ((levels[levels.length - 1] as [Plane, Plane])[0].width > 100) {
    const [pa, pb] = levels[levels.length - 1] as [Plane, Plane];
    levels.push([halve(pa), halve(pb)]);
  }
  const coarsest = levels.length - 1;
  const [ca, cb] = levels[coarsest] as [Plane, Plane];
  const costs: number[] = [];
  let best = { dx: 0, dy: 0, cost: Infinity };
  const rx = Math.round(maxShift * ca.width);
  const ry = Math.round(maxShift * ca.height);
  for (let dy = -ry; dy <= ry; dy += 1)
    for (let dx = -rx; dx <= rx; dx += 1) {
      const c = cost(ca, cb, (x, y) => [x - dx, y - dy], 1);
      costs.push(c);
      if (c < best.cost) best = { dx, dy, cost: c };
    }
  const contrast = best.cost / median(costs);
  for (let level = coarsest - 1; level >= 0; level -= 1) {
    const [pa, pb] = levels[level] as [Plane, Plane];
    const around = { dx: best.dx * 2, dy: best.dy * 2 };
    best = { ...around, cost: Infinity };
    for (let dy = around.dy - 2; dy <= around.dy + 2; dy += 1)
      for (let dx = around.dx - 2; dx <= around.dx + 2; dx += 1) {
        const c = cost(pa, pb, (x, y) => [x - dx, y - dy], 1);
        if (c < best.cost) best = { dx, dy, cost: c };
      }
  }
  const [pa, pb] = levels[0] as [Plane, Plane];
  const at = (dx: number, dy: number): number => cost(pa, pb, (x, y) => [x - dx, y - dy], 1);
  const fx = subSample(at(best.dx - 1, best.dy), best.cost, at(best.dx + 1, best.dy));
  const fy = subSample(at(best.dx, best.dy - 1), best.cost, at(best.dx, best.dy + 1));
  return { value: { dx: best.dx + fx, dy: best.dy + fy }, cost: best.cost, contrast };
}

/**
 * How much picture `b` magnifies picture `a` about their centre (b = a zoomed in by the factor), searched between
 * 1/`maxFactor` and `maxFactor`.
 */
export function measureZoom(a: Uint8Array, b: Uint8Array, width: number, height: number, maxFactor = 8): Match {
  const full: [Plane, Plane] = [plane(a, width, height), plane(b, width, height)];
  const small: [Plane, Plane] = [halve(full[0]), halve(full[1])];
  const at = ([pa, pb]: [Plane, Plane], factor: number, step: number): number => {
    const cx = pa.width / 2;
    const cy = pa.height / 2;
    return cost(pa, pb, (x, y) => [cx + (x + 0.5 - cx) / factor - 0.5, cy + (y + 0.5 - cy) / factor - 0.5], step);
  };
  const costs: number[] = [];
  let best = { factor: 1, cost: Infinity };
  for (let log = -Math.log(maxFactor); log <= Math.log(maxFactor); log += 0.015) {
    const c = at(small, Math.exp(log), 1);
    costs.push(c);
    if (c < best.cost) best = { factor: Math.exp(log), cost: c };
  }
  const contrast = best.cost / median(costs);
  const coarse = best.factor;
  best = { factor: coarse, cost: Infinity };
  for (let k = -12; k <= 12; k += 1) {
    const factor = coarse * Math.exp(k * 0.0015);
    const c = at(full, factor, 1);
    if (c < best.cost) best = { factor, cost: c };
  }
  return { value: best.factor, cost: best.cost, contrast };
}

const WORKER_URL = new URL(`./matching-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** One match in a worker thread (through tsx's loader when running the TypeScript sources, as bin/vigie.js does). */
export function matchInWorker(job: MatchJob): Promise<Match> {
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`, { eval: true, workerData: job })
    : new Worker(WORKER_URL, { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (match: Match) => resolve(match));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the matching worker exited (${code}) without an answer`)));
  });
}

// Whether a picture has its masked areas covered: Vigie's check of masks a camera applies itself. Inside each
// polygon (shrunk by a few pixels, so that the encoder's ringing at the mask's edge does not count), every pixel
// must be as dark as the black mask Vigie asked for; a share of bright pixels above the tolerance is a failure.
import type { Point } from './geometry.js';

/** Brighter than this (luma, limited range black is 16) is picture, not mask. */
const BRIGHT = 48;
/** Bright pixels tolerated per polygon (compression noise), as a share of its pixels. */
const TOLERATED_SHARE = 0.002;
const INSET_PX = 3;

export interface PolygonCoverage {
  readonly polygon: number;
  readonly pixels: number;
  readonly bright: number;
}

function inside(points: readonly Point[], x: number, y: number): boolean {
  let result = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
    const a = points[i] as Point;
    const b = points[j] as Point;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) result = !result;
  }
  return result;
}

/** Pixels inside each polygon (picture fractions) of a luma plane, and how many of them are bright. */
export function polygonCoverage(luma: Uint8Array, width: number, height: number, polygons: ReadonlyArray<readonly Point[]>): PolygonCoverage[] {
  return polygons.map((polygon, index) => {
    const pixels = polygon.map((p) => ({ x: p.x * width, y: p.y * height }));
    const xs = pixels.map((p) => p.x);
    const ys = pixels.map((p) => p.y);
    let count = 0;
    let bright = 0;
    for (let y = Math.max(0, Math.floor(Math.min(...ys))); y < Math.min(height, Math.ceil(Math.max(...ys))); y += 1) {
      for (let x = Math.max(0, Math.floor(Math.min(...xs))); x < Math.min(width, Math.ceil(Math.max(...xs))); x += 1) {
        const cx = x + 0.5;
        const cy = y + 0.5;
        const deep = [
          [0, 0],
          [INSET_PX, 0],
          [-INSET_PX, 0],
          [0, INSET_PX],
          [0, -INSET_PX],
        ].every(([dx, dy]) => inside(pixels, cx + (dx as number), cy + (dy as number)));
        if (!deep) continue;
        count += 1;
        if ((luma[y * width + x] as number) > BRIGHT) bright += 1;
      }
    }
    return { polygon: index, pixels: count, bright };
  });
}

/** True when every polygon is covered (a polygon too thin to hold a pixel once shrunk counts as covered). */
export function masksHold(coverage: readonly PolygonCoverage[]): boolean {
  return coverage.every((c) => c.bright <= TOLERATED_SHARE * c.pixels);
}

// Mask geometry: polygon validation, the PTZ projection between angular and picture coordinates, and the
// conservative fill of polygons into yuv420p frames (a pixel touched by a polygon is covered, never spared).
import { VigieError } from '../core/errors.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PtzPose {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
}

/**
 * A PTZ camera's optics at one zoom: the field of view in angular units and how far one unit of ONVIF pan/tilt
 * turns the head in those units (a real head: constant; the simulator's viewport: varies with zoom).
 */
export interface CalibrationSample {
  readonly zoom: number;
  readonly fovPan: number;
  readonly fovTilt: number;
  readonly panScale: number;
  readonly tiltScale: number;
}

export const MAX_POINTS = 64;
/** Smaller than this (in picture fractions²) is a line or a dot, not a mask. */
const MIN_AREA = 1e-5;
const EDGE_TOLERANCE = 1e-6;

function polygonError(code: 'VIGIE_MASK_POLYGON_EMPTY' | 'VIGIE_MASK_POLYGON_SELF_INTERSECTING' | 'VIGIE_MASK_POLYGON_OUTSIDE', message: string, index: number): VigieError {
  return new VigieError(code, message, { status: 400, context: { polygon: index } });
}

export function polygonArea(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i += 1) {
    const a = points[i] as Point;
    const b = points[(i + 1) % points.length] as Point;
    sum += a.x * b.y - b.x * a.y;
  }
  return Math.abs(sum) / 2;
}

function orientation(a: Point, b: Point, c: Point): number {
  const value = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  return Math.abs(value) < 1e-12 ? 0 : Math.sign(value);
}

function onSegment(a: Point, b: Point, p: Point): boolean {
  return Math.min(a.x, b.x) - 1e-12 <= p.x && p.x <= Math.max(a.x, b.x) + 1e-12 && Math.min(a.y, b.y) - 1e-12 <= p.y && p.y <= Math.max(a.y, b.y) + 1e-12;
}

function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

export function selfIntersects(points: readonly Point[]): boolean {
  const n = points.length;
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      // Neighbouring edges share a vertex by construction.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsIntersect(points[i] as Point, points[(i + 1) % n] as Point, points[j] as Point, points[(j + 1) % n] as Point)) return true;
    }
  }
  return false;
}

/** Checks one polygon; `bounds` is the rectangle its points must lie in (the picture, or the head's reach). */
export function validatePolygon(points: readonly Point[], index: number, bounds: { minX: number; maxX: number; minY: number; maxY: number }): void {
  if (points.length < 3) throw polygonError('VIGIE_MASK_POLYGON_EMPTY', `polygon ${index} has ${points.length} points, at least 3 are needed`, index);
  if (points.length > MAX_POINTS) throw polygonError('VIGIE_MASK_POLYGON_EMPTY', `polygon ${index} has more than ${MAX_POINTS} points`, index);
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw polygonError('VIGIE_MASK_POLYGON_OUTSIDE', `polygon ${index} has a point that is not a number`, index);
    if (p.x < bounds.minX - EDGE_TOLERANCE || p.x > bounds.maxX + EDGE_TOLERANCE || p.y < bounds.minY - EDGE_TOLERANCE || p.y > bounds.maxY + EDGE_TOLERANCE) {
      throw polygonError('VIGIE_MASK_POLYGON_OUTSIDE', `polygon ${index} has a point outside the picture (${p.x}, ${p.y})`, index);
    }
  }
  const span = Math.max(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY);
  const flat = polygonArea(points) < MIN_AREA * span * span;
  // A crossing is named first (a bow tie's areas cancel out); points all on one line are an empty polygon.
  if (!flat && selfIntersects(points)) throw polygonError('VIGIE_MASK_POLYGON_SELF_INTERSECTING', `polygon ${index} crosses itself`, index);
  if (flat && !points.every((p) => orientation(points[0] as Point, points[1] as Point, p) === 0) && selfIntersects(points)) {
    throw polygonError('VIGIE_MASK_POLYGON_SELF_INTERSECTING', `polygon ${index} crosses itself`, index);
  }
  if (flat) throw polygonError('VIGIE_MASK_POLYGON_EMPTY', `polygon ${index} has no area`, index);
}

/** The optics at `zoom`, linearly interpolated between the calibration's samples (sorted by zoom). */
export function opticsAt(samples: readonly CalibrationSample[], zoom: number): CalibrationSample {
  const first = samples[0] as CalibrationSample;
  if (samples.length === 1 || zoom <= first.zoom) return first;
  for (let i = 1; i < samples.length; i += 1) {
    const hi = samples[i] as CalibrationSample;
    if (zoom <= hi.zoom) {
      const lo = samples[i - 1] as CalibrationSample;
      const t = (zoom - lo.zoom) / (hi.zoom - lo.zoom);
      const mix = (a: number, b: number): number => a + (b - a) * t;
      return { zoom, fovPan: mix(lo.fovPan, hi.fovPan), fovTilt: mix(lo.fovTilt, hi.fovTilt), panScale: mix(lo.panScale, hi.panScale), tiltScale: mix(lo.tiltScale, hi.tiltScale) };
    }
  }
  return samples[samples.length - 1] as CalibrationSample;
}

/** Angular point (u right, v down) → picture fraction at `pose`. */
export function angularToPicture(samples: readonly CalibrationSample[], pose: PtzPose, point: Point): Point {
  const optics = opticsAt(samples, pose.zoom);
  return { x: 0.5 + (point.x - pose.pan * optics.panScale) / optics.fovPan, y: 0.5 + (point.y + pose.tilt * optics.tiltScale) / optics.fovTilt };
}

/** Picture fraction drawn at `pose` → angular point. */
export function pictureToAngular(samples: readonly CalibrationSample[], pose: PtzPose, point: Point): Point {
  const optics = opticsAt(samples, pose.zoom);
  return { x: pose.pan * optics.panScale + (point.x - 0.5) * optics.fovPan, y: -pose.tilt * optics.tiltScale + (point.y - 0.5) * optics.fovTilt };
}

/** The angular rectangle the head can show at all (every pose, every zoom): where a PTZ mask may lie. */
export function angularReach(samples: readonly CalibrationSample[]): { minX: number; maxX: number; minY: number; maxY: number } {
  let maxX = 0;
  let maxY = 0;
  for (const s of samples) {
    maxX = Math.max(maxX, s.panScale + s.fovPan / 2);
    maxY = Math.max(maxY, s.tiltScale + s.fovTilt / 2);
  }
  return { minX: -maxX, maxX, minY: -maxY, maxY };
}

/** Convex hull (monotone chain) of points: covers a polygon swept between several poses. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const cross = (o: Point, a: Point, b: Point): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as Point, lower[lower.length - 1] as Point, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    const p = sorted[i] as Point;
    while (upper.length >= 2 && cross(upper[upper.length - 2] as Point, upper[upper.length - 1] as Point, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** The colour masked pixels take: black (BT.601 limited range). */
export const MASK_Y = 16;
export const MASK_C = 128;

/**
 * Fills polygons (picture fractions) into a yuv420p frame in place. Conservative: a pixel whose square meets a
 * polygon, widened by `padPx` pixels, is covered; the chroma planes cover every 2×2 block with a covered pixel.
 */
export function fillPolygons(frame: Uint8Array, width: number, height: number, polygons: readonly (readonly Point[])[], padPx = 1): number {
  let covered = 0;
  const chromaW = width >> 1;
  const chromaBase = width * height;
  const chromaSize = chromaW * (height >> 1);
  for (const polygon of polygons) {
    const pixels = polygon.map((p) => ({ x: p.x * width, y: p.y * height }));
    let top = Infinity;
    let bottom = -Infinity;
    for (const p of pixels) {
      top = Math.min(top, p.y);
      bottom = Math.max(bottom, p.y);
    }
    const firstRow = Math.max(0, Math.floor(top - padPx));
    const lastRow = Math.min(height - 1, Math.ceil(bottom + padPx));
    for (let row = firstRow; row <= lastRow; row += 1) {
      // Spans at the row's top edge, middle and bottom edge, and at the pad's reach, joined.
      let from = Infinity;
      let to = -Infinity;
      for (const y of [row - padPx, row, row + 0.5, row + 1, row + 1 + padPx]) {
        const crossings = crossingsAt(pixels, Math.min(Math.max(y, top), bottom));
        for (let i = 0; i + 1 < crossings.length; i += 2) {
          from = Math.min(from, crossings[i] as number);
          to = Math.max(to, crossings[i + 1] as number);
        }
      }
      if (from > to) continue;
      const x0 = Math.max(0, Math.floor(from - padPx));
      const x1 = Math.min(width - 1, Math.ceil(to + padPx));
      if (x1 < x0) continue;
      frame.fill(MASK_Y, row * width + x0, row * width + x1 + 1);
      covered += x1 - x0 + 1;
      const chromaRow = (row >> 1) * chromaW;
      frame.fill(MASK_C, chromaBase + chromaRow + (x0 >> 1), chromaBase + chromaRow + (x1 >> 1) + 1);
      frame.fill(MASK_C, chromaBase + chromaSize + chromaRow + (x0 >> 1), chromaBase + chromaSize + chromaRow + (x1 >> 1) + 1);
    }
  }
  return covered;
}

/**
 * The coverage `fillPolygons` gives, as a yuv420p frame: 255 on every Y, U and V sample it blackens, 0 elsewhere
 * (the mask plane ffmpeg's `maskedmerge` takes, so that the one-process path covers exactly the same samples).
 */
export function maskPlanes(width: number, height: number, polygons: readonly (readonly Point[])[]): Uint8Array {
  // Zero is neither MASK_Y nor MASK_C: after the fill, a sample holding the mask's value was covered.
  const frame = new Uint8Array((width * height * 3) / 2);
  fillPolygons(frame, width, height, polygons);
  const lumaSize = width * height;
  for (let i = 0; i < frame.length; i += 1) frame[i] = frame[i] === (i < lumaSize ? MASK_Y : MASK_C) ? 255 : 0;
  return frame;
}

function crossingsAt(points: readonly Point[], y: number): number[] {
  const xs: number[] = [];
  for (let i = 0; i < points.length; i += 1) {
    const a = points[i] as Point;
    const b = points[(i + 1) % points.length] as Point;
    if (a.y === b.y) {
      if (a.y === y) xs.push(Math.min(a.x, b.x), Math.max(a.x, b.x));
      continue;
    }
    if ((y >= a.y && y <= b.y) || (y >= b.y && y <= a.y)) xs.push(a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x));
  }
  return xs.sort((p, q) => p - q);
}

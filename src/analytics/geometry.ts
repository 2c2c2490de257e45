// Plane geometry on normalised picture coordinates (0..1, y down).
import type { Point } from './model.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export function intersectionArea(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return ix * iy;
}

export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  const union = a.w * a.h + b.w * b.h - inter;
  return union <= 0 ? 0 : inter / union;
}

/** Part of the smaller box covered by the other. */
export function overlapShare(a: Box, b: Box): number {
  const smaller = Math.min(a.w * a.h, b.w * b.h);
  return smaller <= 0 ? 0 : intersectionArea(a, b) / smaller;
}

/** Share (0..1) of `box` covered by `cells` (cells that do not overlap each other, such as a grid's). */
export function coveredByCells(box: Box, cells: readonly Box[]): number {
  const area = box.w * box.h;
  if (area <= 0) return 0;
  let covered = 0;
  for (const cell of cells) covered += intersectionArea(box, cell);
  return Math.min(1, covered / area);
}

export const centre = (box: Box): Point => [box.x + box.w / 2, box.y + box.h / 2];
/** Where a person or vehicle touches the ground: the middle of the box's bottom edge. */
export const footPoint = (box: Box): Point => [box.x + box.w / 2, box.y + box.h];

export function pointInPolygon(point: Point, polygon: ReadonlyArray<Point>): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] as Point;
    const [xj, yj] = polygon[j] as Point;
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function polygonArea(polygon: ReadonlyArray<Point>): number {
  let sum = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) sum += ((polygon[j] as Point)[0] + (polygon[i] as Point)[0]) * ((polygon[j] as Point)[1] - (polygon[i] as Point)[1]);
  return Math.abs(sum / 2);
}

/** Which side of the line a→b the point is on: >0, <0, or 0 on it. */
export function side(a: Point, b: Point, p: Point): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
}

/** True when the segment p→q crosses the segment a→b. */
export function segmentsCross(a: Point, b: Point, p: Point, q: Point): boolean {
  const d1 = side(a, b, p);
  const d2 = side(a, b, q);
  const d3 = side(p, q, a);
  const d4 = side(p, q, b);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Angle in degrees, 0 = towards the right, 90 = down, in [0, 360). */
export function headingDeg(dx: number, dy: number): number {
  const deg = (Math.atan2(dy, dx) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg;
}

/** Smallest difference between two headings, 0..180. */
export function angleDiff(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

export const WHOLE_PICTURE: ReadonlyArray<Point> = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

export function unionBox(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  let x1 = 1;
  let y1 = 1;
  let x2 = 0;
  let y2 = 0;
  for (const b of boxes) {
    x1 = Math.min(x1, b.x);
    y1 = Math.min(y1, b.y);
    x2 = Math.max(x2, b.x + b.w);
    y2 = Math.max(y2, b.y + b.h);
  }
  return { x: x1, y: y1, w: Math.max(0, x2 - x1), h: Math.max(0, y2 - y1) };
}

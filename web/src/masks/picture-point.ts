// Points drawn on a camera picture: where a click falls on the picture's SVG overlay, normalised 0..1 (the
// coordinates masks and analysis zones are stored in), and whether it closes the polygon being drawn.
export interface PicturePoint {
  readonly x: number;
  readonly y: number;
}

/** A click this close (screen pixels) to the first point closes the polygon. */
const CLOSE_RADIUS_PX = 12;

export function pointOnPicture(svg: SVGSVGElement | null, clientX: number, clientY: number): PicturePoint | null {
  const box = svg?.getBoundingClientRect();
  if (box === undefined || box.width === 0) return null;
  const round = (v: number): number => Math.round(v * 10000) / 10000;
  return { x: round((clientX - box.left) / box.width), y: round((clientY - box.top) / box.height) };
}

/** Whether `point` lands on the first of at least 3 points drawn: the click closes the polygon. */
export function closesPolygon(svg: SVGSVGElement | null, drawing: readonly PicturePoint[], point: PicturePoint): boolean {
  const first = drawing[0];
  const box = svg?.getBoundingClientRect();
  return first !== undefined && box !== undefined && drawing.length >= 3 && Math.hypot((point.x - first.x) * box.width, (point.y - first.y) * box.height) <= CLOSE_RADIUS_PX;
}

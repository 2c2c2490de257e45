// Web Mercator (the projection of web map tiles) written out, so that the map needs no library and no tile
// server: a point of the world is (x, y) in [0, 1]², a view is a centre in those units and a zoom level where
// the whole world is 256 × 2^zoom pixels wide, like XYZ tiles.

export interface WorldPoint {
  readonly x: number;
  readonly y: number;
}

export interface View {
  readonly cx: number;
  readonly cy: number;
  readonly zoom: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export const TILE_SIZE = 256;
export const MIN_ZOOM = 3;
export const MAX_ZOOM = 19;
/** Earth's circumference at the equator (WGS 84), metres: one world unit along x. */
const EQUATOR_M = 40_075_016.686;
const MAX_LAT = 85.05112878;

export function project(lon: number, lat: number): WorldPoint {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return { x: (lon + 180) / 360, y: (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2 };
}

export function unproject(point: WorldPoint): { lon: number; lat: number } {
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * point.y))) * 180) / Math.PI;
  return { lon: point.x * 360 - 180, lat };
}

/** Pixels per world unit at a zoom level. */
export function scaleOf(zoom: number): number {
  return TILE_SIZE * 2 ** zoom;
}

export function toScreen(view: View, size: Size, point: WorldPoint): [number, number] {
  const scale = scaleOf(view.zoom);
  return [(point.x - view.cx) * scale + size.width / 2, (point.y - view.cy) * scale + size.height / 2];
}

export function toWorld(view: View, size: Size, screenX: number, screenY: number): WorldPoint {
  const scale = scaleOf(view.zoom);
  return { x: view.cx + (screenX - size.width / 2) / scale, y: view.cy + (screenY - size.height / 2) / scale };
}

export function clampZoom(zoom: number): number {
  return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
}

/** The view that shows `bounds` whole with `padding` pixels around it. */
export function fitBounds(bounds: Bounds, size: Size, padding = 32): View {
  const spanX = Math.max(bounds.maxX - bounds.minX, 1e-7);
  const spanY = Math.max(bounds.maxY - bounds.minY, 1e-7);
  const usableW = Math.max(size.width - 2 * padding, 50);
  const usableH = Math.max(size.height - 2 * padding, 50);
  const zoom = clampZoom(Math.min(Math.log2(usableW / (spanX * TILE_SIZE)), Math.log2(usableH / (spanY * TILE_SIZE)), 17));
  return { cx: (bounds.minX + bounds.maxX) / 2, cy: (bounds.minY + bounds.maxY) / 2, zoom };
}

/** Zooms by `delta` levels keeping the world point under (screenX, screenY) where it is. */
export function zoomAround(view: View, size: Size, screenX: number, screenY: number, delta: number): View {
  const zoom = clampZoom(view.zoom + delta);
  const anchor = toWorld(view, size, screenX, screenY);
  const scale = scaleOf(zoom);
  return { zoom, cx: anchor.x - (screenX - size.width / 2) / scale, cy: anchor.y - (screenY - size.height / 2) / scale };
}

export function panBy(view: View, dx: number, dy: number): View {
  const scale = scaleOf(view.zoom);
  return { ...view, cx: view.cx - dx / scale, cy: view.cy - dy / scale };
}

export function boundsOf(points: Iterable<WorldPoint>): Bounds | null {
  let bounds: Bounds | null = null;
  for (const p of points) {
    bounds =
      bounds === null
        ? { minX: p.x, minY: p.y, maxX: p.x, maxY: p.y }
        : { minX: Math.min(bounds.minX, p.x), minY: Math.min(bounds.minY, p.y), maxX: Math.max(bounds.maxX, p.x), maxY: Math.max(bounds.maxY, p.y) };
  }
  return bounds;
}

/** Screen pixels for `metres` on the ground at latitude `lat`. */
export function metresToPixels(metres: number, lat: number, zoom: number): number {
  return (metres / (EQUATOR_M * Math.cos((lat * Math.PI) / 180))) * scaleOf(zoom);
}

/** Even–odd rule; the polygon is a closed list of screen points. */
export function insidePolygon(point: readonly [number, number], polygon: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] as readonly [number, number];
    const [xj, yj] = polygon[j] as readonly [number, number];
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface Tile {
  readonly key: string;
  readonly url: string;
  readonly left: number;
  readonly top: number;
  readonly size: number;
}

/** The XYZ tiles covering the view, with their place on screen, from a `{z}/{x}/{y}` URL template. */
export function tilesFor(template: string, view: View, size: Size): Tile[] {
  const z = Math.max(0, Math.min(MAX_ZOOM, Math.round(view.zoom)));
  const count = 2 ** z;
  const tileSize = TILE_SIZE * 2 ** (view.zoom - z);
  const topLeft = toWorld(view, size, 0, 0);
  const bottomRight = toWorld(view, size, size.width, size.height);
  const tiles: Tile[] = [];
  for (let ty = Math.max(0, Math.floor(topLeft.y * count)); ty <= Math.min(count - 1, Math.floor(bottomRight.y * count)); ty++) {
    for (let tx = Math.floor(topLeft.x * count); tx <= Math.floor(bottomRight.x * count); tx++) {
      const wrapped = ((tx % count) + count) % count;
      const [left, top] = toScreen(view, size, { x: tx / count, y: ty / count });
      const url = template.replaceAll('{z}', String(z)).replaceAll('{x}', String(wrapped)).replaceAll('{y}', String(ty));
      tiles.push({ key: `${z}/${tx}/${ty}`, url, left, top, size: tileSize });
    }
  }
  return tiles;
}

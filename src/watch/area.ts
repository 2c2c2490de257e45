// The area a mayor draws: one GeoJSON Polygon (RFC 7946 §3.1.6) in [lon, lat] degrees, and which camera
// positions fall inside it. Pure.

export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

export type Polygon = { readonly type: 'Polygon'; readonly coordinates: readonly (readonly (readonly [number, number])[])[] };

/** Bounds what a hand-drawn area needs. */
const MAX_POSITIONS = 10_000;

const isPosition = (value: unknown): value is [number, number] =>
  Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number' && Math.abs(value[0]) <= 180 && Math.abs(value[1]) <= 90;

/** The polygon, or why it is not one. */
export function readPolygon(value: unknown): { ok: true; polygon: Polygon } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'Polygon') return { ok: false, message: 'the area must be a GeoJSON Polygon' };
  const rings = (value as { coordinates?: unknown }).coordinates;
  if (!Array.isArray(rings) || rings.length === 0) return { ok: false, message: 'a Polygon needs at least one ring' };
  let positions = 0;
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) return { ok: false, message: 'each ring needs at least 4 [lon, lat] positions in degrees' };
    const first = ring[0] as [number, number];
    const last = ring[ring.length - 1] as [number, number];
    if (first[0] !== last[0] || first[1] !== last[1]) return { ok: false, message: 'each ring must end where it starts' };
    positions += ring.length;
    if (positions > MAX_POSITIONS) return { ok: false, message: `the area has more than ${MAX_POSITIONS} positions` };
  }
  const coordinates = (rings as [number, number][][]).map((ring) => ring.map(([lon, lat]) => [lon, lat] as const));
  return { ok: true, polygon: { type: 'Polygon', coordinates } };
}

/** Even-odd rule over every ring: inside the outer ring and outside its holes. */
export function polygonContains(polygon: Polygon, point: LonLat): boolean {
  let inside = false;
  for (const ring of polygon.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as readonly [number, number];
      const [xj, yj] = ring[j] as readonly [number, number];
      if (yi > point.lat !== yj > point.lat && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

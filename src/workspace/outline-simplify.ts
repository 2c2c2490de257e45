// Commune outlines made light enough for a map in the browser: Douglas–Peucker on each ring, coordinates
// rounded to 1e-5 degree (about a metre). A territory's communes then weigh tens of kilobytes, not megabytes.

type Ring = readonly (readonly number[])[];
export type Geometry = { readonly type: 'Polygon'; readonly coordinates: readonly Ring[] } | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly Ring[])[] };

/** About 10 m at the latitude of France: invisible at commune scale, drops the survey's redundant points. */
export const DEFAULT_TOLERANCE_DEG = 0.0001;

/** A Polygon or MultiPolygon with fewer points; anything else (unknown type, broken coordinates) is null. */
export function simplifyGeometry(geometry: unknown, toleranceDeg = DEFAULT_TOLERANCE_DEG): Geometry | null {
  if (typeof geometry !== 'object' || geometry === null) return null;
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon' && isPolygon(coordinates)) return { type, coordinates: simplifyPolygon(coordinates, toleranceDeg) };
  if (type === 'MultiPolygon' && Array.isArray(coordinates) && coordinates.every(isPolygon)) {
    return { type, coordinates: (coordinates as Ring[][]).map((polygon) => simplifyPolygon(polygon, toleranceDeg)) };
  }
  return null;
}

/** How many positions a geometry holds (for tests and logs). */
export function countPositions(geometry: Geometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce((n, rings) => n + rings.reduce((m, ring) => m + ring.length, 0), 0);
}

function isPolygon(value: unknown): value is Ring[] {
  return Array.isArray(value) && value.every((ring) => Array.isArray(ring) && ring.every((p) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])));
}

function simplifyPolygon(rings: readonly Ring[], tolerance: number): Ring[] {
  return rings.map((ring) => simplifyRing(ring, tolerance));
}

/** A closed ring keeps its first and last point and at least four positions (a valid GeoJSON ring). */
function simplifyRing(ring: Ring, tolerance: number): Ring {
  const rounded = ring.map((p) => [round(p[0] as number), round(p[1] as number)]);
  if (rounded.length <= 4) return rounded;
  const keep = new Uint8Array(rounded.length);
  keep[0] = 1;
  keep[rounded.length - 1] = 1;
  // The ring's first point is also its last: split at the point farthest from it so both halves have a chord.
  const far = farthestFrom(rounded, 0);
  keep[far] = 1;
  markDouglasPeucker(rounded, 0, far, tolerance * tolerance, keep);
  markDouglasPeucker(rounded, far, rounded.length - 1, tolerance * tolerance, keep);
  const kept = rounded.filter((_, i) => keep[i] === 1);
  return kept.length >= 4 ? kept : rounded;
}

function farthestFrom(points: Ring, index: number): number {
  const [x0, y0] = points[index] as [number, number];
  let best = index;
  let bestDistance = -1;
  points.forEach(([x, y], i) => {
    const d = ((x as number) - x0) ** 2 + ((y as number) - y0) ** 2;
    if (d > bestDistance) {
      bestDistance = d;
      best = i;
    }
  });
  return best;
}

/** Iterative (no recursion depth limit on long rings). */
function markDouglasPeucker(points: Ring, first: number, last: number, toleranceSquared: number, keep: Uint8Array): void {
  const stack: Array<[number, number]> = [[first, last]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    let worst = -1;
    let worstDistance = toleranceSquared;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistanceSquared(points[i] as readonly number[], points[a] as readonly number[], points[b] as readonly number[]);
      if (d > worstDistance) {
        worstDistance = d;
        worst = i;
      }
    }
    if (worst === -1) continue;
    keep[worst] = 1;
    stack.push([a, worst], [worst, b]);
  }
}

function segmentDistanceSquared(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const [px, py] = p as [number, number];
  const [ax, ay] = a as [number, number];
  const [bx, by] = b as [number, number];
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length));
  return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
}

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

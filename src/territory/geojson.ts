// GeoJSON (RFC 7946) as the territory reads it: FeatureCollections of communes or cameras, Polygon and
// MultiPolygon outlines (§3.1.6, §3.1.7) checked position by position, and their centroid. Pure.
import type { Position } from './model.js';

export interface GeoFeature {
  /** 1-based position of the feature in the collection, used as its "line" in reports. */
  readonly index: number;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly geometry: unknown;
}

export type GeoRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** Bounds outlines to what a commune or a sector needs; the largest Eure-et-Loir commune has ~700 points. */
const MAX_POSITIONS = 200_000;

export function readFeatureCollection(document: unknown): GeoRead<readonly GeoFeature[]> {
  if (!isObject(document) || document['type'] !== 'FeatureCollection') {
    return { ok: false, message: `expected a GeoJSON FeatureCollection (got ${isObject(document) ? `type ${JSON.stringify(document['type'])}` : typeof document})` };
  }
  const features = document['features'];
  if (!Array.isArray(features)) return { ok: false, message: 'a FeatureCollection needs a "features" array' };
  const read: GeoFeature[] = [];
  for (const [i, feature] of features.entries()) {
    if (!isObject(feature) || feature['type'] !== 'Feature') return { ok: false, message: `feature ${i + 1} is not a GeoJSON Feature` };
    const properties = feature['properties'] ?? {};
    if (!isObject(properties)) return { ok: false, message: `feature ${i + 1} has properties that are not an object` };
    read.push({ index: i + 1, properties, geometry: feature['geometry'] ?? null });
  }
  return { ok: true, value: read };
}

/** A Point's [lon, lat] as a position. */
export function readPoint(geometry: unknown): GeoRead<Position> {
  if (!isObject(geometry) || geometry['type'] !== 'Point') return { ok: false, message: 'geometry must be a Point' };
  const position = geometry['coordinates'];
  return isPosition(position) ? { ok: true, value: { lon: position[0], lat: position[1] } } : { ok: false, message: 'Point coordinates must be [lon, lat] in degrees' };
}

/** A Polygon or MultiPolygon with closed rings of valid positions. */
export function readArea(geometry: unknown): GeoRead<{ readonly type: 'Polygon' | 'MultiPolygon'; readonly coordinates: unknown }> {
  if (!isObject(geometry) || (geometry['type'] !== 'Polygon' && geometry['type'] !== 'MultiPolygon')) {
    return { ok: false, message: 'geometry must be a GeoJSON Polygon or MultiPolygon' };
  }
  const polygons = geometry['type'] === 'Polygon' ? [geometry['coordinates']] : geometry['coordinates'];
  if (!Array.isArray(polygons) || polygons.length === 0) return { ok: false, message: 'geometry has no coordinates' };
  let positions = 0;
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) return { ok: false, message: 'a polygon needs at least one ring' };
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) return { ok: false, message: 'each ring needs at least 4 [lon, lat] positions in degrees' };
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) return { ok: false, message: 'each ring must end where it starts' };
      positions += ring.length;
      if (positions > MAX_POSITIONS) return { ok: false, message: `geometry has more than ${MAX_POSITIONS} positions` };
    }
  }
  return { ok: true, value: { type: geometry['type'], coordinates: geometry['coordinates'] } };
}

/** Area-weighted centroid of the exterior rings (planar; fine at a commune's scale). */
export function centroidOf(area: { readonly type: 'Polygon' | 'MultiPolygon'; readonly coordinates: unknown }): Position {
  const polygons = (area.type === 'Polygon' ? [area.coordinates] : area.coordinates) as number[][][][];
  let twiceArea = 0;
  let x = 0;
  let y = 0;
  for (const polygon of polygons) {
    const ring = polygon[0] ?? [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      const cross = x0 * y1 - x1 * y0;
      twiceArea += cross;
      x += (x0 + x1) * cross;
      y += (y0 + y1) * cross;
    }
  }
  if (twiceArea === 0) {
    const first = polygons[0]?.[0]?.[0] ?? [0, 0];
    return { lon: first[0] ?? 0, lat: first[1] ?? 0 };
  }
  return { lon: round(x / (3 * twiceArea)), lat: round(y / (3 * twiceArea)) };
}

function isPosition(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number' && Math.abs(value[0]) <= 180 && Math.abs(value[1]) <= 90;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function round(degrees: number): number {
  return Math.round(degrees * 1e5) / 1e5;
}

// The camera topology: for each camera and each direction an object may leave its field (eight compass points),
// the camera it reaches next and the typical travel times on foot and by vehicle. Suggested from the cameras'
// positions and fields of view (distance, bearing, walking and driving speeds), stored, then edited by a room lead
// or an administrator on the map. The suggestion is pure; the store keeps what people edited when it suggests again.
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { CameraLinkTable } from './tables.js';

export const DIRECTIONS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
export type Direction = (typeof DIRECTIONS)[number];
/** How the console names each direction. */
export const DIRECTION_NAMES: Readonly<Record<Direction, string>> = {
  N: 'nord',
  NE: 'nord-est',
  E: 'est',
  SE: 'sud-est',
  S: 'sud',
  SW: 'sud-ouest',
  W: 'ouest',
  NW: 'nord-ouest',
};

/** What the suggestion needs of a camera. */
export interface TopologyCamera {
  readonly id: string;
  readonly position: { readonly lat: number; readonly lon: number };
  readonly fieldOfView: { readonly directionDeg: number; readonly angleDeg: number; readonly rangeM?: number } | null;
}

export interface TravelTimes {
  /** On foot, seconds. */
  readonly walkMinS: number;
  readonly walkMaxS: number;
  /** By vehicle, seconds. */
  readonly driveMinS: number;
  readonly driveMaxS: number;
}

export interface CameraLink extends TravelTimes {
  readonly fromCameraId: string;
  readonly direction: Direction;
  readonly toCameraId: string;
  readonly distanceM: number;
  readonly source: 'suggested' | 'edited';
  readonly updatedBy: string;
  readonly updatedAt: number;
}

/** Beyond this distance no neighbour is suggested (a neighbour so far is rather another route: edit it by hand). */
export const MAX_NEIGHBOUR_M = 5_000;
/** Travel time bounds a person may enter (two hours). */
export const MAX_TRAVEL_S = 7_200;
/** Links of one camera, at most. */
export const MAX_LINKS_PER_CAMERA = 64;
/** Speeds, m/s: a brisk walker or a runner, a dawdler; a car in town at most, a car in traffic. */
const WALK_FAST = 2.5;
const WALK_SLOW = 0.8;
const DRIVE_FAST = 19.4; // 70 km/h
const DRIVE_SLOW = 4.2; // 15 km/h
/** Streets are not straight lines: the longest path is this much longer than the crow flies. */
const DETOUR = 1.4;
/** Margin added to the longest travel time, seconds (waiting at a light, crossing). */
const SLACK_S = 20;

const EARTH_M = 6_371_000;
const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial compass bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** The compass point (of eight) nearest a bearing. */
export function directionOf(bearing: number): Direction {
  return DIRECTIONS[Math.round((((bearing % 360) + 360) % 360) / 45) % 8] as Direction;
}

/** Smallest angle between two bearings, degrees (0…180). */
export function angleBetween(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}

/**
 * How far into the gap towards `bearing` the camera's picture reaches: its range when the bearing lies inside its
 * opening (the object is still seen there), nothing otherwise.
 */
function reachTowards(camera: TopologyCamera, bearing: number): number {
  const view = camera.fieldOfView;
  if (view === null || view.rangeM === undefined) return 0;
  return angleBetween(view.directionDeg, bearing) <= view.angleDeg / 2 ? view.rangeM : 0;
}

/**
 * Travel times over `distance` metres where the two fields of view already cover `covered` metres of it: the
 * shortest at the fast speed over the uncovered gap, the longest at the slow speed over the whole detoured path.
 */
export function travelTimes(distance: number, covered: number): TravelTimes {
  const gap = Math.max(0, distance - covered);
  const longest = distance * DETOUR;
  const clamp = (s: number): number => Math.min(MAX_TRAVEL_S, Math.max(0, Math.round(s)));
  return {
    walkMinS: clamp(gap / WALK_FAST),
    walkMaxS: clamp(longest / WALK_SLOW + SLACK_S),
    driveMinS: clamp(gap / DRIVE_FAST),
    driveMaxS: clamp(longest / DRIVE_SLOW + SLACK_S),
  };
}

export type SuggestedLink = Omit<CameraLink, 'source' | 'updatedBy' | 'updatedAt'>;

/**
 * For each camera and each of the eight directions, the nearest other camera whose bearing falls in that
 * direction's sector, within MAX_NEIGHBOUR_M; travel times from the distance less what both fields of view
 * cover of it. Deterministic (ties broken by camera id).
 */
export function suggestTopology(cameras: readonly TopologyCamera[]): SuggestedLink[] {
  const links: SuggestedLink[] = [];
  const sorted = [...cameras].sort((a, b) => a.id.localeCompare(b.id));
  for (const from of sorted) {
    const best = new Map<Direction, { to: TopologyCamera; distance: number; bearing: number }>();
    for (const to of sorted) {
      if (to.id === from.id) continue;
      const distance = distanceM(from.position, to.position);
      if (distance > MAX_NEIGHBOUR_M) continue;
      const bearing = bearingDeg(from.position, to.position);
      const direction = directionOf(bearing);
      const known = best.get(direction);
      if (known === undefined || distance < known.distance) best.set(direction, { to, distance, bearing });
    }
    for (const direction of DIRECTIONS) {
      const found = best.get(direction);
      if (found === undefined) continue;
      const covered = reachTowards(from, found.bearing) + reachTowards(found.to, (found.bearing + 180) % 360);
      links.push({ fromCameraId: from.id, direction, toCameraId: found.to.id, distanceM: Math.round(found.distance), ...travelTimes(found.distance, covered) });
    }
  }
  return links;
}

/**
 * The compass direction of a motion seen in a camera's picture: the picture's "up" is the camera's optical axis,
 * right is 90° clockwise of it. `imageDeg` is the direction in the picture (0 = towards the right, 90 = down).
 */
export function compassOfImageDirection(axisDeg: number, imageDeg: number): number {
  return (((axisDeg + imageDeg + 90) % 360) + 360) % 360;
}

/** A link as a person enters it (the console, the API). */
export interface LinkInput {
  readonly direction: string;
  readonly toCameraId: string;
  readonly walkMinS: number;
  readonly walkMaxS: number;
  readonly driveMinS: number;
  readonly driveMaxS: number;
}

function linkInvalid(message: string, context?: Record<string, unknown>): VigieError {
  return new VigieError('VIGIE_TOPOLOGY_LINK_INVALID', message, { status: 400, ...(context === undefined ? {} : { context }) });
}

/** Checks the links a person enters for one camera; French message per problem. Pure. */
export function readLinks(fromCameraId: string, links: readonly LinkInput[]): (LinkInput & { direction: Direction })[] {
  if (links.length > MAX_LINKS_PER_CAMERA) throw linkInvalid(`Une caméra a au plus ${MAX_LINKS_PER_CAMERA} voisines.`);
  const seen = new Set<string>();
  return links.map((link, index) => {
    const line = index + 1;
    if (!(DIRECTIONS as readonly string[]).includes(link.direction)) {
      throw linkInvalid(`Voisine ${line} : la direction de sortie est l'un des huit points cardinaux (N, NE, E, SE, S, SW, W, NW).`, { index });
    }
    if (link.toCameraId === fromCameraId) throw linkInvalid(`Voisine ${line} : une caméra ne peut pas être sa propre voisine.`, { index });
    const key = `${link.direction}:${link.toCameraId}`;
    if (seen.has(key)) throw linkInvalid(`Voisine ${line} : cette caméra est déjà voisine dans cette direction.`, { index });
    seen.add(key);
    const pairs: Array<[number, number, string]> = [
      [link.walkMinS, link.walkMaxS, 'à pied'],
      [link.driveMinS, link.driveMaxS, 'en véhicule'],
    ];
    for (const [min, max, how] of pairs) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min || max > MAX_TRAVEL_S) {
        throw linkInvalid(`Voisine ${line} : le temps de trajet ${how} va d'un minimum à un maximum en secondes entières (0 ≤ min ≤ max ≤ ${MAX_TRAVEL_S} s).`, { index });
      }
    }
    return { ...link, direction: link.direction as Direction };
  });
}

function toLink(row: Selectable<CameraLinkTable>): CameraLink {
  return {
    fromCameraId: row.from_camera_id,
    direction: row.direction as Direction,
    toCameraId: row.to_camera_id,
    distanceM: Number(row.distance_m),
    walkMinS: Number(row.walk_min_s),
    walkMaxS: Number(row.walk_max_s),
    driveMinS: Number(row.drive_min_s),
    driveMaxS: Number(row.drive_max_s),
    source: row.source,
    updatedBy: row.updated_by,
    updatedAt: Number(row.updated_at),
  };
}

export interface TopologyDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** Every camera with its position and field of view. */
  readonly cameras: () => Promise<readonly TopologyCamera[]>;
}

/** The stored topology. */
export class Topology {
  readonly #d: TopologyDeps;

  constructor(deps: TopologyDeps) {
    this.#d = deps;
  }

  /** Every stored link (of the cameras named, when named), by camera then direction (compass order). */
  async list(cameraIds?: readonly string[]): Promise<CameraLink[]> {
    if (cameraIds?.length === 0) return [];
    let query = this.#d.db.selectFrom('camera_links').selectAll();
    if (cameraIds !== undefined) query = query.where('from_camera_id', 'in', [...cameraIds]);
    const order = (d: Direction): number => DIRECTIONS.indexOf(d);
    return (await query.execute()).map(toLink).sort((a, b) => a.fromCameraId.localeCompare(b.fromCameraId) || order(a.direction) - order(b.direction) || a.toCameraId.localeCompare(b.toCameraId));
  }

  /**
   * The links leaving one camera: the stored ones, or — while no topology was ever stored — the suggestion
   * computed now (not stored). A camera whose neighbours were all removed by hand has none.
   */
  async linksFrom(cameraId: string): Promise<CameraLink[]> {
    const stored = await this.list([cameraId]);
    if (stored.length > 0 || (await this.#d.db.selectFrom('camera_links').select('id').limit(1).executeTakeFirst()) !== undefined) return stored;
    const now = this.#d.clock.now();
    return suggestTopology(await this.#d.cameras())
      .filter((link) => link.fromCameraId === cameraId)
      .map((link) => ({ ...link, source: 'suggested' as const, updatedBy: 'suggestion', updatedAt: now }));
  }

  /**
   * Suggests the topology again from the cameras' positions and fields of view and stores it: the links of a
   * camera someone edited are kept as they are; the other cameras' suggested links are replaced.
   */
  async suggest(by: string): Promise<{ readonly suggested: number; readonly keptEdited: number }> {
    const now = this.#d.clock.now();
    const links = suggestTopology(await this.#d.cameras());
    return this.#d.db.transaction().execute(async (trx) => {
      const edited = new Set((await trx.selectFrom('camera_links').select('from_camera_id').where('source', '=', 'edited').execute()).map((row) => row.from_camera_id));
      await trx.deleteFrom('camera_links').where('source', '=', 'suggested').execute();
      const rows = links
        .filter((link) => !edited.has(link.fromCameraId))
        .map((link) => ({
          id: newId(),
          from_camera_id: link.fromCameraId,
          direction: link.direction,
          to_camera_id: link.toCameraId,
          distance_m: link.distanceM,
          walk_min_s: link.walkMinS,
          walk_max_s: link.walkMaxS,
          drive_min_s: link.driveMinS,
          drive_max_s: link.driveMaxS,
          source: 'suggested' as const,
          updated_by: by,
          updated_at: now,
        }));
      for (let start = 0; start < rows.length; start += 200)
        await trx
          .insertInto('camera_links')
          .values(rows.slice(start, start + 200))
          .execute();
      return { suggested: rows.length, keptEdited: edited.size };
    });
  }

  /** Replaces the links leaving one camera with those a person entered (checked first: nothing half-written). */
  async replace(fromCameraId: string, input: readonly LinkInput[], by: string): Promise<{ readonly before: CameraLink[]; readonly after: CameraLink[] }> {
    const links = readLinks(fromCameraId, input);
    const cameras = new Map((await this.#d.cameras()).map((camera) => [camera.id, camera]));
    const from = cameras.get(fromCameraId);
    if (from === undefined) throw new VigieError('VIGIE_TOPOLOGY_CAMERA_UNKNOWN', `La caméra « ${fromCameraId} » n'existe pas.`, { status: 404, context: { cameraId: fromCameraId } });
    for (const link of links) {
      if (!cameras.has(link.toCameraId)) {
        throw new VigieError('VIGIE_TOPOLOGY_CAMERA_UNKNOWN', `La caméra voisine « ${link.toCameraId} » n'existe pas.`, { status: 400, context: { cameraId: link.toCameraId } });
      }
    }
    const before = await this.list([fromCameraId]);
    const now = this.#d.clock.now();
    await this.#d.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('camera_links').where('from_camera_id', '=', fromCameraId).execute();
      if (links.length === 0) return;
      await trx
        .insertInto('camera_links')
        .values(
          links.map((link) => ({
            id: newId(),
            from_camera_id: fromCameraId,
            direction: link.direction,
            to_camera_id: link.toCameraId,
            distance_m: Math.round(distanceM(from.position, (cameras.get(link.toCameraId) as TopologyCamera).position)),
            walk_min_s: link.walkMinS,
            walk_max_s: link.walkMaxS,
            drive_min_s: link.driveMinS,
            drive_max_s: link.driveMaxS,
            source: 'edited' as const,
            updated_by: by,
            updated_at: now,
          })),
        )
        .execute();
    });
    return { before, after: await this.list([fromCameraId]) };
  }
}

// Forensic search over the detections the analytics pipeline stored (src/analytics): object class, dominant
// colours, direction of motion, a zone drawn on a camera's picture, a line crossed, a time range, cameras (named,
// or inside an area drawn on the map). One result per tracked object per camera, newest first, paginated.
// Class, time, camera, colour and direction are filtered by SQL on the detections' indexes; the zone and the line
// are plane geometry done here on the rows SQL returns. No face, no biometric attribute, no plate: the table holds
// none and nothing here derives any.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Actor, ScopeGrant } from '../access/index.js';
import { COLOUR_NAMES, KEPT_CLASSES, footPoint, pointInPolygon, polygonArea, segmentsCross, type Box } from '../analytics/index.js';
import type { Clock } from '../core/clock.js';
import { VigieError, type ErrorCode } from '../core/errors.js';
import type { Database } from '../db/database.js';
import type { Hold } from '../retention/index.js';
import { DAY_MS } from '../retention/index.js';
import { ALL_CAMERAS, scopeIncludes, type CameraScope } from '../territory/index.js';
import { polygonContains, readPolygon } from '../watch/index.js';

type Point = readonly [number, number];

/** French names of the classes the pipeline keeps (src/analytics/coco.ts KEPT_CLASSES), for messages and results. */
export const CLASS_LABELS: Readonly<Record<string, string>> = {
  person: 'personne',
  dog: 'chien',
  bicycle: 'vélo',
  car: 'voiture',
  motorcycle: 'moto',
  bus: 'bus',
  truck: 'camion',
  backpack: 'sac à dos',
  handbag: 'sac à main',
  suitcase: 'valise',
  umbrella: 'parapluie',
  knife: 'couteau',
  'baseball bat': 'batte',
  scissors: 'ciseaux',
};

export const SEARCH_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 100;
const MAX_ZONE_POINTS = 64;
const MAX_CAMERAS = 1000;
/** Geometry (zone, line) is done on at most this many rows: a broader query is refused with a French message. */
export const MAX_GEOMETRY_ROWS = 200_000;
/** Two detections of one track id on one camera further apart than this are two objects (the tracker restarted). */
const TRACK_GAP_MS = 10 * 60_000;

/** What the investigator asks, as the API receives it (times in ms since the epoch). */
export interface SearchRequest {
  readonly fromMs: number;
  readonly toMs: number;
  readonly classes?: readonly string[];
  /** French colour names the object must all carry. */
  readonly colours?: readonly string[];
  /** Direction of motion in the picture, clockwise from `fromDeg` to `toDeg` (0 = towards the right, 90 = down). */
  readonly direction?: { readonly fromDeg: number; readonly toDeg: number };
  /** A zone on the camera's picture, normalised [x, y] points (one camera only). */
  readonly zone?: readonly (readonly number[])[];
  /** A line on the camera's picture, two normalised [x, y] points (one camera only). */
  readonly line?: readonly (readonly number[])[];
  readonly cameraIds?: readonly string[];
  /** A GeoJSON Polygon on the map: the cameras inside it. */
  readonly area?: unknown;
  /** 1-based. */
  readonly page?: number;
  readonly pageSize?: number;
}

/** The criteria once checked. */
export interface SearchCriteria {
  readonly fromMs: number;
  readonly toMs: number;
  readonly classes: readonly string[] | undefined;
  readonly colours: readonly string[];
  readonly direction: { readonly fromDeg: number; readonly toDeg: number } | undefined;
  readonly zone: readonly Point[] | undefined;
  readonly line: readonly [Point, Point] | undefined;
  readonly page: number;
  readonly pageSize: number;
}

/** Where to look: cameras over a time window (an investigator's grants may give each camera its own window). */
export interface SearchWindow {
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
}

/** One tracked object on one camera. */
export interface SearchHit {
  readonly cameraId: string;
  readonly trackId: number;
  readonly className: string;
  /** First and last instant the object matched the criteria. */
  readonly firstMs: number;
  readonly lastMs: number;
  /** The instant of the representative box (the most confident match; for a line, the first position past it). */
  readonly atMs: number;
  readonly box: Box;
  readonly confidence: number;
  readonly colours: readonly string[];
  readonly directionDeg: number | null;
  /** Detections of the object that matched. */
  readonly detections: number;
}

export interface SearchPage {
  readonly hits: SearchHit[];
  readonly hasMore: boolean;
}

function invalid(code: ErrorCode, message: string, context?: Record<string, unknown>): VigieError {
  return new VigieError(code, message, { status: 400, ...(context === undefined ? {} : { context }) });
}

const isPoint = (value: unknown): value is [number, number] => Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1);

/** Checks what the investigator asks: every problem is a French sentence with its code, nothing is searched. */
export function readCriteria(request: SearchRequest, nowMs: number): SearchCriteria {
  const { fromMs } = request;
  if (!Number.isFinite(fromMs) || !Number.isFinite(request.toMs)) throw invalid('VIGIE_SEARCH_RANGE_INVALID', 'Indiquez le début et la fin de la période recherchée.');
  if (fromMs >= request.toMs) throw invalid('VIGIE_SEARCH_RANGE_INVALID', 'La fin de la période recherchée doit suivre son début.');
  if (fromMs >= nowMs) throw invalid('VIGIE_SEARCH_RANGE_INVALID', 'La période recherchée commence dans le futur : seules les images déjà enregistrées sont cherchées.');
  const toMs = Math.min(request.toMs, nowMs);
  let classes: string[] | undefined;
  if (request.classes !== undefined && request.classes.length > 0) {
    const unknown = request.classes.filter((c) => !KEPT_CLASSES.has(c));
    if (unknown.length > 0) {
      throw invalid('VIGIE_SEARCH_CLASS_UNKNOWN', `Type d'objet inconnu : « ${unknown.join(', ')} ». Types cherchables : ${[...KEPT_CLASSES].map((c) => CLASS_LABELS[c] ?? c).join(', ')}.`, {
        classes: unknown,
      });
    }
    classes = [...new Set(request.classes)];
  }
  const colours = [...new Set(request.colours ?? [])];
  const badColours = colours.filter((c) => !(COLOUR_NAMES as readonly string[]).includes(c));
  if (badColours.length > 0) throw invalid('VIGIE_SEARCH_COLOUR_UNKNOWN', `Couleur inconnue : « ${badColours.join(', ')} ». Couleurs reconnues : ${COLOUR_NAMES.join(', ')}.`, { colours: badColours });
  let direction: SearchCriteria['direction'];
  if (request.direction !== undefined) {
    const { fromDeg, toDeg } = request.direction;
    const inCircle = (v: number): boolean => Number.isFinite(v) && v >= 0 && v <= 360;
    if (!inCircle(fromDeg) || !inCircle(toDeg) || fromDeg % 360 === toDeg % 360) {
      throw invalid('VIGIE_SEARCH_DIRECTION_INVALID', 'Le sens de déplacement est un secteur de 0 à 360 degrés dont les deux bornes diffèrent.');
    }
    direction = { fromDeg: fromDeg % 360, toDeg: toDeg % 360 };
  }
  let zone: Point[] | undefined;
  if (request.zone !== undefined) {
    const points = request.zone;
    if (points.length < 3 || points.length > MAX_ZONE_POINTS || !points.every(isPoint)) {
      throw invalid('VIGIE_SEARCH_ZONE_INVALID', `La zone tracée doit avoir de 3 à ${MAX_ZONE_POINTS} points, chacun à l'intérieur de l'image.`);
    }
    zone = points.map(([x, y]) => [x, y] as const) as Point[];
    if (polygonArea(zone) < 1e-4) throw invalid('VIGIE_SEARCH_ZONE_INVALID', "La zone tracée n'a pas de surface : tracez au moins trois points qui ne sont pas alignés.");
  }
  let line: SearchCriteria['line'];
  if (request.line !== undefined) {
    const points = request.line;
    if (points.length !== 2 || !points.every(isPoint)) throw invalid('VIGIE_SEARCH_LINE_INVALID', "La ligne à franchir se trace avec deux points, chacun à l'intérieur de l'image.");
    const [a, b] = points as [[number, number], [number, number]];
    if (Math.hypot(a[0] - b[0], a[1] - b[1]) < 0.01) throw invalid('VIGIE_SEARCH_LINE_INVALID', 'Les deux extrémités de la ligne à franchir sont confondues : tracez une ligne plus longue.');
    line = [a, b];
  }
  const page = request.page ?? 1;
  const pageSize = request.pageSize ?? SEARCH_PAGE_SIZE;
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalid('VIGIE_SEARCH_PAGE_INVALID', `La page est un entier à partir de 1, et une page compte de 1 à ${MAX_PAGE_SIZE} résultats.`);
  }
  return { fromMs, toMs, classes, colours, direction, zone, line, page, pageSize };
}

type Eb = ExpressionBuilder<Database, 'detections'>;

/** The per-detection filters SQL can do: windows (camera and time), class, colours, direction. */
function whereDetections(eb: Eb, windows: readonly SearchWindow[], criteria: SearchCriteria, attributes: boolean): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [eb.or(windows.map((w) => eb.and([eb('camera_id', 'in', [...w.cameraIds]), eb('at_ms', '>=', w.fromMs), eb('at_ms', '<', w.toMs)])))];
  if (criteria.classes !== undefined) parts.push(eb('class', 'in', [...criteria.classes]));
  if (attributes) parts.push(...attributeFilters(eb, criteria));
  return eb.and(parts);
}

function attributeFilters(eb: Eb, criteria: SearchCriteria): Expression<SqlBool>[] {
  const parts: Expression<SqlBool>[] = [];
  // Colours are stored comma-separated ('bleu,noir'): a name matches between commas.
  for (const colour of criteria.colours) parts.push(sql<SqlBool>`(',' || ${sql.ref('colours')} || ',') like ${`%,${colour},%`}`);
  const direction = criteria.direction;
  if (direction !== undefined) {
    parts.push(
      direction.fromDeg < direction.toDeg
        ? eb.and([eb('direction_deg', '>=', direction.fromDeg), eb('direction_deg', '<=', direction.toDeg)])
        : eb.or([eb('direction_deg', '>=', direction.fromDeg), eb('direction_deg', '<=', direction.toDeg)]),
    );
  }
  return parts;
}

const COLUMNS = ['camera_id', 'track_id', 'class', 'at_ms', 'confidence', 'x', 'y', 'w', 'h', 'colours', 'direction_deg'] as const;
type Row = Pick<Selectable<Database['detections']>, (typeof COLUMNS)[number]>;

function matchesAttributes(row: Row, criteria: SearchCriteria): boolean {
  if (criteria.colours.length > 0) {
    const colours = row.colours.split(',');
    if (!criteria.colours.every((c) => colours.includes(c))) return false;
  }
  const d = criteria.direction;
  if (d !== undefined) {
    if (row.direction_deg === null) return false;
    const deg = Number(row.direction_deg);
    if (d.fromDeg < d.toDeg ? deg < d.fromDeg || deg > d.toDeg : deg < d.fromDeg && deg > d.toDeg) return false;
  }
  return true;
}

function hitOf(rows: readonly Row[], representative: Row): SearchHit {
  const first = rows[0] as Row;
  const last = rows[rows.length - 1] as Row;
  return {
    cameraId: representative.camera_id,
    trackId: Number(representative.track_id),
    className: representative.class,
    firstMs: Number(first.at_ms),
    lastMs: Number(last.at_ms),
    atMs: Number(representative.at_ms),
    box: { x: Number(representative.x), y: Number(representative.y), w: Number(representative.w), h: Number(representative.h) },
    confidence: Number(representative.confidence),
    colours: representative.colours === '' ? [] : representative.colours.split(','),
    directionDeg: representative.direction_deg === null ? null : Number(representative.direction_deg),
    detections: rows.length,
  };
}

const mostConfident = (rows: readonly Row[]): Row => rows.reduce((best, row) => (Number(row.confidence) > Number(best.confidence) ? row : best));

/** Splits rows ordered by camera, track and time into objects: one per (camera, track id) run without a long gap. */
function* tracksOf(rows: readonly Row[]): Generator<Row[]> {
  let current: Row[] = [];
  for (const row of rows) {
    const previous = current[current.length - 1];
    if (previous !== undefined && (previous.camera_id !== row.camera_id || previous.track_id !== row.track_id || Number(row.at_ms) - Number(previous.at_ms) > TRACK_GAP_MS)) {
      yield current;
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) yield current;
}

/** The objects of the track whose rows match the criteria (zone, line, and the attributes when SQL did not apply them). */
function geometryHit(track: readonly Row[], criteria: SearchCriteria, attributesInSql: boolean): SearchHit | undefined {
  const zone = criteria.zone;
  const matching = track.filter((row) => (attributesInSql || matchesAttributes(row, criteria)) && (zone === undefined || pointInPolygon(footPoint(row), zone)));
  if (matching.length === 0) return undefined;
  const line = criteria.line;
  if (line === undefined) return hitOf(matching, mostConfident(matching));
  // The line: two successive positions of the object (its foot point) on either side of it, the later one matching.
  for (let i = 1; i < track.length; i++) {
    const before = track[i - 1] as Row;
    const after = track[i] as Row;
    if (segmentsCross(line[0], line[1], footPoint(before), footPoint(after)) && matching.includes(after)) return hitOf(matching, after);
  }
  return undefined;
}

/** Rows read at a time while looking for the newest objects. */
const SCAN_CHUNK = 2000;

interface ObjectKey {
  readonly cameraId: string;
  readonly trackId: number;
  readonly className: string;
  readonly lastMs: number;
}

/**
 * The `wanted` objects last seen most recently, in that order: the matching detections read newest first, a chunk
 * at a time, until enough distinct (camera, track, class) are met — the first time an object is met is its last
 * sighting. A search over the whole territory reads a few thousand index entries for its first page, not the range.
 */
async function newestObjects(db: Kysely<Database>, windows: readonly SearchWindow[], criteria: SearchCriteria, wanted: number): Promise<{ keys: ObjectKey[]; more: boolean }> {
  const seen = new Map<string, ObjectKey>();
  for (let offset = 0; ; offset += SCAN_CHUNK) {
    const rows = await db
      .selectFrom('detections')
      .select(['camera_id', 'track_id', 'class', 'at_ms'])
      .where((eb) => whereDetections(eb, windows, criteria, true))
      .orderBy('at_ms', 'desc')
      .orderBy('camera_id', 'desc')
      .orderBy('track_id', 'desc')
      .limit(SCAN_CHUNK)
      .offset(offset)
      .execute();
    for (const row of rows) {
      const key = `${row.camera_id}\u0000${row.track_id}\u0000${row.class}`;
      if (seen.has(key)) continue;
      seen.set(key, { cameraId: row.camera_id, trackId: Number(row.track_id), className: row.class, lastMs: Number(row.at_ms) });
      if (seen.size > wanted) return { keys: [...seen.values()].slice(0, wanted), more: true };
    }
    if (rows.length < SCAN_CHUNK) return { keys: [...seen.values()], more: false };
  }
}

/**
 * Runs a checked search over the windows. Without zone nor line, SQL hands the matching detections newest first
 * until the page's objects are met (newestObjects), then each object's rows; with one, SQL hands the rows of the windows (class, time, camera; and colour
 * and direction unless a line needs every position) and the geometry is done here.
 */
export async function searchDetections(db: Kysely<Database>, windows: readonly SearchWindow[], criteria: SearchCriteria): Promise<SearchPage> {
  const live = windows.filter((w) => w.cameraIds.length > 0 && w.fromMs < w.toMs);
  if (live.length === 0) return { hits: [], hasMore: false };
  const offset = (criteria.page - 1) * criteria.pageSize;
  if (criteria.zone === undefined && criteria.line === undefined) {
    const { keys, more } = await newestObjects(db, live, criteria, offset + criteria.pageSize);
    const hits = await Promise.all(
      keys.slice(offset).map(async (key) => {
        // The object's matching rows in the windows of its camera, up to its last sighting; a track id the tracker
        // gave again after a restart is another, older object: only the newest run is this result.
        const windows = live.filter((w) => w.cameraIds.includes(key.cameraId));
        const rows = (await db
          .selectFrom('detections')
          .select([...COLUMNS])
          .where((eb) =>
            eb.and([
              eb('camera_id', '=', key.cameraId),
              eb.or(windows.map((w) => eb.and([eb('at_ms', '>=', w.fromMs), eb('at_ms', '<', w.toMs)]))),
              eb('at_ms', '<=', key.lastMs),
              eb('track_id', '=', key.trackId),
              eb('class', '=', key.className),
              ...attributeFilters(eb, criteria),
            ]),
          )
          .orderBy('at_ms')
          .execute()) as Row[];
        let newest: Row[] = rows;
        for (const run of tracksOf(rows)) newest = run;
        return hitOf(newest, mostConfident(newest));
      }),
    );
    return { hits, hasMore: more };
  }
  // A line needs every position of the object (a colour seen only past the line must not hide the crossing).
  const attributesInSql = criteria.line === undefined;
  const rows = (await db
    .selectFrom('detections')
    .select([...COLUMNS])
    .where((eb) => whereDetections(eb, live, criteria, attributesInSql))
    .orderBy('camera_id')
    .orderBy('track_id')
    .orderBy('at_ms')
    .limit(MAX_GEOMETRY_ROWS + 1)
    .execute()) as Row[];
  if (rows.length > MAX_GEOMETRY_ROWS) {
    throw new VigieError('VIGIE_SEARCH_TOO_BROAD', 'La recherche par zone ou par ligne porte sur trop de détections : réduisez la période ou précisez le type d’objet.', { status: 400 });
  }
  const hits: SearchHit[] = [];
  for (const track of tracksOf(rows)) {
    const hit = geometryHit(track, criteria, attributesInSql);
    if (hit !== undefined) hits.push(hit);
  }
  hits.sort((a, b) => b.lastMs - a.lastMs || a.cameraId.localeCompare(b.cameraId) || a.trackId - b.trackId);
  return { hits: hits.slice(offset, offset + criteria.pageSize), hasMore: hits.length > offset + criteria.pageSize };
}

/** A camera as the search needs it (territory's Camera fits). */
export interface SearchCamera {
  readonly id: string;
  readonly name: string;
  readonly communeInsee: string;
  readonly retentionDays: number;
  readonly position: { readonly lat: number; readonly lon: number };
}

export interface ForensicSearchDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly cameras: { list(scope: CameraScope): Promise<readonly SearchCamera[]> };
  readonly holds: { overlapping(cameraIds: readonly string[], fromMs: number, toMs: number): Promise<readonly Pick<Hold, 'cameraIds' | 'fromMs' | 'toMs'>[]> };
  /** The validated requisitions in force of a person (grant-scoped roles). */
  readonly grants: (userId: string) => Promise<readonly ScopeGrant[]>;
  /** The access policy's word on playing back this camera's footage over this range (the same check as playback). */
  readonly mayPlayBack: (actor: Actor, cameraId: string, range: { fromMs: number; toMs: number }) => Promise<boolean>;
  /** Whether the role reaches footage only through grants (investigators). */
  readonly grantScoped: (actor: Actor) => boolean;
}

export interface SearchResult extends SearchHit {
  readonly cameraName: string;
  readonly classLabel: string;
  readonly position: { readonly lat: number; readonly lon: number };
}

export interface SearchAnswer {
  readonly fromMs: number;
  readonly toMs: number;
  readonly page: number;
  readonly pageSize: number;
  readonly hasMore: boolean;
  /** The cameras searched (those of the request within the caller's scope). */
  readonly cameraIds: readonly string[];
  readonly results: readonly SearchResult[];
}

/** The search as the route runs it: the caller's scope turned into windows, the retention checked, the query run. */
export class ForensicSearch {
  readonly #d: ForensicSearchDeps;

  constructor(deps: ForensicSearchDeps) {
    this.#d = deps;
  }

  async search(actor: Actor, scope: CameraScope, request: SearchRequest): Promise<SearchAnswer> {
    const now = this.#d.clock.now();
    const criteria = readCriteria(request, now);
    const cameras = new Map((await this.#d.cameras.list(ALL_CAMERAS)).map((camera) => [camera.id, camera] as const));
    const named = this.#named(request, actor, scope, cameras);
    const windows = await this.#windows(actor, scope, named, criteria, cameras);
    const cameraIds = [...new Set(windows.flatMap((w) => w.cameraIds))].sort();
    if ((criteria.zone !== undefined || criteria.line !== undefined) && (named?.length ?? 0) !== 1) {
      throw invalid('VIGIE_SEARCH_ZONE_CAMERA', 'Une zone ou une ligne se trace sur l’image d’une caméra : choisissez une seule caméra.');
    }
    await this.#checkRetention(windows, cameras, now);
    const page = await searchDetections(this.#d.db, windows, criteria);
    return {
      fromMs: criteria.fromMs,
      toMs: criteria.toMs,
      page: criteria.page,
      pageSize: criteria.pageSize,
      hasMore: page.hasMore,
      cameraIds,
      results: page.hits.map((hit) => {
        const camera = cameras.get(hit.cameraId);
        return { ...hit, cameraName: camera?.name ?? hit.cameraId, classLabel: CLASS_LABELS[hit.className] ?? hit.className, position: camera?.position ?? { lat: 0, lon: 0 } };
      }),
    };
  }

  /** The cameras the request names (ids, or an area on the map), each known and within reach; undefined: none named. */
  #named(request: SearchRequest, actor: Actor, scope: CameraScope, cameras: ReadonlyMap<string, SearchCamera>): string[] | undefined {
    const ids = [...new Set(request.cameraIds ?? [])];
    if (ids.length > MAX_CAMERAS) throw invalid('VIGIE_SEARCH_CAMERA_UNKNOWN', `Une recherche porte sur ${MAX_CAMERAS} caméras au plus.`);
    for (const id of ids) if (!cameras.has(id)) throw invalid('VIGIE_SEARCH_CAMERA_UNKNOWN', `La caméra « ${id} » n'existe pas.`, { cameraId: id });
    if (request.area !== undefined && request.area !== null) {
      const read = readPolygon(request.area);
      if (!read.ok) throw invalid('VIGIE_SEARCH_AREA_INVALID', `La zone tracée sur la carte n'est pas un polygone valide (${read.message}).`);
      // An investigator sees no camera in bulk: the area is matched against every camera, his grants cut it after.
      const candidates = [...cameras.values()].filter((camera) => this.#d.grantScoped(actor) || scopeIncludes(scope, camera.communeInsee));
      const inside = candidates.filter((camera) => polygonContains(read.polygon, camera.position)).map((camera) => camera.id);
      if (inside.length === 0) throw invalid('VIGIE_SEARCH_AREA_INVALID', 'La zone tracée sur la carte ne contient aucune caméra.');
      ids.push(...inside.filter((id) => !ids.includes(id)));
    }
    return ids.length === 0 ? undefined : ids;
  }

  async #windows(actor: Actor, scope: CameraScope, named: readonly string[] | undefined, criteria: SearchCriteria, cameras: ReadonlyMap<string, SearchCamera>): Promise<SearchWindow[]> {
    if (this.#d.grantScoped(actor)) {
      // An investigator: each camera over the part of the range his requisitions in force cover, confirmed by the policy.
      const windows: SearchWindow[] = [];
      const reached = new Set<string>();
      for (const grant of await this.#d.grants(actor.id)) {
        const fromMs = Math.max(criteria.fromMs, grant.fromMs);
        const toMs = Math.min(criteria.toMs, grant.toMs);
        if (fromMs >= toMs) continue;
        const cameraIds: string[] = [];
        for (const id of grant.cameraIds) {
          if (named !== undefined && !named.includes(id)) continue;
          if (await this.#d.mayPlayBack(actor, id, { fromMs, toMs })) cameraIds.push(id);
        }
        cameraIds.forEach((id) => reached.add(id));
        if (cameraIds.length > 0) windows.push({ cameraIds, fromMs, toMs });
      }
      const outside = (named ?? []).filter((id) => !reached.has(id));
      if (outside.length > 0) {
        throw new VigieError(
          'VIGIE_SEARCH_OUT_OF_SCOPE',
          `Aucune réquisition en vigueur ne couvre la caméra « ${outside[0]} » sur cette période : la recherche reste dans le périmètre de vos réquisitions.`,
          {
            status: 403,
            context: { cameraIds: outside },
          },
        );
      }
      return windows;
    }
    const visible = new Set([...cameras.values()].filter((camera) => scopeIncludes(scope, camera.communeInsee)).map((camera) => camera.id));
    const outside = (named ?? []).filter((id) => !visible.has(id));
    if (outside.length > 0) {
      throw new VigieError('VIGIE_SEARCH_OUT_OF_SCOPE', `La caméra « ${outside[0]} » est hors de vos communes : la recherche reste dans votre périmètre.`, {
        status: 403,
        context: { cameraIds: outside },
      });
    }
    return [{ cameraIds: named ?? [...visible].sort(), fromMs: criteria.fromMs, toMs: criteria.toMs }];
  }

  /** A range starting before a camera's retention finds nothing real (unless a hold keeps that footage): refused. */
  async #checkRetention(windows: readonly SearchWindow[], cameras: ReadonlyMap<string, SearchCamera>, now: number): Promise<void> {
    for (const window of windows) {
      const expired = window.cameraIds.filter((id) => {
        const camera = cameras.get(id);
        return camera !== undefined && window.fromMs < now - camera.retentionDays * DAY_MS;
      });
      if (expired.length === 0) continue;
      const holds = await this.#d.holds.overlapping(expired, window.fromMs, window.toMs);
      const unheld = expired.filter((id) => !holds.some((hold) => hold.cameraIds.includes(id) && hold.fromMs <= window.fromMs));
      const first = unheld[0] === undefined ? undefined : cameras.get(unheld[0]);
      if (first !== undefined) {
        throw invalid(
          'VIGIE_SEARCH_BEYOND_RETENTION',
          `La période recherchée commence avant la durée de conservation de la caméra « ${first.name} » (${first.retentionDays} jours) : ces images n'existent plus.`,
          { cameraId: first.id, retentionDays: first.retentionDays },
        );
      }
    }
  }
}

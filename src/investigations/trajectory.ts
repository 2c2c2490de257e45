// Following a vehicle or person from camera to camera. From one sighting (camera, instant, box) the service
// proposes the next cameras of the topology with their time windows and the stored detections of the same class
// and colours there; the investigator confirms sightings and chains them into a trajectory that belongs to a
// requisition and stays within its scope (its cameras, its range, while it grants access) and within the access
// policy's (each sighting's footage decided like playback). A trajectory is exported with a clip around each
// sighting as one signed package. People's actions are journaled by their HTTP request (trajectory-routes.ts).
import type { Kysely, Selectable } from 'kysely';
import type { DetectionStore, StoredDetection } from '../analytics/index.js';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { ExportService } from '../export/index.js';
import type { JournalEntryInput } from '../journal/index.js';
import { GRANTING_STATES, type Requisition } from './model.js';
import type { InvestigationActor, Requisitions } from './requisitions.js';
import type { TrajectorySightingTable, TrajectoryTable } from './tables.js';
import { angleBetween, compassOfImageDirection, directionOf, DIRECTION_NAMES, DIRECTIONS, type CameraLink, type Direction, type Topology } from './topology.js';

type JournalActor = JournalEntryInput['actor'];

/** A box on the picture, normalised to its width and height (0…1). */
export interface SightingBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A sighting as the console sends it: a forensic search result, a detection picked in playback, a candidate. */
export interface SightingInput {
  readonly cameraId: string;
  readonly atMs: number;
  readonly box: SightingBox;
  /** The stored detection it comes from, when it comes from one. */
  readonly detectionId?: number | undefined;
}

export interface Sighting extends SightingInput {
  readonly seq: number;
  readonly cameraName: string;
  readonly position: { readonly lat: number; readonly lon: number };
  readonly className: string;
  readonly colours: readonly string[];
  readonly addedBy: string;
  readonly addedAt: number;
}

export interface Trajectory {
  readonly id: string;
  readonly requisitionId: string;
  readonly reference: string;
  readonly title: string;
  readonly className: string;
  readonly colours: readonly string[];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly exportId: string | null;
  readonly exportedBy: string | null;
  readonly exportedAt: number | null;
  readonly sightings: readonly Sighting[];
}

export interface Candidate {
  readonly detectionId: number;
  readonly cameraId: string;
  readonly atMs: number;
  readonly box: SightingBox;
  readonly trackId: number;
  readonly className: string;
  readonly colours: readonly string[];
  readonly confidence: number;
  /** Share of the sighting's colours the candidate carries (1 when the sighting has none). */
  readonly colourMatch: number;
}

export interface NextCamera {
  readonly cameraId: string;
  readonly cameraName: string;
  /** Where it is on the map; null for a camera outside the requisition (its name is enough to ask for it). */
  readonly position: { readonly lat: number; readonly lon: number } | null;
  readonly direction: Direction;
  readonly directionName: string;
  /** The link's direction is the one the object left by (or next to it). */
  readonly matchesExit: boolean;
  readonly travel: { readonly minS: number; readonly maxS: number; readonly mode: 'walk' | 'drive' };
  /** Where to look: from the exit plus the shortest travel time to the exit plus the longest (clipped to the requisition). */
  readonly window: { readonly fromMs: number; readonly toMs: number } | null;
  /** False when the camera or the window lies outside the requisition: no candidate is shown there. */
  readonly inScope: boolean;
  /** Why not in scope: the camera is not the requisition's, or the window falls outside its range (null: in scope). */
  readonly outside: 'camera' | 'range' | null;
  readonly candidates: readonly Candidate[];
}

export interface Proposal {
  readonly sighting: {
    readonly cameraId: string;
    readonly atMs: number;
    readonly className: string | null;
    readonly colours: readonly string[];
    readonly detectionId: number | null;
    /** When the object was last seen on this camera, and which way it left (compass), if known. */
    readonly exitMs: number;
    readonly exitDirection: Direction | null;
  };
  readonly next: readonly NextCamera[];
}

/** What the trajectories ask of the other capabilities (main.ts wires them). */
export interface TrajectoryDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly requisitions: Pick<Requisitions, 'get'>;
  readonly topology: Pick<Topology, 'linksFrom'>;
  readonly detections: Pick<DetectionStore, 'query'>;
  readonly exports: Pick<ExportService, 'createClips' | 'get'>;
  readonly camera: (id: string) => Promise<
    | {
        readonly id: string;
        readonly name: string;
        readonly position: { readonly lat: number; readonly lon: number };
        readonly fieldOfView: { readonly directionDeg: number } | null;
      }
    | undefined
  >;
}

/** Who follows: the person, and the access policy's decision on recorded pictures of one camera over a range for him (as playback decides). */
export interface FollowActor extends InvestigationActor {
  readonly mayView: (cameraId: string, range: { readonly fromMs: number; readonly toMs: number }) => Promise<boolean>;
}

/** Classes that travel by vehicle (the driving travel times apply); the others walk. */
const VEHICLE_CLASSES = new Set(['car', 'truck', 'bus', 'motorcycle', 'bicycle']);
/** A detection is "the" sighting's when it is this close in time, and its box overlaps this much. */
const MATCH_MS = 2_000;
const MIN_IOU = 0.1;
/** How long after the sighting the same track is followed on its camera to find when it left. */
const TRACK_FOLLOW_MS = 10 * 60_000;
/** Windows are widened by this much on both sides (clocks, the tracker's first and last frames). */
const WINDOW_MARGIN_MS = 5_000;
export const MAX_CANDIDATES = 12;
/** Each clip of an exported trajectory: this much before and after the sighting. */
export const CLIP_BEFORE_MS = 4_000;
export const CLIP_AFTER_MS = 4_000;
export const MAX_SIGHTINGS = 100;

const TITLE_MAX = 200;

type TrajectoryCamera = NonNullable<Awaited<ReturnType<TrajectoryDeps['camera']>>>;

/** A sighting once checked: its camera, and the stored detection it is (when one matches). */
interface CheckedSighting {
  readonly camera: TrajectoryCamera;
  readonly detection: StoredDetection | undefined;
  readonly cameraId: string;
  readonly atMs: number;
  readonly box: SightingBox;
  readonly detectionId: number | undefined;
  readonly className: string;
  readonly colours: readonly string[];
}

function iou(a: SightingBox, b: SightingBox): number {
  const w = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = w * h;
  const union = a.w * a.h + b.w * b.h - inter;
  return union <= 0 ? 0 : inter / union;
}

/** Share of `wanted` colours found in `colours` (1 when nothing is wanted). Pure. */
export function colourMatch(wanted: readonly string[], colours: readonly string[]): number {
  if (wanted.length === 0) return 1;
  return wanted.filter((colour) => colours.includes(colour)).length / wanted.length;
}

/**
 * The candidates among detections on one camera: one per tracked object (its most confident detection), same
 * class, sharing at least one colour with the sighting; best colour match first, then nearest the window's middle.
 */
export function rankCandidates(detections: readonly StoredDetection[], className: string | null, colours: readonly string[], middleMs: number): Candidate[] {
  const best = new Map<string, StoredDetection>();
  for (const detection of detections) {
    if (className !== null && detection.className !== className) continue;
    if (colours.length > 0 && colourMatch(colours, detection.colours) === 0) continue;
    const key = `${detection.cameraId}:${detection.trackId}`;
    const known = best.get(key);
    if (known === undefined || detection.confidence > known.confidence) best.set(key, detection);
  }
  return [...best.values()]
    .map((d) => ({
      detectionId: d.id,
      cameraId: d.cameraId,
      atMs: d.atMs,
      box: { x: d.x, y: d.y, w: d.w, h: d.h },
      trackId: d.trackId,
      className: d.className,
      colours: d.colours,
      confidence: d.confidence,
      colourMatch: colourMatch(colours, d.colours),
    }))
    .sort((a, b) => b.colourMatch - a.colourMatch || Math.abs(a.atMs - middleMs) - Math.abs(b.atMs - middleMs) || a.detectionId - b.detectionId)
    .slice(0, MAX_CANDIDATES);
}

/** Orders the links leaving a camera: those towards the exit direction (or next to it) first, then the quickest. */
export function orderLinks(links: readonly CameraLink[], exit: Direction | null, vehicle: boolean): (CameraLink & { matchesExit: boolean })[] {
  const bearing = (direction: Direction): number => DIRECTIONS.indexOf(direction) * 45;
  return links
    .map((link) => ({ ...link, matchesExit: exit !== null && angleBetween(bearing(link.direction), bearing(exit)) <= 45 }))
    .sort((a, b) => Number(b.matchesExit) - Number(a.matchesExit) || (vehicle ? a.driveMinS - b.driveMinS : a.walkMinS - b.walkMinS) || a.toCameraId.localeCompare(b.toCameraId));
}

const invalid = (message: string, context?: Record<string, unknown>): VigieError =>
  new VigieError('VIGIE_TRAJECTORY_SIGHTING_INVALID', message, { status: 400, ...(context === undefined ? {} : { context }) });
const outOfScope = (message: string, context?: Record<string, unknown>): VigieError =>
  new VigieError('VIGIE_TRAJECTORY_OUT_OF_SCOPE', message, { status: 403, ...(context === undefined ? {} : { context }) });

function readBox(box: SightingBox | undefined): SightingBox {
  if (typeof box !== 'object' || box === null) throw invalid("Indiquez le cadre de l'observation sur l'image (x, y, largeur, hauteur entre 0 et 1).");
  const values = [box.x, box.y, box.w, box.h];
  const inside = values.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1) && box.w > 0 && box.h > 0 && box.x + box.w <= 1.000001 && box.y + box.h <= 1.000001;
  if (!inside) throw invalid("Le cadre de l'observation doit être dans l'image : x, y, largeur et hauteur entre 0 et 1, largeur et hauteur non nulles.");
  return { x: box.x, y: box.y, w: box.w, h: box.h };
}

/** What can be checked of a sighting without reading anything: camera named, whole instant, box inside the picture. */
function readShape(input: SightingInput): SightingBox {
  if (typeof input.cameraId !== 'string' || input.cameraId === '') throw invalid("Indiquez la caméra de l'observation.");
  if (!Number.isSafeInteger(input.atMs)) throw invalid("L'instant de l'observation est un nombre entier de millisecondes.");
  if (input.detectionId !== undefined && !Number.isSafeInteger(input.detectionId)) throw invalid('Le numéro de détection est un nombre entier.');
  return readBox(input.box);
}

const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
/** "05/12/2026 14:03:07", Paris time. */
export function frenchInstant(ms: number): string {
  return paris.format(new Date(ms)).replace(',', '');
}

function toTrajectory(row: Selectable<TrajectoryTable>, reference: string, sightings: Sighting[]): Trajectory {
  return {
    id: row.id,
    requisitionId: row.requisition_id,
    reference,
    title: row.title,
    className: row.class_name,
    colours: row.colours === '' ? [] : row.colours.split(','),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    exportId: row.export_id,
    exportedBy: row.exported_by,
    exportedAt: row.exported_at === null ? null : Number(row.exported_at),
    sightings,
  };
}

export class Trajectories {
  readonly #d: TrajectoryDeps;

  constructor(deps: TrajectoryDeps) {
    this.#d = deps;
  }

  /** The next cameras, their time windows and the candidate detections there, from one sighting within a requisition. */
  async propose(requisitionId: string, input: SightingInput, actor: FollowActor): Promise<Proposal> {
    readShape(input);
    const requisition = await this.#inForce(requisitionId, actor);
    const checked = await this.#checkSighting(requisition, input, actor);
    const { detection } = checked;
    const className = detection?.className ?? null;
    const colours = detection?.colours ?? [];
    const vehicle = className !== null && VEHICLE_CLASSES.has(className);
    // When the object was last seen on this camera, and which way it went: the same track, followed on.
    let exitMs = input.atMs;
    let exitDirection: Direction | null = null;
    if (detection !== undefined) {
      const track = await this.#d.detections.query({ cameraIds: [input.cameraId], trackId: detection.trackId, fromMs: detection.atMs, toMs: detection.atMs + TRACK_FOLLOW_MS, limit: 5000 });
      const last = track[track.length - 1] ?? detection;
      exitMs = Math.max(input.atMs, last.atMs);
      const moving = [...track, detection].reverse().find((d) => d.directionDeg !== null);
      const axis = checked.camera.fieldOfView?.directionDeg;
      if (moving?.directionDeg != null && axis !== undefined) exitDirection = directionOf(compassOfImageDirection(axis, moving.directionDeg));
    }
    const links = orderLinks(await this.#d.topology.linksFrom(input.cameraId), exitDirection, vehicle);
    const next: NextCamera[] = [];
    for (const link of links) {
      const camera = await this.#d.camera(link.toCameraId);
      if (camera === undefined) continue;
      const minS = vehicle ? link.driveMinS : link.walkMinS;
      const maxS = vehicle ? link.driveMaxS : link.walkMaxS;
      const wide = { fromMs: exitMs + minS * 1000 - WINDOW_MARGIN_MS, toMs: exitMs + maxS * 1000 + WINDOW_MARGIN_MS };
      const window = { fromMs: Math.max(wide.fromMs, requisition.fromMs), toMs: Math.min(wide.toMs, requisition.toMs) };
      const ownCamera = requisition.cameraIds.includes(camera.id);
      const inRequisition = ownCamera && window.toMs > window.fromMs;
      const inScope = inRequisition && (await actor.mayView(camera.id, window));
      const candidates = inScope
        ? rankCandidates(
            await this.#d.detections.query({ cameraIds: [camera.id], ...(className === null ? {} : { classes: [className] }), fromMs: window.fromMs, toMs: window.toMs, limit: 5000 }),
            className,
            colours,
            (window.fromMs + window.toMs) / 2,
          )
        : [];
      next.push({
        cameraId: camera.id,
        cameraName: camera.name,
        position: ownCamera ? camera.position : null,
        direction: link.direction,
        directionName: DIRECTION_NAMES[link.direction],
        matchesExit: link.matchesExit,
        travel: { minS, maxS, mode: vehicle ? 'drive' : 'walk' },
        window: inRequisition ? window : null,
        inScope,
        outside: !ownCamera ? 'camera' : inScope ? null : 'range',
        candidates,
      });
    }
    return {
      sighting: { cameraId: input.cameraId, atMs: input.atMs, className, colours, detectionId: detection?.id ?? null, exitMs, exitDirection },
      next,
    };
  }

  /** A new trajectory from its first sighting(s), in time order. */
  async create(requisitionId: string, input: { readonly title?: string | undefined; readonly sightings: readonly SightingInput[] }, actor: FollowActor): Promise<Trajectory> {
    if (input.sightings.length === 0) {
      throw new VigieError('VIGIE_TRAJECTORY_EMPTY', 'Une trajectoire commence par une observation : choisissez une détection (recherche, lecture) avant de la créer.', { status: 400 });
    }
    if (input.sightings.length > MAX_SIGHTINGS) throw invalid(`Une trajectoire compte au plus ${MAX_SIGHTINGS} observations.`);
    input.sightings.forEach(readShape);
    const requisition = await this.#inForce(requisitionId, actor);
    const title = (input.title ?? '').trim() || `Trajectoire — ${requisition.reference}`;
    if (title.length > TITLE_MAX) throw invalid(`Le titre de la trajectoire compte au plus ${TITLE_MAX} caractères.`);
    const checked: CheckedSighting[] = [];
    let previous: number | undefined;
    for (const sighting of input.sightings) {
      if (previous !== undefined && !(sighting.atMs > previous)) throw this.#backwards(previous, sighting.atMs);
      checked.push(await this.#checkSighting(requisition, sighting, actor));
      previous = sighting.atMs;
    }
    const first = checked[0] as CheckedSighting;
    const id = newId();
    const now = this.#d.clock.now();
    await this.#d.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('trajectories')
        .values({
          id,
          requisition_id: requisition.id,
          title,
          class_name: first.className,
          colours: first.colours.join(','),
          created_by: actor.username,
          created_at: now,
          export_id: null,
          exported_by: null,
          exported_at: null,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('trajectory_sightings')
        .values(checked.map((sighting, index) => this.#sightingRow(id, index + 1, sighting, actor, now)))
        .execute();
    });
    return this.get(id, actor);
  }

  /** Chains one more confirmed sighting: it must come after the last one. */
  async addSighting(trajectoryId: string, input: SightingInput, actor: FollowActor): Promise<Trajectory> {
    readShape(input);
    const trajectory = await this.get(trajectoryId, actor);
    const requisition = await this.#inForce(trajectory.requisitionId, actor);
    if (trajectory.sightings.length >= MAX_SIGHTINGS) throw invalid(`Une trajectoire compte au plus ${MAX_SIGHTINGS} observations.`);
    const last = trajectory.sightings[trajectory.sightings.length - 1];
    if (last !== undefined && !(input.atMs > last.atMs)) throw this.#backwards(last.atMs, input.atMs);
    const checked = await this.#checkSighting(requisition, input, actor);
    const now = this.#d.clock.now();
    await this.#d.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('trajectory_sightings')
        .values(this.#sightingRow(trajectoryId, (last?.seq ?? 0) + 1, checked, actor, now))
        .execute();
      await trx.updateTable('trajectories').set({ updated_at: now }).where('id', '=', trajectoryId).execute();
    });
    return this.get(trajectoryId, actor);
  }

  /** Takes back the last sighting (a wrong confirmation). */
  async removeLast(trajectoryId: string, actor: InvestigationActor): Promise<{ trajectory: Trajectory; removed: Sighting }> {
    const trajectory = await this.get(trajectoryId, actor);
    await this.#inForce(trajectory.requisitionId, actor);
    const last = trajectory.sightings[trajectory.sightings.length - 1];
    if (last === undefined) throw new VigieError('VIGIE_TRAJECTORY_EMPTY', "Cette trajectoire n'a plus d'observation à retirer.", { status: 400 });
    await this.#d.db.deleteFrom('trajectory_sightings').where('trajectory_id', '=', trajectoryId).where('seq', '=', last.seq).execute();
    await this.#d.db.updateTable('trajectories').set({ updated_at: this.#d.clock.now() }).where('id', '=', trajectoryId).execute();
    return { trajectory: await this.get(trajectoryId, actor), removed: last };
  }

  /** One trajectory, with its sightings; through its requisition (an investigator: his own). */
  async get(id: string, actor: InvestigationActor): Promise<Trajectory> {
    const row = await this.#d.db.selectFrom('trajectories').selectAll().where('id', '=', id).executeTakeFirst();
    const notFound = new VigieError('VIGIE_TRAJECTORY_NOT_FOUND', 'Aucune trajectoire de ce numéro parmi celles que vous pouvez consulter.', { status: 404 });
    if (row === undefined) throw notFound;
    const requisition = await this.#d.requisitions.get(row.requisition_id, actor).catch(() => {
      throw notFound;
    });
    return toTrajectory(row, requisition.reference, await this.#sightings([id]).then((map) => map.get(id) ?? []));
  }

  /** The trajectories of one requisition, newest first. */
  async list(requisitionId: string, actor: InvestigationActor): Promise<Trajectory[]> {
    const requisition = await this.#d.requisitions.get(requisitionId, actor);
    const rows = await this.#d.db.selectFrom('trajectories').selectAll().where('requisition_id', '=', requisitionId).orderBy('created_at', 'desc').execute();
    const sightings = await this.#sightings(rows.map((row) => row.id));
    return rows.map((row) => toTrajectory(row, requisition.reference, sightings.get(row.id) ?? []));
  }

  /**
   * Exports the trajectory: a clip around each sighting (CLIP_BEFORE_MS, CLIP_AFTER_MS, within the requisition's
   * range), the trajectory as JSON, in one signed package; waits for it.
   */
  async export(id: string, actor: InvestigationActor, journalActor: JournalActor): Promise<Trajectory> {
    const trajectory = await this.get(id, actor);
    const requisition = await this.#inForce(trajectory.requisitionId, actor);
    if (trajectory.sightings.length === 0) {
      throw new VigieError('VIGIE_TRAJECTORY_EMPTY', "Cette trajectoire n'a aucune observation : il n'y a rien à exporter.", { status: 400 });
    }
    const clips = trajectory.sightings.map((sighting) => ({
      cameraId: sighting.cameraId,
      fromMs: Math.max(requisition.fromMs, sighting.atMs - CLIP_BEFORE_MS),
      toMs: Math.min(requisition.toMs, sighting.atMs + CLIP_AFTER_MS),
      label: `Observation ${sighting.seq} — ${frenchInstant(sighting.atMs)}`,
    }));
    const document = {
      format: 'vigie-trajectory/1',
      trajectoryId: trajectory.id,
      title: trajectory.title,
      requisition: { id: requisition.id, reference: requisition.reference, legalBasis: requisition.legalBasis },
      object: { className: trajectory.className, colours: trajectory.colours },
      sightings: trajectory.sightings.map((s, index) => ({
        seq: s.seq,
        clip: `clip-${String(index + 1).padStart(2, '0')}.mp4`,
        cameraId: s.cameraId,
        cameraName: s.cameraName,
        lat: s.position.lat,
        lon: s.position.lon,
        atUtc: new Date(s.atMs).toISOString(),
        atLocal: frenchInstant(s.atMs),
        box: s.box,
        detectionId: s.detectionId ?? null,
        confirmedBy: s.addedBy,
      })),
    };
    const { view, done } = await this.#d.exports.createClips(
      {
        title: trajectory.title,
        clips,
        reason: `Trajectoire — réquisition judiciaire ${requisition.reference} — ${requisition.legalBasis}`,
        reference: requisition.reference,
        attachments: [{ name: 'trajectory.json', content: `${JSON.stringify(document, null, 2)}\n` }],
      },
      journalActor,
    );
    await done;
    const built = await this.#d.exports.get(view.id);
    if (built.status !== 'done') {
      throw new VigieError('VIGIE_TRAJECTORY_EXPORT_FAILED', "Le paquet de la trajectoire n'a pas pu être construit : voir le journal des exports, puis relancer.", {
        status: 500,
        context: { exportId: view.id },
      });
    }
    await this.#d.db
      .updateTable('trajectories')
      .set({ export_id: view.id, exported_by: actor.username, exported_at: this.#d.clock.now(), updated_at: this.#d.clock.now() })
      .where('id', '=', id)
      .execute();
    return this.get(id, actor);
  }

  /** The requisition, seen by the caller, granting access now (validated, not closed, before its end date). */
  async #inForce(requisitionId: string, actor: InvestigationActor): Promise<Requisition> {
    const requisition = await this.#d.requisitions.get(requisitionId, actor);
    const now = this.#d.clock.now();
    if (!GRANTING_STATES.includes(requisition.state) || requisition.scopeUntilMs === null || requisition.scopeUntilMs <= now) {
      throw outOfScope("Cette réquisition n'accorde aucun accès en ce moment (pas encore validée, clôturée ou arrivée à échéance) : la trajectoire ne peut pas être suivie.", {
        requisitionId,
      });
    }
    return requisition;
  }

  /** Checks one sighting against the requisition and the policy; finds the stored detection it is. */
  async #checkSighting(requisition: Requisition, input: SightingInput, actor: FollowActor): Promise<CheckedSighting> {
    const box = readShape(input);
    const camera = await this.#d.camera(input.cameraId);
    if (camera === undefined) {
      throw new VigieError('VIGIE_TRAJECTORY_CAMERA_UNKNOWN', `La caméra « ${input.cameraId} » n'existe pas.`, { status: 404, context: { cameraId: input.cameraId } });
    }
    if (!requisition.cameraIds.includes(camera.id)) {
      throw outOfScope(`La caméra « ${camera.name} » n'est pas couverte par la réquisition ${requisition.reference} : demandez son extension à une nouvelle réquisition.`, { cameraId: camera.id });
    }
    if (input.atMs < requisition.fromMs || input.atMs > requisition.toMs) {
      throw outOfScope(
        `L'instant ${frenchInstant(input.atMs)} est hors de la période de la réquisition ${requisition.reference} (${frenchInstant(requisition.fromMs)} – ${frenchInstant(requisition.toMs)}).`,
        {
          cameraId: camera.id,
        },
      );
    }
    if (!(await actor.mayView(camera.id, { fromMs: Math.max(requisition.fromMs, input.atMs - CLIP_BEFORE_MS), toMs: Math.min(requisition.toMs, input.atMs + CLIP_AFTER_MS) }))) {
      throw outOfScope(`Vos droits ne couvrent pas les images de « ${camera.name} » à cet instant.`, { cameraId: camera.id });
    }
    const nearby = await this.#d.detections.query({ cameraIds: [camera.id], fromMs: input.atMs - MATCH_MS, toMs: input.atMs + MATCH_MS + 1, limit: 2000 });
    let detection: StoredDetection | undefined;
    if (input.detectionId !== undefined) {
      detection = nearby.find((d) => d.id === input.detectionId);
      if (detection === undefined) throw invalid("La détection indiquée n'appartient pas à cette caméra à cet instant.", { detectionId: input.detectionId });
    } else {
      const scored = nearby.map((d) => ({ d, overlap: iou(box, d) })).filter((s) => s.overlap >= MIN_IOU);
      scored.sort((a, b) => b.overlap - a.overlap || Math.abs(a.d.atMs - input.atMs) - Math.abs(b.d.atMs - input.atMs));
      detection = scored[0]?.d;
    }
    return {
      camera,
      detection,
      cameraId: camera.id,
      atMs: input.atMs,
      box,
      detectionId: detection?.id,
      className: detection?.className ?? 'inconnue',
      colours: detection?.colours ?? [],
    };
  }

  #backwards(previousMs: number, atMs: number): VigieError {
    return new VigieError(
      'VIGIE_TRAJECTORY_BACKWARDS',
      `Cette observation (${frenchInstant(atMs)}) précède la dernière de la trajectoire (${frenchInstant(previousMs)}) : une trajectoire ne remonte pas le temps.`,
      { status: 400 },
    );
  }

  #sightingRow(trajectoryId: string, seq: number, s: CheckedSighting, actor: InvestigationActor, now: number): TrajectorySightingTable {
    return {
      trajectory_id: trajectoryId,
      seq,
      camera_id: s.cameraId,
      at_ms: s.atMs,
      x: s.box.x,
      y: s.box.y,
      w: s.box.w,
      h: s.box.h,
      detection_id: s.detectionId ?? null,
      class_name: s.className,
      colours: s.colours.join(','),
      added_by: actor.username,
      added_at: now,
    };
  }

  async #sightings(ids: readonly string[]): Promise<Map<string, Sighting[]>> {
    const map = new Map<string, Sighting[]>();
    if (ids.length === 0) return map;
    const rows = await this.#d.db
      .selectFrom('trajectory_sightings')
      .selectAll()
      .where('trajectory_id', 'in', [...ids])
      .orderBy('trajectory_id')
      .orderBy('seq')
      .execute();
    const cameras = new Map<string, Awaited<ReturnType<TrajectoryDeps['camera']>>>();
    for (const row of rows) {
      if (!cameras.has(row.camera_id)) cameras.set(row.camera_id, await this.#d.camera(row.camera_id));
      const camera = cameras.get(row.camera_id);
      const list = map.get(row.trajectory_id) ?? [];
      list.push({
        seq: Number(row.seq),
        cameraId: row.camera_id,
        cameraName: camera?.name ?? row.camera_id,
        position: camera?.position ?? { lat: 0, lon: 0 },
        atMs: Number(row.at_ms),
        box: { x: Number(row.x), y: Number(row.y), w: Number(row.w), h: Number(row.h) },
        ...(row.detection_id === null ? {} : { detectionId: Number(row.detection_id) }),
        className: row.class_name,
        colours: row.colours === '' ? [] : row.colours.split(','),
        addedBy: row.added_by,
        addedAt: Number(row.added_at),
      });
      map.set(row.trajectory_id, list);
    }
    return map;
  }
}

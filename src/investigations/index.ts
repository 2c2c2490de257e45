// The investigations capability's door: judicial requisitions (registered with a hold, validated into a scope the
// access policy enforces, extracted as signed packages, handed over against a receipt, closed) and, in time,
// citizens' access requests.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import type { ExportService } from '../export/index.js';
import type { Recording } from '../recording/index.js';
import type { Retention } from '../retention/index.js';
import { ALL_CAMERAS, type Territory } from '../territory/index.js';
import { AccessRequests } from './access-requests.js';
import { Requisitions, type InvestigationCameras } from './requisitions.js';
import { ForensicSearch } from './search.js';
import type { Access, AccountChoice, Actor } from '../access/index.js';
import { GRANT_SCOPED_ROLES } from '../access/index.js';
import type { DetectionStore } from '../analytics/index.js';
import { Topology } from './topology.js';
import { Trajectories } from './trajectory.js';
import { trajectoryRoutes } from './trajectory-routes.js';
import { RequisitionBookmarks } from './requisition-bookmarks.js';
import { requisitionBookmarkRoutes } from './requisition-bookmark-routes.js';
import { extensionCameraRoutes } from './extension-cameras.js';
import type { FastifyInstance } from 'fastify';
import type { BookmarkStore } from '../playback/index.js';

export { Requisitions, type InvestigationActor, type HandedFile } from './requisitions.js';
export { requisitionRoutes } from './routes.js';
export { AccessRequests, blurOutside } from './access-requests.js';
export { accessRequestRoutes } from './access-request-routes.js';
export { receiptHtml } from './receipt.js';
export {
  REQUISITION_STATES,
  REQUISITION_STATE_NAMES,
  EXTENSION_STATE_NAMES,
  ACCESS_REQUEST_STATE_NAMES,
  REFERENCE_PATTERN,
  type Requisition,
  type RequisitionExtension,
  type RequisitionState,
  type AccessRequest,
} from './model.js';
export { INVESTIGATION_ERRORS } from './errors.js';
export { ForensicSearch, searchDetections, readCriteria, CLASS_LABELS, type SearchRequest, type SearchAnswer, type SearchWindow, type SearchCriteria } from './search.js';
export { searchRoutes } from './search-routes.js';
export { Topology, suggestTopology, DIRECTIONS, DIRECTION_NAMES, type CameraLink, type Direction, type TopologyCamera } from './topology.js';
export { Trajectories, type Trajectory, type Proposal, type SightingInput } from './trajectory.js';
export { trajectoryRoutes } from './trajectory-routes.js';
export { registrationMapRoutes } from './registration-map.js';
export { investigatorChoiceRoutes } from './investigator-choice.js';

export interface InvestigationsDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly territory: Pick<Territory, 'cameras'>;
  readonly recording: Pick<Recording, 'store'>;
  readonly retention: Pick<Retention, 'holds'>;
  readonly exports: ExportService;
  /** The investigator accounts that may act now (access's users, wired in main.ts). */
  readonly investigators: () => Promise<readonly AccountChoice[]>;
}

/** The access policy's decision on recorded pictures of one camera over a range, as playback asks it. */
function playbackDecision(access: Pick<Access, 'decideCamera'>) {
  return async (actor: Actor, cameraId: string, range: { readonly fromMs: number; readonly toMs: number }): Promise<boolean> =>
    (await access.decideCamera(actor, 'video.playback', { cameraId, timeRange: range })).allowed;
}

function investigationCameras(deps: Pick<InvestigationsDeps, 'territory' | 'recording'>): InvestigationCameras {
  const { cameras } = deps.territory;
  return {
    get: (id) => cameras.get(id),
    all: () => cameras.list(ALL_CAMERAS),
    hasFootage: async (cameraId, fromMs, toMs) => (await deps.recording.store.overlapping(cameraId, 'main', fromMs, toMs)).length > 0,
  };
}

/** The requisitions; their viewing-room bookmarks (stored with playback's) go into the extracted packages. */
export function createRequisitions(deps: InvestigationsDeps & { readonly bookmarks: Pick<BookmarkStore, 'ofRequisition'> }): Requisitions {
  return new Requisitions({
    db: deps.db,
    clock: deps.clock,
    holds: deps.retention.holds,
    exports: deps.exports,
    bookmarks: deps.bookmarks,
    investigators: deps.investigators,
    cameras: investigationCameras(deps),
  });
}

/** Citizens' access requests; blurred exports are written under `<dataDir>/access-requests/`. */
export function createAccessRequests(deps: Omit<InvestigationsDeps, 'investigators'> & { readonly dataDir: string }): AccessRequests {
  return new AccessRequests({ db: deps.db, clock: deps.clock, holds: deps.retention.holds, exports: deps.exports, dataDir: deps.dataDir, cameras: investigationCameras(deps) });
}

/** The forensic search over stored detections, in the caller's scope (an investigator: his requisitions in force). */
export function createForensicSearch(
  deps: Pick<InvestigationsDeps, 'db' | 'clock' | 'territory' | 'retention'> & { readonly requisitions: Requisitions; readonly access: Pick<Access, 'decideCamera'> },
): ForensicSearch {
  return new ForensicSearch({
    db: deps.db,
    clock: deps.clock,
    cameras: { list: (scope) => deps.territory.cameras.list(scope) },
    holds: deps.retention.holds,
    grants: (userId) => deps.requisitions.scopeGrants(userId),
    mayPlayBack: playbackDecision(deps.access),
    grantScoped: (actor) => GRANT_SCOPED_ROLES.includes(actor.role),
  });
}

/** The camera topology and the trajectories chained from sightings within requisitions, with their routes. */
export function createTrajectories(
  deps: Pick<InvestigationsDeps, 'db' | 'clock' | 'territory' | 'exports'> & {
    readonly requisitions: Requisitions;
    readonly access: Pick<Access, 'decideCamera'>;
    readonly detections: Pick<DetectionStore, 'query'>;
  },
): { readonly topology: Topology; readonly trajectories: Trajectories; readonly routes: ReturnType<typeof trajectoryRoutes> } {
  const { cameras } = deps.territory;
  const all = async () => cameras.list(ALL_CAMERAS);
  const topology = new Topology({ db: deps.db, clock: deps.clock, cameras: all });
  const trajectories = new Trajectories({
    db: deps.db,
    clock: deps.clock,
    requisitions: deps.requisitions,
    topology,
    detections: deps.detections,
    exports: deps.exports,
    camera: (id) => cameras.get(id),
  });
  const routes = trajectoryRoutes({
    topology,
    trajectories,
    requisitions: deps.requisitions,
    cameras: all,
    mayView: playbackDecision(deps.access),
  });
  return { topology, trajectories, routes };
}

/** The routes of a requisition's viewing room: its bookmarks, and the cameras its extension may add. */
export function requisitionRoomRoutes(deps: {
  readonly clock: Clock;
  readonly requisitions: Requisitions;
  readonly bookmarks: BookmarkStore;
  readonly access: Pick<Access, 'decideCamera'>;
  readonly territory: Pick<Territory, 'cameras'>;
}): (app: FastifyInstance) => Promise<void> {
  const bookmarks = requisitionBookmarkRoutes({
    bookmarks: new RequisitionBookmarks({ clock: deps.clock, requisitions: deps.requisitions, bookmarks: deps.bookmarks }),
    mayView: playbackDecision(deps.access),
  });
  const cameras = extensionCameraRoutes({ requisitions: deps.requisitions, cameras: (scope) => deps.territory.cameras.list(scope) });
  return async (app) => {
    await bookmarks(app);
    await cameras(app);
  };
}

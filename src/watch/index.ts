// The watch capability's door: mayors' live-watch requests — submitted, reviewed by a room lead, shown to operators
// for their window (and on a wall monitor at their start), ended by a timer; listed per commune for reports.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { ALL_CAMERAS, type Territory } from '../territory/index.js';
import { WatchService, type WatchWall } from './service.js';

export { WatchService, type WatchWall, type WatchTerritory } from './service.js';
export { watchRoutes } from './routes.js';
export { watchWall } from './wall-port.js';
export { watchRequestsForReport } from './store.js';
export { MAX_WATCH_WINDOW_MS, WATCH_LIMITS, WATCH_STATES, type WatchRequest, type WatchState, type WatchFilter } from './model.js';
export { WATCH_ERRORS } from './errors.js';
export { readPolygon, polygonContains, type Polygon, type LonLat } from './area.js';

export interface WatchDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly territory: Pick<Territory, 'cameraCommune' | 'cameras'>;
  readonly logger: Logger;
  readonly wall?: WatchWall;
}

/** The watch service on the territory's cameras, its timer started; close() stops it. */
export function createWatch(deps: WatchDeps): WatchService {
  const service = new WatchService({
    db: deps.db,
    clock: deps.clock,
    journal: deps.journal,
    logger: deps.logger,
    wall: deps.wall,
    territory: {
      cameraCommune: (cameraId) => deps.territory.cameraCommune(cameraId),
      camerasOfCommune: async (insee) => (await deps.territory.cameras.list(ALL_CAMERAS)).filter((camera) => camera.communeInsee === insee),
    },
  });
  service.start();
  return service;
}

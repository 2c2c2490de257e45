// The ptz capability's door: PTZ control over Vigie's ONVIF client (moves, presets, home, guard tours), control
// priority, summarised move sessions, the live position feed (PtzPositionFeed) masks follow, and ONVIF onboarding.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import type { Territory } from '../territory/index.js';
import { PtzService } from './service.js';

export { PtzService, insideWindows, type PtzCamera, type PtzCameraSource, type PtzPreset, type PtzStatus, type PtzTour, type PtzTourState, type PtzTourStep, type PtzTourWindow } from './service.js';
export type { PtzPosition, PtzPositionFeed } from './position-feed.js';
export { ALERT_PRIORITY, ROLE_PRIORITY, TOUR_PRIORITY, roleLabel, type PtzController, type PtzControlState, type PtzHolder, type TakeOver } from './control.js';
export { ptzRoutes } from './routes.js';
export { onvifOnboardingRoutes } from './onboarding-routes.js';
export { PTZ_ERRORS } from './errors.js';

export interface PtzDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly territory: Pick<Territory, 'cameras'>;
  readonly holdSeconds: number;
}

/** The PTZ service on the territory's cameras (their stored credentials are their ONVIF account), its timer started. */
export function createPtz(deps: PtzDeps): PtzService {
  const service = new PtzService({
    db: deps.db,
    clock: deps.clock,
    journal: deps.journal,
    logger: deps.logger,
    holdMs: deps.holdSeconds * 1000,
    cameras: {
      get: (id) => deps.territory.cameras.get(id),
      credentials: async (id) => {
        const main = (await deps.territory.cameras.streams(id)).main;
        return main.username === undefined ? undefined : { username: main.username, password: main.password ?? '' };
      },
    },
  });
  service.start();
  return service;
}

/**
 * Demo: links the simulator's PTZ cameras to the demo cameras streaming from them (same RTSP path), so the demo's
 * PTZ camera is controllable out of the box.
 */
export async function linkDemoPtzCameras(ptz: PtzService, territory: Pick<Territory, 'cameras'>, simulated: ReadonlyArray<{ readonly main: string; readonly onvif?: string }>): Promise<number> {
  const cameras = await territory.cameras.list({ all: true });
  let linked = 0;
  for (const sim of simulated) {
    if (sim.onvif === undefined) continue;
    const path = new URL(sim.main).pathname;
    const camera = cameras.find((c) => c.type === 'ptz' && new URL(c.mainUrl).pathname === path);
    if (camera === undefined) continue;
    await ptz.linkDevice(camera.id, { deviceUrl: sim.onvif, profileToken: 'main', limits: null });
    linked += 1;
  }
  return linked;
}

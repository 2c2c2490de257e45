// The wall capability assembled: saved layouts and tours, the wall service (monitors, assignments, presets,
// alarm monitor), the default 12 monitors on first start and, in demo mode, three presets.
import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { ALL_CAMERAS, type Territory } from '../territory/index.js';
import { demoPresets } from './demo-presets.js';
import { WallLibrary } from './library.js';
import { wallRights } from './rights.js';
import { SavedStore } from './saved-store.js';
import { WallService } from './wall-service.js';

export interface WallDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly logger: Logger;
  readonly access: Pick<Access, 'decide' | 'decideCamera'>;
  readonly territory: Pick<Territory, 'cameraCommune' | 'cameras'>;
  readonly demo: boolean;
}

/** What a wall page shows of a camera under its picture (a device token lists no cameras). */
export interface WallCamera {
  readonly id: string;
  readonly name: string;
  readonly commune: string;
  readonly communeName: string;
  readonly type: string;
  readonly enabled: boolean;
}

export interface Wall {
  readonly service: WallService;
  readonly library: WallLibrary;
  /** Names and communes of the cameras a monitor shows (unknown ids left out). */
  describeCameras(cameraIds: readonly string[]): Promise<Record<string, WallCamera>>;
}

export async function createWall(deps: WallDeps): Promise<Wall> {
  const rights = wallRights(deps.access, (id) => deps.territory.cameraCommune(id));
  const library = new WallLibrary(new SavedStore(deps.db, deps.clock), rights);
  const service = new WallService({ db: deps.db, clock: deps.clock, journal: deps.journal, rights, library });
  await service.ensureMonitors();
  if (deps.demo && (await service.presets()).length === 0) await seedDemoPresets(service, deps);
  const describeCameras = async (cameraIds: readonly string[]): Promise<Record<string, WallCamera>> => {
    const described: Record<string, WallCamera> = {};
    for (const id of cameraIds) {
      const camera = await deps.territory.cameras.get(id);
      if (camera !== undefined) described[id] = { id, name: camera.name, commune: camera.communeInsee, communeName: camera.communeName, type: camera.type, enabled: camera.enabled };
    }
    return described;
  };
  return { service, library, describeCameras };
}

async function seedDemoPresets(service: WallService, deps: WallDeps): Promise<void> {
  const cameraIds = (await deps.territory.cameras.list(ALL_CAMERAS)).map((c) => c.id);
  const monitorIds = (await service.monitors()).map((m) => m.id);
  for (const [name, assignments] of Object.entries(demoPresets(monitorIds, cameraIds))) {
    try {
      await service.savePreset({ name, assignments }, null, () => undefined);
    } catch (error) {
      deps.logger.warn({ err: error, preset: name }, 'demo wall preset not created');
    }
  }
}

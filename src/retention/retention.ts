// The retention capability assembled: holds, the destruction register and the purge job that runs on the
// recording's store and volumes. main.ts builds it after recording; export builds on its holds.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import type { Recording } from '../recording/index.js';
import { ALL_CAMERAS, type Territory } from '../territory/index.js';
import { DestructionRegister } from './destruction-register.js';
import { HoldStore } from './hold-store.js';
import { RetentionService } from './purge.js';
import { StorageService } from './storage.js';

export interface RetentionDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Config;
  readonly logger: Logger;
  readonly journal: Journal;
  readonly recording: Pick<Recording, 'store' | 'volumes'>;
  /** How often the storage notices behind GET /api/health are refreshed (default one minute). */
  readonly storageCheckIntervalMs?: number;
  readonly territory: Pick<Territory, 'cameras'>;
  /** How often the purge job runs (default one minute). */
  readonly purgeIntervalMs?: number;
}

export interface Retention {
  readonly holds: HoldStore;
  readonly register: DestructionRegister;
  readonly purge: RetentionService;
  readonly storage: StorageService;
  close(): Promise<void>;
}

export function createRetention(deps: RetentionDeps): Retention {
  const { config } = deps;
  const holds = new HoldStore(deps.db, deps.clock, deps.journal, async (cameraIds, fromMs, toMs) => (await deps.recording.store.ranges(cameraIds, fromMs, toMs)).length > 0);
  const register = new DestructionRegister(deps.db);
  const purge = new RetentionService({
    register,
    clock: deps.clock,
    logger: deps.logger.child({ component: 'retention' }),
    holds,
    volumes: deps.recording.volumes,
    store: deps.recording.store,
    journal: deps.journal,
    minFreeBytes: config.recording.minFreeBytes,
    defaultRetentionDays: config.territory.defaultRetentionDays,
    retentionDays: async (id, stream) => {
      const days = (await deps.territory.cameras.get(id))?.retentionDays;
      // Sub streams keep at most their own (shorter) retention.
      return stream === 'sub' ? Math.min(days ?? config.territory.defaultRetentionDays, config.recording.subRetentionDays) : days;
    },
  });
  purge.start(deps.purgeIntervalMs ?? 60_000);
  const storage = new StorageService({
    clock: deps.clock,
    store: deps.recording.store,
    volumes: deps.recording.volumes,
    register,
    cameras: (scope) => deps.territory.cameras.list(scope),
    minFreeBytes: config.recording.minFreeBytes,
    defaultRetentionDays: config.territory.defaultRetentionDays,
    subRetentionDays: config.recording.subRetentionDays,
  });
  const storageTimer = setInterval(() => void storage.report(ALL_CAMERAS).catch((error: unknown) => deps.logger.error({ err: error }, 'storage report failed')), deps.storageCheckIntervalMs ?? 60_000);
  storageTimer.unref();
  return {
    holds,
    register,
    purge,
    storage,
    async close() {
      clearInterval(storageTimer);
      await purge.stop();
    },
  };
}

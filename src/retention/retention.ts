// The retention capability assembled: holds, the destruction register and the purge job that runs on the
// recording's store and volumes. main.ts builds it after recording; export builds on its holds.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import type { Recording } from '../recording/index.js';
import type { Territory } from '../territory/index.js';
import { DestructionRegister } from './destruction-register.js';
import { HoldStore } from './hold-store.js';
import { RetentionService } from './purge.js';

export interface RetentionDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Config;
  readonly logger: Logger;
  readonly journal: Journal;
  readonly recording: Pick<Recording, 'store' | 'volumes'>;
  readonly territory: Pick<Territory, 'cameras'>;
  /** How often the purge job runs (default one minute). */
  readonly purgeIntervalMs?: number;
}

export interface Retention {
  readonly holds: HoldStore;
  readonly register: DestructionRegister;
  readonly purge: RetentionService;
  close(): Promise<void>;
}

export function createRetention(deps: RetentionDeps): Retention {
  const { config } = deps;
  const holds = new HoldStore(deps.db, deps.clock, deps.journal);
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
  return {
    holds,
    register,
    purge,
    async close() {
      await purge.stop();
    },
  };
}

// The recording capability assembled: index, volumes, recorders, retention (purge job, holds), exports and
// the signing key. main.ts wires it with the hub and the territory.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import type { StreamSource } from '../media/hub/stream-consumer.js';
import type { Territory } from '../territory/index.js';
import { ExportService } from '../export/service.js';
import { loadSigningKey, type SigningKey } from '../export/signing-key.js';
import { HoldStore } from '../retention/hold-store.js';
import { RetentionService } from '../retention/purge.js';
import { SegmentStore } from './segment-store.js';
import { FlushScheduler } from './flush-scheduler.js';
import { RecordingService } from './service.js';
import { Volumes, type FreeSpaceProbe } from './volumes.js';

export interface RecordingDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Config;
  readonly logger: Logger;
  readonly journal: Journal;
  readonly territory: Pick<Territory, 'cameras' | 'onCameraChange'>;
  readonly source: StreamSource | undefined;
  readonly version: string;
  readonly freeSpaceProbe?: FreeSpaceProbe;
  /** How often the purge job runs (default one minute). */
  readonly purgeIntervalMs?: number;
}

export interface Recording {
  readonly store: SegmentStore;
  readonly volumes: Volumes;
  readonly service: RecordingService;
  readonly holds: HoldStore;
  readonly retention: RetentionService;
  readonly exports: ExportService;
  readonly signingKey: SigningKey;
  close(): Promise<void>;
}

export async function createRecording(deps: RecordingDeps): Promise<Recording> {
  const logger = deps.logger.child({ component: 'recording' });
  const store = new SegmentStore(deps.db);
  const volumes = Volumes.fromConfig(deps.config.dataDir, deps.config.recording.volumes, deps.freeSpaceProbe);
  const cameras = deps.territory.cameras;
  const service = new RecordingService({
    store,
    volumes,
    cameras: { list: () => cameras.list({ all: true }), get: (id) => cameras.get(id), onCameraChange: (l) => deps.territory.onCameraChange(l) },
    source: deps.source,
    segmentSeconds: deps.config.recording.segmentSeconds,
    scheduler: new FlushScheduler(store, logger, deps.config.recording.syncIntervalMs),
    enabled: deps.config.recording.enabled,
    subStreams: deps.config.recording.subStreams,
    logger,
  });
  const holds = new HoldStore(deps.db, deps.clock, deps.journal);
  const retention = new RetentionService({
    db: deps.db,
    clock: deps.clock,
    logger,
    holds,
    volumes,
    store,
    journal: deps.journal,
    minFreeBytes: deps.config.recording.minFreeBytes,
    defaultRetentionDays: deps.config.territory.defaultRetentionDays,
    retentionDays: async (id, stream) => {
      const days = (await cameras.get(id))?.retentionDays;
      return stream === 'sub' ? Math.min(days ?? deps.config.territory.defaultRetentionDays, deps.config.recording.subRetentionDays) : days;
    },
  });
  const signingKey = loadSigningKey(deps.config.dataDir);
  const exports = new ExportService({
    db: deps.db,
    clock: deps.clock,
    logger,
    store,
    holds,
    journal: deps.journal,
    key: signingKey,
    dataDir: deps.config.dataDir,
    version: deps.version,
    camera: async (id) => {
      const camera = await cameras.get(id);
      return camera === undefined ? undefined : { id: camera.id, name: camera.name, communeName: camera.communeName, communeInsee: camera.communeInsee, lat: camera.position.lat, lon: camera.position.lon };
    },
  });
  await service.start();
  retention.start(deps.purgeIntervalMs ?? 60_000);
  return {
    store,
    volumes,
    service,
    holds,
    retention,
    exports,
    signingKey,
    async close() {
      await retention.stop();
      await service.close();
      await exports.close();
    },
  };
}

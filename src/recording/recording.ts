// The recording capability assembled: the segment index, the volumes and one recorder per camera stream,
// fed by the hub. main.ts builds it first; retention and export are built after it, on its store and volumes.
import type { Kysely } from 'kysely';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/database.js';
import type { StreamSource } from '../media/hub/index.js';
import type { Territory } from '../territory/index.js';
import { SegmentStore } from './segment-store.js';
import { FlushScheduler } from './flush-scheduler.js';
import { RecordingService } from './service.js';
import { Volumes } from './volumes.js';

export interface RecordingDeps {
  readonly db: Kysely<Database>;
  readonly config: Config;
  readonly logger: Logger;
  readonly territory: Pick<Territory, 'cameras' | 'onCameraChange'>;
  readonly source: StreamSource | undefined;
}

export interface Recording {
  readonly store: SegmentStore;
  readonly volumes: Volumes;
  readonly service: RecordingService;
  close(): Promise<void>;
}

export async function createRecording(deps: RecordingDeps): Promise<Recording> {
  const logger = deps.logger.child({ component: 'recording' });
  const store = new SegmentStore(deps.db);
  const volumes = Volumes.fromConfig(deps.config.dataDir, deps.config.recording.volumes);
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
  await service.start();
  return { store, volumes, service, close: () => service.close() };
}

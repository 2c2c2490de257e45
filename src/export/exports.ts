// The export capability assembled: the signing key (created on first start) and the export service, which
// reads the recording's segments and holds the exported range (retention) while it builds a package.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Config } from '../config/schema.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import type { Recording } from '../recording/index.js';
import type { Retention } from '../retention/index.js';
import type { Territory } from '../territory/index.js';
import { ExportService } from './service.js';
import { loadSigningKey } from './signing-key.js';

export interface ExportsDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Config;
  readonly logger: Logger;
  readonly journal: Journal;
  readonly recording: Pick<Recording, 'store'>;
  readonly retention: Pick<Retention, 'holds'>;
  readonly territory: Pick<Territory, 'cameras'>;
  readonly version: string;
}

export function createExports(deps: ExportsDeps): ExportService {
  const { cameras } = deps.territory;
  return new ExportService({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger.child({ component: 'export' }),
    store: deps.recording.store,
    holds: deps.retention.holds,
    journal: deps.journal,
    key: loadSigningKey(deps.config.dataDir),
    dataDir: deps.config.dataDir,
    version: deps.version,
    camera: async (id) => {
      const camera = await cameras.get(id);
      return camera === undefined
        ? undefined
        : { id: camera.id, name: camera.name, communeName: camera.communeName, communeInsee: camera.communeInsee, lat: camera.position.lat, lon: camera.position.lon };
    },
  });
}

// createTerritory(deps): the territory capability assembled — communes, sectors, the camera inventory with
// its encrypted credentials and change events, and the demo seed.
import type { Kysely } from 'kysely';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { CameraChanges, type CameraChangeListener } from './camera-changes.js';
import { CameraInventory } from './camera-inventory.js';
import { CommuneRegistry } from './commune-registry.js';
import { CredentialsCipher } from './credentials-cipher.js';
import { seedDemo, type DemoSeedReport } from './demo/demo-seed.js';
import type { CameraStreams } from './model.js';
import { territoryLookup, type TerritoryLookup } from './lookup.js';
import { SectorRegistry } from './sector-registry.js';

export interface TerritoryDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly config: Pick<Config, 'dataDir' | 'territory'>;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  /** Defaults to VIGIE_CREDENTIALS_KEY from the environment; otherwise a key file under dataDir/keys. */
  readonly credentialsKey?: string;
}

export interface Territory extends TerritoryLookup {
  readonly cameras: CameraInventory;
  readonly communes: CommuneRegistry;
  readonly sectors: SectorRegistry;
  /** Stream URLs with decrypted credentials, for the media ingest. */
  cameraStreams(id: string): Promise<CameraStreams>;
  /** Called after each committed camera creation, update or removal; returns the unsubscribe function. */
  onCameraChange(listener: CameraChangeListener): () => void;
  seedDemo(options: { readonly simulatorPort: number; readonly cameras: number }): Promise<DemoSeedReport>;
}

export async function createTerritory(deps: TerritoryDeps): Promise<Territory> {
  const logger = deps.logger.child({ component: 'territory' });
  const changes = new CameraChanges(logger);
  const cipher = new CredentialsCipher({ dataDir: deps.config.dataDir, envKey: deps.credentialsKey ?? process.env['VIGIE_CREDENTIALS_KEY'] });
  const cameras = new CameraInventory({
    db: deps.db,
    clock: deps.clock,
    journal: deps.journal,
    cipher,
    changes,
    defaultRetentionDays: deps.config.territory.defaultRetentionDays,
  });
  const communes = new CommuneRegistry(deps.db, deps.clock, deps.journal);
  const sectors = new SectorRegistry(deps.db, deps.clock);
  return {
    cameras,
    communes,
    sectors,
    ...territoryLookup(deps.db),
    cameraStreams: (id) => cameras.streams(id),
    onCameraChange: (listener) => changes.on(listener),
    seedDemo: (options) => seedDemo({ db: deps.db, clock: deps.clock, logger, journal: deps.journal, cameras, sectors }, options),
  };
}

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
import { TERRITORY_ERRORS, validationError } from './errors.js';
import { floorFor } from './legal-floors.js';
import type { CameraStreams, Purpose } from './model.js';
import { probeStream, type ProbeResult } from './stream-probe.js';
import { readStreamUrl } from './stream-url.js';
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
  /** "Tester le flux" of a stored camera, with its stored credentials, against the floor of its class. */
  probeCamera(id: string, stream: 'main' | 'sub'): Promise<ProbeResult>;
  /** The same for a stream not saved yet (the add form): the URL may carry user:password. */
  probeUrl(fields: { readonly url: unknown; readonly username?: string; readonly password?: string; readonly narrowField?: boolean; readonly purposes?: readonly Purpose[] }): Promise<ProbeResult>;
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
    async probeCamera(id, stream) {
      const [camera, streams] = [await cameras.require(id), await cameras.streams(id)];
      const endpoint = stream === 'main' ? streams.main : streams.sub;
      if (endpoint === undefined) throw validationError([{ field: 'stream', message: 'this camera has no sub stream', code: TERRITORY_ERRORS.invalid, reason: 'required' }]);
      return probeStream(endpoint, floorFor(camera), { logger });
    },
    async probeUrl(fields) {
      const read = readStreamUrl(fields.url);
      if (!read.ok) throw validationError([{ field: 'url', message: read.message, code: TERRITORY_ERRORS.invalid, reason: 'bad-url' }]);
      const credentials = fields.username === undefined ? read.value.credentials : { username: fields.username, password: fields.password ?? '' };
      const floor = floorFor({ narrowField: fields.narrowField ?? false, purposes: fields.purposes ?? [] });
      return probeStream(credentials === undefined ? { url: read.value.url } : { url: read.value.url, ...credentials }, floor, { logger });
    },
  };
}

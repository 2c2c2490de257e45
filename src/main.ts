// Composition root: config → database → capabilities → servers, and the reverse on shutdown.
// Nothing else decides how capabilities are wired.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from './config/schema.js';
import { settingAndOverrides } from './config/load.js';
import { blameSetting } from './config/setting-errors.js';
import { lockDataDir } from './core/data-dir-lock.js';
import { systemClock, type Clock } from './core/clock.js';
import { createLogger, type Logger } from './core/logger.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { createHttpServer } from './api/server.js';
import { createClientConnections } from './api/client-connections.js';
import { LISTEN_BACKLOG } from './core/connection-guard.js';
import { webAppRoutes } from './api/web-app.js';
import { createJournal, journalRoutes } from './journal/index.js';
import { accessRoutes, createAccess, DEMO_PASSWORD, startHousekeeping } from './access/index.js';
import { createTerritory, territoryRoutes, type CameraScope } from './territory/index.js';
import { Hub } from './media/hub/index.js';
import { createIngest, ingestRoutes, openRtspSourceSession } from './ingest/index.js';
import { LiveTranscoders, liveRoutes } from './live/index.js';
import { startRestream } from './restream/index.js';
import { startSimulator } from '../sim/index.js';
import { createRecording } from './recording/index.js';
import { playbackRoutes } from './playback/index.js';
import { createExports, exportRoutes } from './export/index.js';
import { createRetention, retentionRoutes } from './retention/index.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface StartOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface Vigie {
  readonly version: string;
  /** Where to open the web console. */
  readonly url: string;
  /** Lines printed once at start (where to log in, a generated administrator password). */
  readonly startupNotes: readonly string[];
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

type Closer = () => Promise<void> | void;

/**
 * Starts everything, or nothing: when a step fails, what the earlier steps started is closed (so that the
 * process can exit) and the error names the setting to change where one is to blame.
 */
export async function startVigie(config: Config, options: StartOptions = {}): Promise<Vigie> {
  const logger = options.logger ?? createLogger({ level: config.log.level, format: config.log.format });
  const closers: Closer[] = [];
  try {
    return await startServices(config, options.clock ?? systemClock, logger, closers);
  } catch (error) {
    await closeInReverse(closers, logger);
    throw blameSetting(error, config);
  }
}

async function closeInReverse(closers: Closer[], logger: Logger): Promise<void> {
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch (error) {
      logger.warn({ err: error }, 'error while shutting down');
    }
  }
}

async function startServices(config: Config, clock: Clock, logger: Logger, closers: Closer[]): Promise<Vigie> {
  mkdirSync(config.dataDir, { recursive: true });
  const lock = lockDataDir(config.dataDir, 'a Vigie server', `stop it, or change ${settingAndOverrides('dataDir')}`);
  closers.push(() => lock.release());
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir });
  closers.push(() => database.close());
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const startupNotes: string[] = [];

  // --- capabilities (each block wires one capability; keep them in dependency order) ---
  // [journal]
  const journal = createJournal({ db: database.db, clock, dataDir: config.dataDir, shipping: config.journal.checkpoints.ship, logger: logger.child({ component: 'journal' }) });
  closers.push(() => journal.close());
  // [territory]
  const territory = await createTerritory({ db: database.db, clock, config, journal, logger });
  if (config.demo) await territory.seedDemo({ simulatorPort: config.media.simulatorPort, cameras: config.media.demoCameras });
  // [access] asks the territory for cameras' and accounts' communes
  const access = await createAccess({ db: database.db, clock, config, journal, logger: logger.child({ component: 'access' }), territory });
  closers.push(() => access.close());
  if (config.demo) {
    const demo = await access.seedDemoAccounts();
    startupNotes.push(`Demo accounts (password "${DEMO_PASSWORD}"): ${demo.map((a) => `${a.username} (${a.role})`).join(', ')}`);
  } else {
    const password = await access.ensureFirstAdministrator();
    if (password !== undefined) startupNotes.push(`First start: administrator "admin" created with password ${password} — shown once, change it after logging in.`);
  }
  closers.push(startHousekeeping(access, journal, logger));
  // [media]
  const mediaLogger = logger.child({ component: 'media' });
  const hub = new Hub({ onConsumerError: (streamKey, label, error) => mediaLogger.warn({ err: error, stream: streamKey, consumer: label }, 'a stream consumer failed and was unsubscribed') });
  closers.push(() => hub.close());
  if (config.demo && config.media.demoCameras > 0) {
    // Before the ingest, so the demo cameras answer from the first connection attempt.
    const simulator = await startSimulator({
      cameras: config.media.demoCameras,
      port: config.media.simulatorPort,
      ptz: 1,
      live: config.media.demoCameras > 1 ? 1 : 0,
      cacheDir: config.media.simulatorCacheDir || join(config.dataDir, 'sim-cache'),
      logger: logger.child({ component: 'simulator' }),
    });
    closers.push(() => simulator.close());
  }
  const ingest = createIngest({ hub, territory, logger, metrics, clock, openSession: openRtspSourceSession });
  closers.push(() => ingest.close());
  await ingest.start();
  // [connections] caps and one descriptor budget for every client-facing server, so clients never starve cameras
  const clients = createClientConnections({ config, logger, metrics, streamCount: () => ingest.healthAll().reduce((streams, camera) => streams + (camera.sub === undefined ? 1 : 2), 0) });
  closers.push(() => clients.stop());
  const liveTranscoders = new LiveTranscoders(hub, logger.child({ component: 'live' }));
  closers.push(() => liveTranscoders.close());
  if (config.media.rtspPort > 0) {
    const restream = await startRestream({ hub, access, journal, logger, clock, host: config.http.host, port: config.media.rtspPort, limits: clients.rtspLimits });
    closers.push(() => restream.close());
  }
  // [recording]
  const recording = await createRecording({ db: database.db, config, logger, territory, source: hub });
  closers.push(() => recording.close());
  const retention = createRetention({ db: database.db, clock, config, logger, journal, recording, territory });
  closers.push(() => retention.close());
  const exports = createExports({ db: database.db, clock, config, logger, journal, recording, retention, territory, version: VERSION });
  closers.push(() => exports.close());
  // --- end capabilities ---

  /** The cameras a scope covers, for routes that filter camera data in bulk. */
  const visibleCameraIds = async (scope: CameraScope): Promise<ReadonlySet<string>> => new Set((await territory.cameras.list(scope)).map((camera) => camera.id));
  const app = await createHttpServer({
    connectionGuards: clients.httpGuards,
    config,
    logger,
    metrics,
    version: VERSION,
    healthChecks: { retention: () => retention.purge.alert().retentionMet },
    plugins: [
      // [routes]
      ingestRoutes({ ingest, visibleCameraIds }),
      liveRoutes({ hub, transcoders: liveTranscoders, journal, clock }),
      accessRoutes(access, journal),
      journalRoutes(journal),
      territoryRoutes(territory),
      playbackRoutes({ recording, retention: retention.purge, access, visibleCameraIds, clock, logger: logger.child({ component: 'playback' }) }),
      exportRoutes(exports, access),
      retentionRoutes(retention),
      // the web console and its fallback to index.html: keep it the last plugin
      webAppRoutes(),
    ],
  });
  closers.push(() => app.close());
  await app.listen({ host: config.http.host, port: config.http.port, backlog: LISTEN_BACKLOG });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
  const shownHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;

  return {
    version: VERSION,
    url: `http://${shownHost}:${port}/`,
    startupNotes,
    config,
    database,
    app,
    close: () => closeInReverse(closers, logger),
  };
}

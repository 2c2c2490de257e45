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
import { ALL_CAMERAS, createTerritory, territoryRoutes, type CameraScope } from './territory/index.js';
import { Hub } from './media/hub/index.js';
import { createIngest, ingestRoutes, openRtspSourceSession } from './ingest/index.js';
import { LiveTranscoders, liveRoutes } from './live/index.js';
import { startRestream } from './restream/index.js';
import { startSimulator } from '../sim/index.js';
import { createRecording } from './recording/index.js';
import { BookmarkStore, playbackRoutes } from './playback/index.js';
import { createExports, exportRoutes } from './export/index.js';
import { createWall, WallThumbnails, wallRoutes } from './wall/index.js';
import { createWatch, watchRequestsForReport, watchRoutes, watchWall } from './watch/index.js';
import { createWorkspace, workspaceRoutes } from './workspace/index.js';
import { maskChangesFromJournal, registerRoutes } from './registers/index.js';
import { createReports } from './reports/index.js';
import { createRetention, effectiveRetentionDays, retentionRoutes } from './retention/index.js';
import { createPtz, linkDemoPtzCameras, onvifOnboardingRoutes, ptzRoutes } from './ptz/index.js';
import { createMasks, maskRoutes, onvifPushDevices } from './masks/index.js';
import {
  accessRequestRoutes,
  createAccessRequests,
  createForensicSearch,
  createRequisitions,
  createTrajectories,
  requisitionRoomRoutes,
  registrationMapRoutes,
  investigatorChoiceRoutes,
  requisitionRoutes,
  searchRoutes,
} from './investigations/index.js';
import { alertRoutes, createAlerts, type Alerts } from './alerts/index.js';
import { createAnalyticsRunner, createDetectionStore, startDetectionRetention } from './analytics/index.js';

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
  /** The alert loop: where analytics' events arrive (tests feed it directly when no detector runs). */
  readonly alerts: Alerts;
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
  let demoSimulator: Awaited<ReturnType<typeof startSimulator>> | undefined;
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
    demoSimulator = simulator;
  }
  // [ptz] PTZ control over ONVIF (holds, presets, guard tours, position feed); the demo's PTZ camera drives the simulator's head
  const ptz = createPtz({ db: database.db, clock, journal, logger: logger.child({ component: 'ptz' }), territory, holdSeconds: config.ptz.holdSeconds });
  closers.push(() => ptz.close());
  if (demoSimulator !== undefined) await linkDemoPtzCameras(ptz, territory, demoSimulator.urls);
  // [masks] privacy masks burned in before the hub: a masked camera reaches the ingest only through its pipeline
  const masks = createMasks({
    db: database.db,
    clock,
    journal,
    logger: logger.child({ component: 'masks' }),
    cameraExists: async (cameraId) => (await territory.cameras.list(ALL_CAMERAS)).some((camera) => camera.id === cameraId),
    inner: openRtspSourceSession,
    positions: ptz,
    pictures: hub,
    ptz,
    pushDevice: onvifPushDevices(database.db, territory.cameras),
  });
  closers.push(() => masks.close());
  const ingest = createIngest({ hub, territory, logger, metrics, clock, openSession: masks.sessions.open });
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
  // [wall] monitors, presets, saved layouts and tours; other capabilities push to it through wall.service
  const wall = await createWall({ db: database.db, clock, journal, logger: logger.child({ component: 'wall' }), access, territory, demo: config.demo });
  const wallThumbnails = new WallThumbnails({ hub, logger: logger.child({ component: 'wall' }) });
  closers.push(() => wallThumbnails.close());
  // [watch] mayors' live-watch requests; its timer puts accepted ones on their wall monitor at their start and ends them
  const watch = createWatch({ db: database.db, clock, journal, territory, logger: logger.child({ component: 'watch' }), wall: watchWall(wall.service) });
  closers.push(() => watch.close());
  const workspace = createWorkspace({ db: database.db, clock, config, territory });
  // [analytics] the live runner: it analyses only the rules the alerts' governance hands it (off by default)
  const analytics = createAnalyticsRunner({ logger: logger.child({ component: 'analytics' }), detections: createDetectionStore(database.db), pictures: hub, now: () => clock.now() });
  closers.push(() => analytics.close());
  const detectionRetention = startDetectionRetention(
    {
      db: database.db,
      clock,
      logger: logger.child({ component: 'analytics' }),
      retentionDays: async (cameraId) => effectiveRetentionDays((await territory.cameras.get(cameraId))?.retentionDays, config.territory.defaultRetentionDays),
      holds: () => retention.holds.list(false),
    },
    3_600_000,
  );
  closers.push(() => detectionRetention.close());
  // [alerts] analytics governance (legal bases, activations), alerts to the consoles, PTZ preset, alarm monitor, MQTT, webhooks
  const alerts = await createAlerts({
    db: database.db,
    clock,
    journal,
    logger: logger.child({ component: 'alerts' }),
    cameraCommune: (cameraId) => territory.cameraCommune(cameraId),
    extendedProfile: config.alerts.extendedProfile,
    publish: { site: config.alerts.site, mqtt: config.alerts.mqtt, webhooks: config.alerts.webhooks },
    wall: { showOnAlarmMonitor: (cameraIds, reason) => wall.service.showOnAlarmMonitor(cameraIds, reason, null) },
    ptz,
    analytics: {
      apply: async (cameraId, rules) => {
        if (rules.length === 0) return analytics.configure(cameraId, null);
        // The sub stream when there is one (cheaper to decode), read from the hub: no camera password on a command line.
        const streams = await territory.cameraStreams(cameraId);
        analytics.configure(cameraId, { cameraId, streamKey: `${cameraId}/${streams.sub === undefined ? 'main' : 'sub'}`, fps: 5, rules });
      },
      status: (cameraId) => analytics.status(cameraId),
    },
  });
  closers.push(() => alerts.close());
  const stopForwarding = analytics.onEvent(
    (event) => void alerts.service.ingest(event).catch((error: unknown) => logger.warn({ err: error, camera: event.cameraId }, 'an analytics event could not become an alert')),
  );
  closers.push(() => stopForwarding());
  // [reports] mayors' monthly reports and the centre's yearly report, on demand and archived on schedule
  const reports = createReports({
    dataDir: config.dataDir,
    clock,
    journal,
    logger: logger.child({ component: 'reports' }),
    schedule: true,
    sources: {
      communes: () => territory.communes.list(),
      camerasOf: (communes) => territory.cameras.list(communes === 'all' ? ALL_CAMERAS : { all: false, communes }),
      recordedMs: (cameraIds, fromMs, toMs) => recording.store.coveredMs(cameraIds, fromMs, toMs),
      offlineSpans: async (cameraIds, fromMs, toMs) => (await recording.store.gapsOf(cameraIds, 'main', fromMs, toMs)).filter((gap) => gap.cause === 'camera-offline'),
      watchRequests: (communes, fromMs, toMs) => watchRequestsForReport(database.db, communes === 'all' ? { fromMs, toMs } : { communes, fromMs, toMs }),
      exports: () => exports.list(),
    },
  });
  closers.push(() => reports.close());
  // [investigations] a requisition's viewing room: its bookmarks (stored with playback's), extracted with its packages
  const bookmarks = new BookmarkStore(database.db);
  // [investigations] judicial requisitions: a hold at registration, and the scope the access policy grants investigators
  const requisitions = createRequisitions({
    db: database.db,
    clock,
    territory,
    recording,
    retention,
    exports,
    bookmarks,
    investigators: () => access.users.active('investigator'),
  });
  access.useScopeGrants((userId) => requisitions.scopeGrants(userId));
  const accessRequests = createAccessRequests({ db: database.db, clock, territory, recording, retention, exports, dataDir: config.dataDir });
  const forensicSearch = createForensicSearch({ db: database.db, clock, territory, retention, requisitions, access });
  // [investigations] the camera topology and trajectories followed from camera to camera within a requisition
  const trajectories = createTrajectories({ db: database.db, clock, territory, exports, requisitions, access, detections: createDetectionStore(database.db) });
  // [investigations] a requisition's viewing room: its bookmarks, the cameras an extension may add
  const requisitionRoom = requisitionRoomRoutes({ clock, requisitions, bookmarks, access, territory });
  // --- end capabilities ---

  /** The cameras a scope covers, for routes that filter camera data in bulk. */
  const visibleCameraIds = async (scope: CameraScope): Promise<ReadonlySet<string>> => new Set((await territory.cameras.list(scope)).map((camera) => camera.id));
  const app = await createHttpServer({
    connectionGuards: clients.httpGuards,
    config,
    logger,
    metrics,
    version: VERSION,
    healthChecks: { retention: () => retention.purge.alert().retentionMet, storage: () => retention.storage.healthy() },
    plugins: [
      // [routes]
      ingestRoutes({ ingest, visibleCameraIds }),
      liveRoutes({ hub, transcoders: liveTranscoders, journal, clock }),
      accessRoutes(access, journal),
      journalRoutes(journal, { dataDir: config.dataDir, camerasOfCommune: async (insee) => (await territory.cameras.list({ all: false, communes: [insee] })).map((camera) => camera.id) }),
      territoryRoutes(territory),
      playbackRoutes({
        recording,
        retention: retention.purge,
        holds: retention.holds,
        access,
        visibleCameraIds,
        bookmarks,
        clock,
        logger: logger.child({ component: 'playback' }),
      }),
      exportRoutes(exports, access),
      wallRoutes({ wall, access, journal, clock, logger: logger.child({ component: 'wall' }), visibleCameraIds, thumbnails: wallThumbnails }),
      watchRoutes(watch),
      ptzRoutes(ptz),
      onvifOnboardingRoutes({ ptz, territory }),
      maskRoutes(masks.service, masks.calibrator === undefined ? undefined : { pictures: hub, ptz, calibrator: masks.calibrator, push: masks.push }),
      alertRoutes({
        ...alerts,
        clock,
        cameraName: async (cameraId) => (await territory.cameras.get(cameraId))?.name,
        cameraCommune: (cameraId) => territory.cameraCommune(cameraId),
        access,
      }),
      workspaceRoutes(workspace),
      retentionRoutes(retention),
      registerRoutes({
        journal,
        clock,
        sources: {
          accounts: () => access.users.list(),
          cameras: (scope) => territory.cameras.list(scope),
          holds: () => retention.holds.list(true),
          exports: () => exports.list(),
          destructions: (fromMs, toMs) => retention.register.list(fromMs, toMs),
          requisitions: () => requisitions.all(),
          accessRequests: () => accessRequests.list(),
          masks: () => maskChangesFromJournal(journal),
          analyses: () => alerts.governance.activations(),
        },
      }),
      reports.routes,
      requisitionRoutes(requisitions),
      accessRequestRoutes(accessRequests),
      searchRoutes(forensicSearch),
      trajectories.routes,
      requisitionRoom,
      registrationMapRoutes({ cameras: (scope) => territory.cameras.list(scope), outlines: (scope) => workspace.communeOutlines(scope) }),
      investigatorChoiceRoutes(requisitions),
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
    alerts,
    close: () => closeInReverse(closers, logger),
  };
}

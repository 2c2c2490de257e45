// The ingest capability: one camera link per enabled camera stream (main always on, because recording needs
// it; sub on demand), following the territory's camera changes, with health, metrics and state events.
import type { Registry } from 'prom-client';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Hub } from '../media/hub/index.js';
import { CameraLink, type StreamTarget } from './camera-link.js';
import type { LinkError, StreamHealth, StreamStateChange } from './health.js';
import { registerIngestMetrics } from './metrics.js';
import type { OpenSession } from './source-session.js';

/** What the ingest needs from the territory (the Territory of territory/index.ts is one). */
export interface IngestTerritory {
  readonly cameras: { list(scope: { readonly all: true }): Promise<ReadonlyArray<{ readonly id: string; readonly enabled: boolean }>> };
  cameraStreams(cameraId: string): Promise<{ readonly main: StreamTarget; readonly sub?: StreamTarget }>;
  onCameraChange(listener: (change: { readonly kind: 'created' | 'updated' | 'removed'; readonly camera: { readonly id: string; readonly enabled: boolean } }) => void): () => void;
}

export interface CameraHealth {
  readonly cameraId: string;
  readonly main: StreamHealth;
  readonly sub: StreamHealth | undefined;
}

export interface IngestDeps {
  readonly hub: Hub;
  readonly territory: IngestTerritory;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly clock: Clock;
  readonly openSession: OpenSession;
  readonly transport?: 'tcp' | 'udp';
  /** An unwatched sub stream is disconnected this long after its last consumer left. */
  readonly subStopAfterMs?: number;
  readonly stallTimeoutMs?: number;
}

export interface Ingest {
  start(): Promise<void>;
  health(cameraId: string): CameraHealth | undefined;
  healthAll(): readonly CameraHealth[];
  onStateChange(listener: (change: StreamStateChange) => void): () => void;
  close(): Promise<void>;
}

/** Seconds between two reports of pictures dropped for slow consumers. */
const DROP_REPORT_TICKS = 60;

interface CameraEntry {
  readonly main: CameraLink;
  readonly sub: CameraLink | undefined;
  readonly withdrawSub: (() => void) | undefined;
  readonly targets: string;
}

export function createIngest(deps: IngestDeps): Ingest {
  const logger = deps.logger.child({ component: 'ingest' });
  const cameras = new Map<string, CameraEntry>();
  const listeners = new Set<(change: StreamStateChange) => void>();
  const lastLoggedError = new Map<string, string>();
  // Changes to one camera are applied one after the other, whatever order their events arrive in.
  const pending = new Map<string, Promise<void>>();
  let unsubscribeTerritory: (() => void) | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let closed = false;

  const links = (): CameraLink[] => [...cameras.values()].flatMap((entry) => (entry.sub === undefined ? [entry.main] : [entry.main, entry.sub]));
  registerIngestMetrics(deps.metrics, () => links().map((link) => link.health()));

  const stateChanged = (change: StreamStateChange): void => {
    logger.info({ camera: change.cameraId, stream: change.stream, from: change.from, to: change.to, error: change.error?.message }, `camera stream ${change.to}`);
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        logger.error({ err: error }, 'camera state listener failed');
      }
    }
  };

  const sessionError = (streamKey: string, error: LinkError): void => {
    // A dead camera retries every 30 s: log when the problem changes, not at every attempt.
    const fingerprint = `${error.kind} ${error.message}`;
    const level = lastLoggedError.get(streamKey) === fingerprint ? 'debug' : 'warn';
    lastLoggedError.set(streamKey, fingerprint);
    logger[level]({ stream: streamKey, kind: error.kind }, error.message);
  };

  // Consumers too slow for a stream lose pictures (the hub skips them to the next keyframe): one line per
  // stream and interval with the count, never one per picture.
  let droppedBefore = new Map<string, number>();
  const reportDrops = (): void => {
    const dropped = new Map<string, number>();
    for (const stream of deps.hub.stats()) {
      const before = droppedBefore.get(stream.streamKey) ?? 0;
      if (stream.unitsDropped > before) logger.warn({ stream: stream.streamKey, dropped: stream.unitsDropped - before, subscribers: stream.subscribers }, 'slow consumers skipped pictures');
      dropped.set(stream.streamKey, stream.unitsDropped);
    }
    droppedBefore = dropped;
  };

  const createLink = (cameraId: string, stream: 'main' | 'sub', target: StreamTarget): CameraLink =>
    new CameraLink({
      cameraId,
      stream,
      target,
      hub: deps.hub,
      openSession: deps.openSession,
      clock: deps.clock,
      ...(deps.transport === undefined ? {} : { transport: deps.transport }),
      ...(deps.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: deps.stallTimeoutMs }),
      onStateChange: stateChanged,
      onSessionError: (error) => sessionError(`${cameraId}/${stream}`, error),
    });

  const addCamera = async (cameraId: string): Promise<void> => {
    const streams = await deps.territory.cameraStreams(cameraId);
    if (closed || cameras.has(cameraId)) return;
    const main = createLink(cameraId, 'main', streams.main);
    const sub = streams.sub === undefined ? undefined : createLink(cameraId, 'sub', streams.sub);
    const withdrawSub =
      sub === undefined ? undefined : deps.hub.declareOnDemand(sub.streamKey, { start: () => sub.start(), stop: () => void sub.stop() }, { stopAfterMs: deps.subStopAfterMs ?? 10_000 });
    cameras.set(cameraId, { main, sub, withdrawSub, targets: JSON.stringify(streams) });
    main.start();
  };

  const removeCamera = async (cameraId: string): Promise<void> => {
    const entry = cameras.get(cameraId);
    if (entry === undefined) return;
    cameras.delete(cameraId);
    entry.withdrawSub?.();
    await Promise.all([entry.main.stop(), entry.sub?.stop()]);
    lastLoggedError.delete(`${cameraId}/main`);
    lastLoggedError.delete(`${cameraId}/sub`);
  };

  const updateCamera = async (cameraId: string, enabled: boolean): Promise<void> => {
    const entry = cameras.get(cameraId);
    if (!enabled) return removeCamera(cameraId);
    if (entry === undefined) return addCamera(cameraId);
    const streams = await deps.territory.cameraStreams(cameraId);
    if (JSON.stringify(streams) === entry.targets) return;
    if ((streams.sub === undefined) !== (entry.sub === undefined)) {
      await removeCamera(cameraId);
      return addCamera(cameraId);
    }
    // Same streams, new address or credentials: reconnect in place so consumers keep their subscriptions.
    entry.main.retarget(streams.main);
    if (streams.sub !== undefined) entry.sub?.retarget(streams.sub);
    cameras.set(cameraId, { ...entry, targets: JSON.stringify(streams) });
  };

  const serialize = (cameraId: string, work: () => Promise<void>): void => {
    const next = (pending.get(cameraId) ?? Promise.resolve()).then(work).catch((error: unknown) => logger.error({ err: error, camera: cameraId }, 'could not apply a camera change'));
    pending.set(cameraId, next);
    void next.finally(() => {
      if (pending.get(cameraId) === next) pending.delete(cameraId);
    });
  };

  return {
    async start() {
      unsubscribeTerritory = deps.territory.onCameraChange((change) => {
        if (closed) return;
        const { id, enabled } = change.camera;
        serialize(id, () => (change.kind === 'removed' ? removeCamera(id) : updateCamera(id, enabled)));
      });
      const list = await deps.territory.cameras.list({ all: true });
      for (const camera of list) if (camera.enabled) serialize(camera.id, () => addCamera(camera.id));
      await Promise.all(pending.values());
      let ticks = 0;
      ticker = setInterval(() => {
        for (const link of links()) link.tick();
        ticks += 1;
        if (ticks % DROP_REPORT_TICKS === 0) reportDrops();
      }, 1000);
      ticker.unref();
    },
    health(cameraId) {
      const entry = cameras.get(cameraId);
      return entry === undefined ? undefined : { cameraId, main: entry.main.health(), sub: entry.sub?.health() };
    },
    healthAll() {
      return [...cameras.entries()].map(([cameraId, entry]) => ({ cameraId, main: entry.main.health(), sub: entry.sub?.health() }));
    },
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      unsubscribeTerritory?.();
      if (ticker !== undefined) clearInterval(ticker);
      await Promise.all(pending.values());
      await Promise.all([...cameras.keys()].map((id) => removeCamera(id)));
    },
  };
}

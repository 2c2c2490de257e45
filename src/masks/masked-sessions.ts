// Where masks meet the ingest: the session opener the camera links use. A camera without masks gets the
// camera's session untouched (zero transcoding). A masked camera's session is fed to a mask pipeline and only
// the pipeline's output reaches the link, hence the hub keys every consumer reads (recording, live, playback,
// snapshots, exports, restream). A pipeline failure ends the session: the link publishes nothing until a new
// masked session runs; it never reopens the camera unmasked. A mask added to or removed from a camera cuts its
// open sessions so that they reopen in the other mode. A camera whose masks are pushed to it and verified
// (camera-push.ts) is opened untouched too; while Vigie still burns its masks in, the camera's own pictures can
// be read (never stored nor served) through `cameraPictures`, to check that the camera applies them.
// Fixed masks (picture space) are burned in by one ffmpeg with the polygons of the session's start: a picture
// coming out after the camera's masks changed is dropped and the session closed at once, so that it reopens
// with the new masks (nothing masked with stale polygons is published). PTZ masks (angular) are projected for
// each picture in Node.
import { VigieError } from '../core/errors.js';
import type { OpenSession, SourceSession } from '../ingest/index.js';
import type { AccessUnit, StreamConsumer, StreamSource, Subscription, TrackInfo } from '../media/hub/index.js';
import type { MaskEncoder } from './encoder.js';
import type { Point } from './geometry.js';
import type { CameraMasks } from './model.js';
import { MaskPipeline, type MaskPipelineStats } from './pipeline.js';
import { PositionHistory, type PtzPositionFeed } from './position.js';
import { CAMERA_LATENCY_MS, projectMasks } from './projection.js';

/** A masked session is opened once its first masked keyframe is encoded; longer than this is a failure. */
const FIRST_PICTURE_TIMEOUT_MS = 20_000;

export interface MaskedSessionsDeps {
  readonly inner: OpenSession;
  readonly masks: { load(): Promise<void>; masksOf(cameraId: string): CameraMasks | undefined };
  readonly encoder: MaskEncoder;
  readonly positions?: PtzPositionFeed | undefined;
  readonly ffmpegPath?: string;
  /** The camera's pipeline failed: it records and serves nothing (the caller raises the alert). */
  readonly onFailure: (cameraId: string, stream: string, error: VigieError) => void;
  /** A masked session delivers pictures again. */
  readonly onRunning?: (cameraId: string, stream: string) => void;
  /** Each masked picture's position lag (ms), for the benchmark and metrics. */
  readonly onLag?: (cameraId: string, lagMs: number) => void;
  /** True when the camera applies its masks itself and that was verified: Vigie serves its stream untouched. */
  readonly appliedByCamera?: (cameraId: string) => boolean;
}

export interface MaskedSessions {
  readonly open: OpenSession;
  /** Closes the camera's open sessions (its masks were added or removed). */
  cut(cameraId: string): void;
  /** Pipelines running now, by "<cameraId>/<stream>". */
  stats(): ReadonlyMap<string, MaskPipelineStats>;
  /** The camera's own pictures entering its mask pipelines ("<cameraId>/<stream>" keys), for checks only. */
  readonly cameraPictures: StreamSource;
  close(): void;
}

interface OpenEntry {
  readonly close: () => void;
  readonly pipeline: MaskPipeline | undefined;
  readonly stream: string;
}

/** The same polygons, point for point. */
function samePolygons(a: ReadonlyArray<readonly Point[]>, b: ReadonlyArray<readonly Point[]>): boolean {
  return (
    a.length === b.length &&
    a.every((polygon, i) => {
      const other = b[i] as readonly Point[];
      return polygon.length === other.length && polygon.every((p, j) => p.x === (other[j] as Point).x && p.y === (other[j] as Point).y);
    })
  );
}

export function maskedSessions(deps: MaskedSessionsDeps): MaskedSessions {
  const open = new Map<string, Set<OpenEntry>>();
  const histories = new Map<string, { history: PositionHistory; unsubscribe: () => void; users: number }>();
  const taps = new Map<string, Set<StreamConsumer>>();
  const tapped = (key: string, track: TrackInfo, unit: AccessUnit): void => {
    for (const consumer of taps.get(key) ?? []) {
      consumer.start(track);
      void consumer.accept(unit);
    }
  };
  const cameraPictures: StreamSource = {
    subscribe(streamKey, consumer): Subscription {
      let set = taps.get(streamKey);
      if (set === undefined) taps.set(streamKey, (set = new Set()));
      const started = new WeakSet<TrackInfo>();
      // start() once per track: the consumer is told again only when the pipeline's input track changes.
      const once: StreamConsumer = {
        label: consumer.label,
        start: (track) => {
          if (started.has(track)) return;
          started.add(track);
          consumer.start(track);
        },
        accept: (unit) => consumer.accept(unit),
        stop: (reason) => consumer.stop(reason),
      };
      set.add(once);
      return {
        stats: () => ({ unitsDelivered: 0, unitsDropped: 0, queuedBytes: 0 }),
        close: () => {
          set.delete(once);
          if (set.size === 0 && taps.get(streamKey) === set) taps.delete(streamKey);
        },
      };
    },
  };

  const track = (cameraId: string, entry: OpenEntry): (() => void) => {
    let set = open.get(cameraId);
    if (set === undefined) open.set(cameraId, (set = new Set()));
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0 && open.get(cameraId) === set) open.delete(cameraId);
    };
  };

  const historyOf = (cameraId: string): { history: PositionHistory; release: () => void } | undefined => {
    const feed = deps.positions;
    if (feed === undefined) return undefined;
    let entry = histories.get(cameraId);
    if (entry === undefined) {
      const history = new PositionHistory();
      const unsubscribe = feed.subscribe(cameraId, (position) => history.add(position));
      entry = { history, unsubscribe, users: 0 };
      histories.set(cameraId, entry);
    }
    entry.users += 1;
    const held = entry;
    return {
      history: held.history,
      release: () => {
        held.users -= 1;
        if (held.users === 0 && histories.get(cameraId) === held) {
          held.unsubscribe();
          histories.delete(cameraId);
        }
      },
    };
  };

  const openMasked = async (cameraId: string, stream: string, target: Parameters<OpenSession>[0], events: Parameters<OpenSession>[1]): Promise<SourceSession> => {
    const label = `masks ${cameraId}/${stream}`;
    const positions = historyOf(cameraId);
    let pipeline: MaskPipeline | undefined;
    let failure: ((error: VigieError) => void) | undefined;
    const failed = new Promise<VigieError>((resolve) => (failure = resolve));
    let firstTrack: ((track: TrackInfo) => void) | undefined;
    const firstTrackSeen = new Promise<TrackInfo>((resolve) => (firstTrack = resolve));
    const early: Parameters<typeof events.unit>[0][] = [];
    const polygonsAt = (atMs: number, lateMs: number): ReturnType<typeof projectMasks>['polygons'] => {
      const masks = deps.masks.masksOf(cameraId);
      // Masks removed while this session runs: the cut that follows reopens unmasked; until then, cover all.
      if (masks === undefined)
        return [
          [
            { x: 0, y: 0 },
            { x: 1, y: 0 },
            { x: 1, y: 1 },
            { x: 0, y: 1 },
          ],
        ];
      const now = deps.positions?.position(cameraId);
      if (now !== undefined) positions?.history.add(now);
      const projection = projectMasks(masks, positions?.history, atMs, CAMERA_LATENCY_MS + lateMs);
      if (masks.space === 'angular') deps.onLag?.(cameraId, projection.lagMs);
      return projection.polygons;
    };
    // Fixed masks as the session opens: burned in by one ffmpeg; any change afterwards ends this session.
    const opened = deps.masks.masksOf(cameraId);
    const fixed = opened?.space === 'picture' ? opened.polygons : undefined;
    const stale = (): boolean => {
      if (fixed === undefined) return false;
      const now = deps.masks.masksOf(cameraId);
      return now?.space !== 'picture' || !samePolygons(now.polygons, fixed);
    };
    let closeStale: (() => void) | undefined;
    const startPipeline = (track: TrackInfo): MaskPipeline => {
      const created = new MaskPipeline({
        label,
        track,
        encoder: deps.encoder,
        masking: fixed === undefined ? { kind: 'per-picture', polygonsAt } : { kind: 'fixed', polygons: fixed },
        ffmpegPath: deps.ffmpegPath,
        onTrack: (output) => {
          if (stale()) {
            closeStale?.();
            return;
          }
          firstTrack?.(output);
          events.track(output);
        },
        onUnit: (unit) => {
          if (stale()) {
            // Masked with the old polygons: never published. The session reopens with the new ones.
            closeStale?.();
            return;
          }
          events.unit(unit);
        },
        onFailure: (error) => failure?.(error),
      });
      created.start();
      return created;
    };
    let inner: SourceSession;
    try {
      inner = await deps.inner(target, {
        unit: (unit) => {
          if (pipeline !== undefined) {
            pipeline.feed(unit);
            tapped(`${cameraId}/${stream}`, pipeline.track, unit);
          } else if (early.length < 50) early.push({ ...unit, nalUnits: unit.nalUnits.map((nal) => nal.slice()), sample: new Uint8Array(0), storage: undefined });
        },
        track: (next) => {
          // A new picture size mid-stream: this pipeline cannot carry it; the session ends and reopens.
          if (pipeline !== undefined && (next.width !== pipeline.track.width || next.height !== pipeline.track.height))
            failure?.(new VigieError('VIGIE_MASK_PIPELINE_FAILED', `${label}: the picture size changed`));
        },
      });
    } catch (error) {
      positions?.release();
      throw error;
    }
    try {
      pipeline = startPipeline(inner.track);
    } catch (error) {
      inner.close();
      positions?.release();
      throw error;
    }
    for (const unit of early.splice(0)) pipeline.feed(unit);
    const running = pipeline;
    const untrack = track(cameraId, { close: () => inner.close(), pipeline: running, stream });
    const closeAll = (): void => {
      running.stop();
      inner.close();
      untrack();
      positions?.release();
    };
    closeStale = closeAll;
    const timeout = new Promise<VigieError>((resolve) =>
      setTimeout(() => resolve(new VigieError('VIGIE_MASK_PIPELINE_FAILED', `${label}: no masked picture after ${FIRST_PICTURE_TIMEOUT_MS / 1000} s`)), FIRST_PICTURE_TIMEOUT_MS).unref(),
    );
    const first = await Promise.race([
      firstTrackSeen,
      failed,
      timeout,
      inner.ended.then((reason) => (reason instanceof Error ? reason : new VigieError('VIGIE_MASK_PIPELINE_FAILED', `${label}: the camera session ended`))),
    ]);
    if (first instanceof Error) {
      closeAll();
      if (first instanceof VigieError && first.code === 'VIGIE_MASK_PIPELINE_FAILED') deps.onFailure(cameraId, stream, first);
      throw first;
    }
    deps.onRunning?.(cameraId, stream);
    const ended = Promise.race([
      inner.ended,
      failed.then((error) => {
        deps.onFailure(cameraId, stream, error);
        return error;
      }),
    ]).finally(closeAll);
    return { track: first, ended, counters: () => inner.counters(), close: closeAll };
  };

  return {
    async open(target, events) {
      const cameraId = target.cameraId;
      if (cameraId === undefined) return deps.inner(target, events);
      // Unknown until read: a camera is never opened before its masks are known.
      await deps.masks.load();
      const stream = target.stream ?? 'main';
      if (deps.masks.masksOf(cameraId) !== undefined && deps.appliedByCamera?.(cameraId) !== true) return openMasked(cameraId, stream, target, events);
      const session = await deps.inner(target, events);
      const untrack = track(cameraId, { close: () => session.close(), pipeline: undefined, stream });
      void session.ended.finally(untrack);
      return session;
    },
    cut(cameraId) {
      for (const entry of open.get(cameraId) ?? []) entry.close();
    },
    cameraPictures,
    stats() {
      const result = new Map<string, MaskPipelineStats>();
      for (const [cameraId, entries] of open) for (const entry of entries) if (entry.pipeline !== undefined) result.set(`${cameraId}/${entry.stream}`, entry.pipeline.stats);
      return result;
    },
    close() {
      for (const entries of open.values()) for (const entry of entries) entry.close();
    },
  };
}

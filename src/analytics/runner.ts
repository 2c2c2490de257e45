// The live runner: one pipeline per analysed camera, frames from its sub stream, the detector shared by all.
// A detector that fails to load, a worker that crashes, a camera that stops: that camera shows as not running
// with the reason in French and retries; no event is invented; the other cameras carry on.
import type { Logger } from '../core/logger.js';
import type { StreamSource } from '../media/hub/index.js';
import { DetectorPool } from './detector-pool.js';
import { analysisSize, FrameSource, probeSource } from './frames.js';
import { HubFrames } from './hub-frames.js';
import { CameraPipeline } from './pipeline.js';
import type { Detector } from './detector.js';
import type { AnalysisStatus, AnalyticsEvent, CameraAnalysis } from './model.js';
import type { Detection, DetectionStore } from './store.js';

export interface AnalyticsRunnerDeps {
  readonly logger: Logger;
  readonly detections: DetectionStore;
  /** The detector (default: tfjs + wasm in 2 worker threads, loaded at the first analysed camera). */
  readonly detector?: Detector;
  /** Vigie's hub: cameras configured with a `streamKey` are read from it. */
  readonly pictures?: StreamSource;
  /** Wall clock (ms) stamped on frames. */
  readonly now?: () => number;
  /** Wait before retrying a camera that stopped (ms). */
  readonly retryMs?: number;
}

export interface AnalyticsRunner {
  /** Starts, changes or (null) stops the analysis of a camera. */
  configure(analysis: CameraAnalysis): void;
  configure(cameraId: string, analysis: CameraAnalysis | null): void;
  /** Every event of every camera: once at its start (phase 'start'), once at its end (phase 'end'). */
  onEvent(listener: (event: AnalyticsEvent) => void): () => void;
  status(cameraId: string): AnalysisStatus;
  /** Cameras being analysed. */
  cameras(): string[];
  close(): Promise<void>;
}

const NOT_CONFIGURED = "L'analyse n'est pas activée sur cette caméra.";

class CameraRun {
  stopped = false;
  status: AnalysisStatus = { running: false, reason: "L'analyse démarre." };
  private source: FrameSource | HubFrames | undefined;
  private retry: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly analysis: CameraAnalysis,
    private readonly context: {
      readonly detector: () => Promise<Detector>;
      readonly emit: (event: AnalyticsEvent) => void;
      readonly store: (rows: Detection[]) => void;
      readonly logger: Logger;
      readonly now: () => number;
      readonly retryMs: number;
      readonly pictures: StreamSource | undefined;
    },
  ) {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.source?.close();
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const reason = await this.runOnce().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      if (this.stopped) return;
      this.status = { running: false, reason: `L'analyse est arrêtée : ${reason}. Nouvel essai dans ${Math.round(this.context.retryMs / 1000)} s.` };
      this.context.logger.warn({ cameraId: this.analysis.cameraId, reason }, 'analytics stopped on a camera');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.retry = setTimeout(resolve, this.context.retryMs);
      });
    }
  }

  /** Runs until something stops it; resolves with the reason (French). */
  private async runOnce(): Promise<string> {
    const { analysis } = this;
    let detector: Detector;
    try {
      detector = await this.context.detector();
    } catch (error) {
      return error instanceof Error ? error.message : 'les modèles de détection ne se chargent pas';
    }
    if (this.stopped) return 'arrêt demandé';
    const fps = Math.max(0.5, Math.min(25, analysis.fps));
    let source: FrameSource | HubFrames;
    let size: { width: number; height: number };
    if (analysis.streamKey !== undefined) {
      if (this.context.pictures === undefined) return "le flux de la caméra n'est pas disponible";
      source = new HubFrames(this.context.pictures, analysis.streamKey, fps);
      this.source = source;
      const known = await source.size(15_000);
      if (typeof known === 'string') {
        source.close();
        return known;
      }
      size = known;
    } else {
      const info = analysis.sourceUrl === undefined ? null : await probeSource(analysis.sourceUrl);
      if (info === null || analysis.sourceUrl === undefined) return "le flux de la caméra ne répond pas ou n'est pas lisible";
      size = analysisSize(info);
      source = new FrameSource({ url: analysis.sourceUrl, ...size, fps });
      this.source = source;
    }
    if (this.stopped) {
      source.close();
      return 'arrêt demandé';
    }
    const pipeline = new CameraPipeline({ cameraId: analysis.cameraId, ...size, rules: analysis.rules, excluded: analysis.excluded, detector, onDetections: this.context.store });
    this.status = { running: true };
    try {
      for (;;) {
        source.skipToNewest();
        const frame = await source.next();
        if (this.stopped) return 'arrêt demandé';
        if (frame === null) {
          const detail = source.errorText.split('\n').pop() ?? '';
          return `le flux de la caméra ne donne plus d'images${detail === '' ? '' : ` (${detail.slice(0, 160)})`}`;
        }
        const outcome = await pipeline.process(frame, this.context.now());
        for (const event of outcome.opened) this.context.emit({ ...event, phase: 'start' });
        for (const event of outcome.closed) this.context.emit({ ...event, phase: 'end' });
      }
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      source.close();
      this.source = undefined;
      // Events still open end here: what was seen until now, nothing more.
      for (const event of pipeline.finish()) this.context.emit({ ...event, phase: 'end' });
    }
  }
}

export function createAnalyticsRunner(deps: AnalyticsRunnerDeps): AnalyticsRunner {
  const runs = new Map<string, CameraRun>();
  const listeners = new Set<(event: AnalyticsEvent) => void>();
  const now = deps.now ?? Date.now;
  let detector: Detector | undefined = deps.detector;
  let loading: Promise<Detector> | undefined;
  let pending: Detection[] = [];
  let flushing = false;

  const getDetector = (): Promise<Detector> => {
    loading ??= (async () => {
      detector ??= new DetectorPool({ workers: 2, pose: true });
      await detector.load();
      return detector;
    })();
    // A failed load is tried again at the next retry.
    loading.catch(() => (loading = undefined));
    return loading;
  };

  const flush = async (): Promise<void> => {
    if (flushing || pending.length === 0) return;
    flushing = true;
    const rows = pending;
    pending = [];
    try {
      await deps.detections.insertBatch(rows);
    } catch (error) {
      deps.logger.error({ err: error, rows: rows.length }, 'detections could not be stored');
    } finally {
      flushing = false;
    }
  };
  const timer = setInterval(() => void flush(), 1000);
  timer.unref();

  const context = {
    detector: getDetector,
    emit: (event: AnalyticsEvent) => {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          deps.logger.error({ err: error }, 'analytics event listener failed');
        }
      }
    },
    store: (rows: Detection[]) => {
      pending.push(...rows);
      if (pending.length > 5000) pending = pending.slice(-5000);
    },
    logger: deps.logger,
    now,
    retryMs: deps.retryMs ?? 5000,
    pictures: deps.pictures,
  };

  function configure(first: CameraAnalysis | string, second?: CameraAnalysis | null): void {
    const cameraId = typeof first === 'string' ? first : first.cameraId;
    const analysis = typeof first === 'string' ? (second ?? null) : first;
    const current = runs.get(cameraId);
    if (current !== undefined && analysis !== null && JSON.stringify(current.analysis) === JSON.stringify(analysis)) return;
    current?.stop();
    runs.delete(cameraId);
    if (analysis === null || analysis.rules.length === 0) return;
    runs.set(cameraId, new CameraRun({ ...analysis, cameraId }, context));
  }

  return {
    configure,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status(cameraId) {
      return runs.get(cameraId)?.status ?? { running: false, reason: NOT_CONFIGURED };
    },
    cameras: () => [...runs.keys()],
    async close() {
      for (const run of runs.values()) run.stop();
      runs.clear();
      clearInterval(timer);
      await flush();
      await detector?.close();
    },
  };
}

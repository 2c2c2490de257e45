// Keeps one recorder per enabled camera's main stream (and sub stream, when configured and the camera has
// one), subscribed to the hub, following camera changes;
// reconciles the index with the files before recording starts; reports each camera's recording status with
// the legal-floor profile warning.
import type { Logger } from '../core/logger.js';
import type { StreamSource, Subscription } from '../media/hub/index.js';
import type { Camera, CameraChangeListener } from '../territory/index.js';
import { profileWarning } from './profile-check.js';
import { Recorder, type RecorderState } from './recorder.js';
import { reconcile, type ReconcileReport } from './recovery.js';
import type { SegmentStore } from './segment-store.js';
import type { Volumes } from './volumes.js';
import type { FlushScheduler } from './flush-scheduler.js';

export interface CameraDirectory {
  list(): Promise<readonly Camera[]>;
  get(id: string): Promise<Camera | undefined>;
  onCameraChange(listener: CameraChangeListener): () => void;
}

export interface RecordingServiceOptions {
  readonly store: SegmentStore;
  readonly volumes: Volumes;
  readonly cameras: CameraDirectory;
  /** The hub; undefined while no media engine is wired (nothing is recorded, the archive stays readable). */
  readonly source: StreamSource | undefined;
  readonly segmentSeconds: number;
  /** Durability and indexing for all the service's recorders. */
  readonly scheduler?: FlushScheduler;
  readonly enabled: boolean;
  /** Also record the sub stream of cameras that have one (`<cameraId>/sub`). */
  readonly subStreams: boolean;
  readonly logger: Logger;
}

export interface CameraRecordingStatus {
  readonly cameraId: string;
  readonly state: RecorderState | 'disabled';
  readonly lastFragmentEndMs: number | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly frameRate: number | null;
  /** Set when the recorded profile is below the legal floor. */
  readonly warning: string | null;
}

interface StreamRecording {
  readonly recorder: Recorder;
  readonly subscription: Subscription;
}

interface Running {
  readonly camera: Camera;
  readonly main: StreamRecording;
  readonly sub: StreamRecording | undefined;
}

/** Per stream: rides out a stall of several seconds (disk flush, purge) at 2–8 Mbit/s without a drop. */
const QUEUE_BYTES = 32 * 1024 * 1024;

export class RecordingService {
  readonly #o: RecordingServiceOptions;
  readonly #running = new Map<string, Running>();
  #unsubscribe: (() => void) | undefined;

  constructor(options: RecordingServiceOptions) {
    this.#o = options;
  }

  async start(): Promise<ReconcileReport> {
    const report = await reconcile(this.#o.store, this.#o.volumes, this.#o.logger);
    this.#o.logger.info(report, 'recording index reconciled with the files');
    if (!this.#o.enabled || this.#o.source === undefined) return report;
    for (const camera of await this.#o.cameras.list()) this.#follow(camera);
    this.#unsubscribe = this.#o.cameras.onCameraChange((change) => {
      this.#drop(change.camera.id);
      if (change.kind !== 'removed') this.#follow(change.camera);
    });
    return report;
  }

  #follow(camera: Camera): void {
    const source = this.#o.source;
    if (!camera.enabled || source === undefined) return;
    const record = (stream: string): StreamRecording => {
      const recorder = new Recorder({
        cameraId: camera.id,
        stream,
        segmentSeconds: this.#o.segmentSeconds,
        volumes: this.#o.volumes,
        store: this.#o.store,
        logger: this.#o.logger,
        ...(this.#o.scheduler === undefined ? {} : { scheduler: this.#o.scheduler }),
      });
      return { recorder, subscription: source.subscribe(`${camera.id}/${stream}`, recorder, { startAt: 'last-keyframe', maxQueuedBytes: QUEUE_BYTES }) };
    };
    const sub = this.#o.subStreams && camera.subUrl !== null ? record('sub') : undefined;
    this.#running.set(camera.id, { camera, main: record('main'), sub });
  }

  #streams(running: Running): StreamRecording[] {
    return running.sub === undefined ? [running.main] : [running.main, running.sub];
  }

  #drop(cameraId: string): Running | undefined {
    const running = this.#running.get(cameraId);
    if (running === undefined) return undefined;
    this.#running.delete(cameraId);
    for (const stream of this.#streams(running)) stream.subscription.close();
    return running;
  }

  /** Resolves when every recorder has written what it accepted. */
  async drain(): Promise<void> {
    await Promise.all([...this.#running.values()].flatMap((r) => this.#streams(r).map((s) => s.recorder.drain())));
  }

  async status(cameraId: string): Promise<CameraRecordingStatus> {
    const running = this.#running.get(cameraId);
    if (running === undefined) {
      return { cameraId, state: 'disabled', lastFragmentEndMs: null, width: null, height: null, frameRate: null, warning: null };
    }
    const { state, track, lastFragmentEndMs } = running.main.recorder.status();
    return {
      cameraId,
      state,
      lastFragmentEndMs: lastFragmentEndMs ?? null,
      width: track?.width ?? null,
      height: track?.height ?? null,
      frameRate: track?.frameRate ?? null,
      warning: profileWarning({ narrowField: running.camera.narrowField, width: track?.width, height: track?.height, frameRate: track?.frameRate }) ?? null,
    };
  }

  async statuses(): Promise<CameraRecordingStatus[]> {
    return Promise.all([...this.#running.keys()].map((id) => this.status(id)));
  }

  async close(): Promise<void> {
    this.#unsubscribe?.();
    const running = [...this.#running.keys()].map((id) => this.#drop(id));
    await Promise.all(running.flatMap((r) => (r === undefined ? [] : this.#streams(r).map((s) => s.recorder.drain()))));
  }
}

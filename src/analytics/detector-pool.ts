// The built-in detector: tfjs + wasm in worker threads (2 at most: a third brings nothing on the measured
// machines, feasibility §3a). Requests queue per key (camera) and the workers serve the keys in turn, so one busy
// camera cannot starve the others. A worker that dies fails its request and is replaced.
import { Worker } from 'node:worker_threads';
import type { DetectRequest, DetectionResult, Detector } from './detector.js';
import type { WorkerReply, WorkerRequest } from './detector-worker.js';

interface Pending {
  readonly id: number;
  readonly key: string;
  readonly request: DetectRequest;
  resolve(result: DetectionResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy?: Pending | undefined;
  ready: boolean;
}

export interface DetectorPoolOptions {
  readonly workers?: number;
  /** Load the pose model too (aggression, person on the ground). */
  readonly pose?: boolean;
}

const WORKER_URL = new URL(`./detector-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Starts a worker that can run the TypeScript sources (through tsx's loader, as bin/vigie.js does). */
function startWorker(pose: boolean): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: { pose } });
}

export class DetectorPool implements Detector {
  private readonly slots: Slot[] = [];
  private readonly queues = new Map<string, Pending[]>();
  private order: string[] = [];
  private nextId = 1;
  private closed = false;
  private loading: Promise<void> | undefined;
  private readonly size: number;
  private readonly pose: boolean;

  constructor(options: DetectorPoolOptions = {}) {
    this.size = Math.max(1, Math.min(2, options.workers ?? 2));
    this.pose = options.pose ?? true;
  }

  load(): Promise<void> {
    this.loading ??= Promise.all(Array.from({ length: this.size }, () => this.spawn())).then(() => undefined);
    return this.loading;
  }

  detect(key: string, request: DetectRequest): Promise<DetectionResult> {
    if (this.closed) return Promise.reject(new Error("l'analyse est arrêtée"));
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(key);
      if (queue === undefined) {
        this.queues.set(key, (queue = []));
        this.order.push(key);
      }
      queue.push({ id: this.nextId++, key, request, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queue of this.queues.values()) for (const p of queue) p.reject(new Error("l'analyse est arrêtée"));
    this.queues.clear();
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const slot: Slot = { worker: startWorker(this.pose), ready: false };
      this.slots.push(slot);
      let settled = false;
      slot.worker.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'loaded') {
          slot.ready = true;
          settled = true;
          resolve();
          this.dispatch();
        } else if (reply.kind === 'failed') {
          settled = true;
          reject(new Error(`les modèles de détection ne se chargent pas (${reply.reason})`));
          void slot.worker.terminate();
        } else {
          const pending = slot.busy;
          slot.busy = undefined;
          if (pending !== undefined && pending.id === reply.id) {
            if (reply.kind === 'result') pending.resolve(reply.result);
            else pending.reject(new Error(`la détection a échoué (${reply.reason})`));
          }
          this.dispatch();
        }
      });
      slot.worker.on('error', () => undefined);
      slot.worker.on('exit', () => {
        this.slots.splice(this.slots.indexOf(slot), 1);
        slot.busy?.reject(new Error("le processus d'analyse s'est arrêté"));
        slot.busy = undefined;
        if (!settled) {
          settled = true;
          reject(new Error("le processus d'analyse s'est arrêté au chargement des modèles"));
        } else if (!this.closed && slot.ready) this.spawn().catch(() => undefined);
      });
    });
  }

  /** Gives each idle worker the oldest request of the next key in turn. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.busy !== undefined) continue;
      const key = this.order.find((k) => (this.queues.get(k)?.length ?? 0) > 0);
      if (key === undefined) return;
      const pending = this.queues.get(key)?.shift() as Pending;
      this.order = [...this.order.filter((k) => k !== key), key];
      slot.busy = pending;
      const message: WorkerRequest = { id: pending.id, request: pending.request };
      slot.worker.postMessage(message);
    }
  }

  /** For tests: ends one worker abruptly, as a crash would. */
  crashOneWorker(): void {
    void this.slots[0]?.worker.terminate();
  }
}

// One durability clock for all recorders of a process: every tick (`recording.syncIntervalMs`) it fdatasyncs the
// files written since the last tick, a few at a time so plain writes keep threads of the libuv pool, then writes
// the pending index rows of all cameras in one transaction. A fragment is written to the file as soon as it is
// whole, so a crash of Vigie alone loses nothing written; a power cut loses at most a tick. The index may lag the
// file by a tick (start-up recovery re-reads the tail anyway). fdatasync is the costly part of recording (kernel
// time on every file each tick): 2 s instead of 0.5 s took about a fifth off the CPU of `npm run bench -- ingest`.
import type { Logger } from '../core/logger.js';
import type { SegmentSummary } from './fragment-index.js';
import type { SegmentStore } from './segment-store.js';

/** The default of `recording.syncIntervalMs`, for recorders made without a configured scheduler. */
export const DEFAULT_SYNC_INTERVAL_MS = 2000;
/** fdatasyncs in flight at once: leaves the rest of the libuv pool (4 threads) to the recorders' writes. */
const SYNC_CONCURRENCY = 2;

export interface Syncable {
  sync(): Promise<void>;
}

/** Computes an open file's index row when the tick writes it (undefined: nothing to write yet). */
export type PendingSummary = () => SegmentSummary | undefined;

export class FlushScheduler {
  static readonly #shared = new WeakMap<SegmentStore, FlushScheduler>();
  readonly #store: SegmentStore;
  readonly #logger: Logger | undefined;
  readonly #dirty = new Set<Syncable>();
  readonly #rows = new Map<string, PendingSummary>();
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();

  constructor(store: SegmentStore, logger?: Logger, intervalMs = DEFAULT_SYNC_INTERVAL_MS) {
    this.#store = store;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  /** A scheduler with the default interval shared by every recorder given none, per index. */
  static for(store: SegmentStore, logger?: Logger): FlushScheduler {
    let scheduler = FlushScheduler.#shared.get(store);
    if (scheduler === undefined) {
      scheduler = new FlushScheduler(store, logger);
      FlushScheduler.#shared.set(store, scheduler);
    }
    return scheduler;
  }

  markDirty(file: Syncable): void {
    this.#dirty.add(file);
    this.#arm();
  }

  /** Forgets a file about to be closed (close syncs it itself). */
  forget(file: Syncable): void {
    this.#dirty.delete(file);
  }

  /** Writes this open file's row at the next tick (the latest summary wins). */
  updateRow(segmentId: string, summary: PendingSummary): void {
    this.#rows.set(segmentId, summary);
    this.#arm();
  }

  /** Drops a pending row update: the file is being closed and its final row written directly. */
  dropRow(segmentId: string): void {
    this.#rows.delete(segmentId);
  }

  /** Runs a tick now and resolves when everything marked so far is durable and indexed. */
  async flush(): Promise<void> {
    this.#tick = this.#tick.then(() => this.#run());
    await this.#tick;
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#tick = this.#tick.then(() => this.#run());
    }, this.#intervalMs);
    // Pending work never keeps the process alive: writers sync on close, recovery repairs the index.
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    const files = [...this.#dirty];
    this.#dirty.clear();
    const rows = [...this.#rows];
    this.#rows.clear();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let file = files[next++]; file !== undefined; file = files[next++]) {
        await file.sync().catch((error: unknown) => this.#logger?.warn({ err: error }, 'fdatasync of a recording file failed'));
      }
    };
    await Promise.all(Array.from({ length: Math.min(SYNC_CONCURRENCY, files.length) }, worker));
    const updates = rows.flatMap(([id, summary]) => {
      const s = summary();
      return s === undefined ? [] : [{ id, summary: s }];
    });
    if (updates.length > 0) await this.#store.updateRecording(updates).catch((error: unknown) => this.#logger?.error({ err: error }, 'recording index update failed'));
  }
}

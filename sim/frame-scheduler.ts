// One timer for the whole simulator: every TICK_HZ tick visits every stream, instead of one timer per
// camera. Ticks follow the wall clock without drift: a late timer (a loaded machine) runs the missed ticks at
// once so that every stream keeps its frame rate; after a long stall (a paused process) they are skipped.
export type TickListener = (tick: number, nowMs: number) => void;

/** One second of catch-up at most. */
const MAX_LATE_TICKS = 25;

export class FrameScheduler {
  readonly #intervalMs: number;
  readonly #listeners = new Set<TickListener>();
  #startMs = 0;
  #tick = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(hz: number) {
    this.#intervalMs = 1000 / hz;
  }

  /** Adds a listener; the returned function removes it. */
  add(listener: TickListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#startMs = Date.now();
    this.#tick = 0;
    this.#schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    const due = this.#startMs + (this.#tick + 1) * this.#intervalMs;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, due - Date.now()));
  }

  #fire(): void {
    const now = Date.now();
    let behind = Math.max(1, Math.floor((now - this.#startMs) / this.#intervalMs) - this.#tick);
    if (behind > MAX_LATE_TICKS) {
      this.#tick += behind - 1;
      behind = 1;
    }
    for (; behind > 0; behind -= 1) {
      this.#tick += 1;
      for (const listener of this.#listeners) listener(this.#tick, now);
    }
    if (this.#timer !== undefined) this.#schedule();
  }
}

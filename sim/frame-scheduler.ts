// One timer for the whole simulator: every TICK_HZ tick visits every stream, instead of one timer per
// camera. Ticks follow the wall clock without drift; after a stall the missed ticks are skipped, not burst.
export type TickListener = (tick: number, nowMs: number) => void;

const MAX_LATE_TICKS = 3;

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
    const behind = Math.floor((now - this.#startMs) / this.#intervalMs) - this.#tick;
    // Far behind (a paused process, a blocked loop): jump ahead rather than replay a burst of frames.
    if (behind > MAX_LATE_TICKS) this.#tick += behind - 1;
    this.#tick += 1;
    for (const listener of this.#listeners) listener(this.#tick, now);
    if (this.#timer !== undefined) this.#schedule();
  }
}

// The one clock of a synchronized playback: where in recorded time the page is, at what speed, paused or not.
// Every camera tile follows it (seeks, speed, pause) and corrects its own drift against it.

export type ClockChange = { readonly kind: 'seek'; readonly at: number } | { readonly kind: 'speed'; readonly speed: number } | { readonly kind: 'paused'; readonly paused: boolean };

export class MasterClock {
  #anchorMedia: number;
  #anchorReal: number;
  #speed = 1;
  #paused = false;
  readonly #listeners = new Set<(change: ClockChange) => void>();
  readonly #now: () => number;

  constructor(at: number, now: () => number = () => performance.now()) {
    this.#now = now;
    this.#anchorMedia = at;
    this.#anchorReal = now();
  }

  get speed(): number {
    return this.#speed;
  }

  get paused(): boolean {
    return this.#paused;
  }

  position(): number {
    return this.#paused ? this.#anchorMedia : this.#anchorMedia + (this.#now() - this.#anchorReal) * this.#speed;
  }

  seek(at: number): void {
    this.#reanchor(at);
    this.#emit({ kind: 'seek', at });
  }

  setSpeed(speed: number): void {
    this.#reanchor(this.position());
    this.#speed = speed;
    this.#emit({ kind: 'speed', speed });
  }

  setPaused(paused: boolean): void {
    if (paused === this.#paused) return;
    this.#reanchor(this.position());
    this.#paused = paused;
    this.#emit({ kind: 'paused', paused });
  }

  subscribe(listener: (change: ClockChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #reanchor(at: number): void {
    this.#anchorMedia = at;
    this.#anchorReal = this.#now();
  }

  #emit(change: ClockChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

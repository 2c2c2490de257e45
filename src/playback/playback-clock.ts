// The clock of a playback: where in recorded time we are, at what speed, paused or not. Several sessions
// (one per camera) can share one clock: that is synchronized multi-camera playback.

/** Slow motion down to a quarter of real time, to read a plate or a gesture. */
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 16;

export class PlaybackClock {
  #anchorRealMs: number;
  #anchorMediaMs: number;
  #speed: number;
  #paused = false;
  #generation = 0;
  readonly #now: () => number;

  constructor(atMs: number, speed = 1, now: () => number = Date.now) {
    this.#now = now;
    this.#anchorRealMs = now();
    this.#anchorMediaMs = atMs;
    this.#speed = clampSpeed(speed);
  }

  /** Changes on every seek: sessions restart reading from the new position. */
  get generation(): number {
    return this.#generation;
  }

  get speed(): number {
    return this.#speed;
  }

  get paused(): boolean {
    return this.#paused;
  }

  position(): number {
    return this.#paused ? this.#anchorMediaMs : this.#anchorMediaMs + (this.#now() - this.#anchorRealMs) * this.#speed;
  }

  #reanchor(atMs: number): void {
    this.#anchorMediaMs = atMs;
    this.#anchorRealMs = this.#now();
  }

  seek(atMs: number): void {
    this.#reanchor(atMs);
    this.#generation += 1;
  }

  /** Moves forward without a seek (over a gap in the recording). */
  skipTo(atMs: number): void {
    if (atMs > this.position()) this.#reanchor(atMs);
  }

  setSpeed(speed: number): void {
    this.#reanchor(this.position());
    this.#speed = clampSpeed(speed);
  }

  pause(): void {
    this.#reanchor(this.position());
    this.#paused = true;
  }

  play(): void {
    this.#reanchor(this.position());
    this.#paused = false;
  }

  /** Frame by frame: pauses and moves one frame forward. */
  step(frameMs: number): void {
    this.#reanchor(this.position() + frameMs);
    this.#paused = true;
  }
}

export function clampSpeed(speed: number): number {
  return Number.isFinite(speed) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) : 1;
}

/** Clocks shared by the sessions of one user that name the same sync group. */
export class SyncGroups {
  readonly #groups = new Map<string, { clock: PlaybackClock; members: number }>();

  join(key: string, create: () => PlaybackClock): { clock: PlaybackClock; leave: () => void } {
    const group = this.#groups.get(key) ?? { clock: create(), members: 0 };
    group.members += 1;
    this.#groups.set(key, group);
    let left = false;
    return {
      clock: group.clock,
      leave: () => {
        if (left) return;
        left = true;
        group.members -= 1;
        if (group.members === 0) this.#groups.delete(key);
      },
    };
  }
}

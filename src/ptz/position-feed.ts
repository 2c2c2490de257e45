// The head's position as Vigie knows it between two GetStatus answers: the last answer, moved on by the command
// Vigie itself sent since (a velocity for continuous moves, a target for absolute/relative/preset moves), at the
// speeds of ONVIF's generic spaces as the simulator and most heads run them. Each GetStatus corrects it.

export interface PtzPosition {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
  readonly moving: boolean;
  readonly atMs: number;
}

export interface PtzPositionFeed {
  /** Latest known head position in ONVIF generic spaces (pan, tilt in [-1, 1], zoom in [0, 1]); predicted from the moves Vigie sends while moving, corrected by GetStatus. */
  position(cameraId: string): PtzPosition | undefined;
  subscribe(cameraId: string, listener: (position: PtzPosition) => void): () => void;
}

type Axes = { readonly pan: number; readonly tilt: number; readonly zoom: number };

/** Generic-space units per second at velocity 1 (continuous), and the glide speed toward a target. */
export const CONTINUOUS_SPEED = 0.5;
export const GLIDE_SPEED = 1;

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

export class HeadModel {
  #base: Axes;
  #baseMs: number;
  #velocity: Axes | undefined;
  #velocityUntilMs = Infinity;
  #target: Axes | undefined;
  #moving: boolean;

  constructor(at: Axes, moving: boolean, nowMs: number) {
    this.#base = at;
    this.#baseMs = nowMs;
    this.#moving = moving;
  }

  at(nowMs: number): PtzPosition {
    const seconds = Math.max(0, nowMs - this.#baseMs) / 1000;
    if (this.#velocity !== undefined) {
      const v = this.#velocity;
      const s = Math.max(0, Math.min(nowMs, this.#velocityUntilMs) - this.#baseMs) / 1000;
      return {
        pan: clamp(this.#base.pan + v.pan * CONTINUOUS_SPEED * s, -1, 1),
        tilt: clamp(this.#base.tilt + v.tilt * CONTINUOUS_SPEED * s, -1, 1),
        zoom: clamp(this.#base.zoom + v.zoom * CONTINUOUS_SPEED * s, 0, 1),
        moving: nowMs < this.#velocityUntilMs,
        atMs: nowMs,
      };
    }
    if (this.#target !== undefined) {
      const step = GLIDE_SPEED * seconds;
      const toward = (from: number, to: number): number => (Math.abs(to - from) <= step ? to : from + Math.sign(to - from) * step);
      const p = { pan: toward(this.#base.pan, this.#target.pan), tilt: toward(this.#base.tilt, this.#target.tilt), zoom: toward(this.#base.zoom, this.#target.zoom) };
      const arrived = p.pan === this.#target.pan && p.tilt === this.#target.tilt && p.zoom === this.#target.zoom;
      return { ...p, moving: !arrived, atMs: nowMs };
    }
    return { ...this.#base, moving: this.#moving, atMs: nowMs };
  }

  /** A GetStatus answer: the truth as of now. */
  correct(at: Axes, moving: boolean, nowMs: number): void {
    const predicted = this.at(nowMs);
    this.#base = at;
    this.#baseMs = nowMs;
    this.#moving = moving;
    if (!moving) {
      this.#velocity = undefined;
      this.#target = undefined;
    } else if (this.#velocity === undefined && this.#target === undefined && predicted.moving) this.#moving = true;
  }

  continuous(velocity: Axes, nowMs: number, timeoutMs?: number): void {
    this.#rebase(nowMs);
    this.#target = undefined;
    this.#velocity = velocity;
    this.#velocityUntilMs = timeoutMs === undefined ? Infinity : nowMs + timeoutMs;
    this.#moving = true;
  }

  toward(target: Partial<Axes>, nowMs: number): void {
    this.#rebase(nowMs);
    this.#velocity = undefined;
    this.#target = { pan: clamp(target.pan ?? this.#base.pan, -1, 1), tilt: clamp(target.tilt ?? this.#base.tilt, -1, 1), zoom: clamp(target.zoom ?? this.#base.zoom, 0, 1) };
    this.#moving = true;
  }

  stop(nowMs: number): void {
    this.#rebase(nowMs);
    this.#velocity = undefined;
    this.#target = undefined;
    this.#moving = false;
  }

  #rebase(nowMs: number): void {
    const now = this.at(nowMs);
    this.#base = { pan: now.pan, tilt: now.tilt, zoom: now.zoom };
    this.#baseMs = nowMs;
  }
}

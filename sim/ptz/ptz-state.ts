// A PTZ head in ONVIF's generic spaces: pan and tilt in [-1, 1], zoom in [0, 1]. Continuous moves integrate a
// velocity over time (full speed crosses the pan range in 4 s); absolute and relative moves and presets
// glide to a target at a bounded speed, so a client sees MOVING then IDLE as a real head reports.
export interface PtzPosition {
  readonly pan: number;
  readonly tilt: number;
  readonly zoom: number;
}

export interface PtzPreset {
  readonly token: string;
  readonly name: string;
  readonly position: PtzPosition;
}

/** Generic-space units per second at velocity 1. */
const FULL_SPEED = 0.5;
const MAX_PRESETS = 32;

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, Number.isFinite(value) ? value : 0));

function clampPosition(p: PtzPosition): PtzPosition {
  return { pan: clamp(p.pan, -1, 1), tilt: clamp(p.tilt, -1, 1), zoom: clamp(p.zoom, 0, 1) };
}

export class PtzState {
  readonly #now: () => number;
  #position: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };
  #velocity: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };
  #target: PtzPosition | undefined;
  #moveUntilMs = Infinity;
  #lastMs: number;
  #presets = new Map<string, PtzPreset>();
  #nextPreset = 1;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#lastMs = now();
  }

  /** Where the head is now (advances any move in progress). */
  position(): PtzPosition {
    this.#advance();
    return this.#position;
  }

  isMoving(): boolean {
    this.#advance();
    return this.#target !== undefined || this.#velocity.pan !== 0 || this.#velocity.tilt !== 0 || this.#velocity.zoom !== 0;
  }

  continuousMove(velocity: Partial<PtzPosition>, timeoutMs?: number): void {
    this.#advance();
    this.#target = undefined;
    this.#velocity = { pan: clamp(velocity.pan ?? 0, -1, 1), tilt: clamp(velocity.tilt ?? 0, -1, 1), zoom: clamp(velocity.zoom ?? 0, -1, 1) };
    this.#moveUntilMs = timeoutMs === undefined ? Infinity : this.#lastMs + timeoutMs;
  }

  absoluteMove(position: Partial<PtzPosition>): void {
    this.#advance();
    this.#velocity = { pan: 0, tilt: 0, zoom: 0 };
    this.#moveUntilMs = Infinity;
    this.#target = clampPosition({ ...this.#position, ...position });
  }

  relativeMove(translation: Partial<PtzPosition>): void {
    const from = this.#target ?? this.position();
    this.absoluteMove({ pan: from.pan + (translation.pan ?? 0), tilt: from.tilt + (translation.tilt ?? 0), zoom: from.zoom + (translation.zoom ?? 0) });
  }

  stop(panTilt = true, zoom = true): void {
    this.#advance();
    this.#velocity = { pan: panTilt ? 0 : this.#velocity.pan, tilt: panTilt ? 0 : this.#velocity.tilt, zoom: zoom ? 0 : this.#velocity.zoom };
    this.#target = undefined;
    if (panTilt && zoom) this.#moveUntilMs = Infinity;
  }

  presets(): readonly PtzPreset[] {
    return [...this.#presets.values()];
  }

  /** Stores the current position; returns the preset token (the given one when updating). */
  setPreset(name: string | undefined, token?: string): string | undefined {
    if (token === undefined && this.#presets.size >= MAX_PRESETS) return undefined;
    const id = token ?? `preset${this.#nextPreset++}`;
    this.#presets.set(id, { token: id, name: name ?? id, position: this.position() });
    return id;
  }

  gotoPreset(token: string): boolean {
    const preset = this.#presets.get(token);
    if (preset === undefined) return false;
    this.absoluteMove(preset.position);
    return true;
  }

  removePreset(token: string): boolean {
    return this.#presets.delete(token);
  }

  #advance(): void {
    const now = this.#now();
    const until = Math.min(now, this.#moveUntilMs);
    const seconds = Math.max(0, until - this.#lastMs) / 1000;
    this.#lastMs = now;
    if (this.#target !== undefined) {
      const step = FULL_SPEED * 2 * seconds;
      const toward = (from: number, to: number): number => (Math.abs(to - from) <= step ? to : from + Math.sign(to - from) * step);
      this.#position = { pan: toward(this.#position.pan, this.#target.pan), tilt: toward(this.#position.tilt, this.#target.tilt), zoom: toward(this.#position.zoom, this.#target.zoom) };
      const t = this.#target;
      if (this.#position.pan === t.pan && this.#position.tilt === t.tilt && this.#position.zoom === t.zoom) this.#target = undefined;
      return;
    }
    const v = this.#velocity;
    this.#position = clampPosition({
      pan: this.#position.pan + v.pan * FULL_SPEED * seconds,
      tilt: this.#position.tilt + v.tilt * FULL_SPEED * seconds,
      zoom: this.#position.zoom + v.zoom * FULL_SPEED * seconds,
    });
    if (now >= this.#moveUntilMs) {
      this.#velocity = { pan: 0, tilt: 0, zoom: 0 };
      this.#moveUntilMs = Infinity;
    }
  }
}

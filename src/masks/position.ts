// The live PTZ position a mask is projected from: the ptz capability's PtzPositionFeed (any object of that shape
// will do). The masks keep a few seconds of positions per camera: a picture is masked with every pose the head
// had in the span before it reached Vigie.
import type { PtzPosition } from '../ptz/index.js';

export type { PtzPosition, PtzPositionFeed } from '../ptz/index.js';

/** How long positions are kept: far more than a picture takes from the camera to the mask. */
const HISTORY_MS = 5_000;

export class PositionHistory {
  readonly #positions: PtzPosition[] = [];

  add(position: PtzPosition): void {
    const last = this.#positions[this.#positions.length - 1];
    if (last !== undefined && position.atMs < last.atMs) return;
    if (last !== undefined && position.atMs === last.atMs && position.pan === last.pan && position.tilt === last.tilt && position.zoom === last.zoom && position.moving === last.moving) return;
    this.#positions.push(position);
    while (this.#positions.length > 2 && (this.#positions[0] as PtzPosition).atMs < position.atMs - HISTORY_MS) this.#positions.shift();
  }

  latest(): PtzPosition | undefined {
    return this.#positions[this.#positions.length - 1];
  }

  /** The known positions within [fromMs, toMs] and the interpolated ones at both ends (at least one). */
  posesBetween(fromMs: number, toMs: number): PtzPosition[] {
    const poses = this.#positions.filter((p) => p.atMs > fromMs && p.atMs < toMs);
    for (const t of [fromMs, toMs]) {
      const p = this.#at(t);
      if (p !== undefined) poses.push(p);
    }
    return poses;
  }

  #at(t: number): PtzPosition | undefined {
    const list = this.#positions;
    if (list.length === 0) return undefined;
    let i = list.length - 1;
    while (i > 0 && (list[i] as PtzPosition).atMs > t) i -= 1;
    const a = list[i] as PtzPosition;
    const b = list[i + 1];
    if (b === undefined || t <= a.atMs) return a;
    const k = (t - a.atMs) / (b.atMs - a.atMs);
    return { pan: a.pan + (b.pan - a.pan) * k, tilt: a.tilt + (b.tilt - a.tilt) * k, zoom: a.zoom + (b.zoom - a.zoom) * k, moving: a.moving || b.moving, atMs: t };
  }
}

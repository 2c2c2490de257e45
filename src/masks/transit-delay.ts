// How late a picture is compared with the stream's usual transit. A PTZ mask covers every pose the head held
// during the picture's transit (CAMERA_LATENCY_MS before it arrived); when an encoder, the network or a loaded
// Vigie holds pictures back, they arrive later than that, taken at a pose older than the window: the extra must
// widen the window, or the mask misses. The camera's timestamps are only compared with each other over a minute
// (a camera clock drifts by milliseconds in that time), never trusted as wall time.

/** Offsets are compared over this span: long enough to remember the stream's quickest transit. */
const WINDOW_MS = 60_000;
/** A jump larger than this between two pictures is a restarted or cut stream's new timestamps, not a delay. */
const DISCONTINUITY_MS = 30_000;

interface Sample {
  readonly arrivedMs: number;
  readonly offsetMs: number;
}

export class TransitDelay {
  /** Offsets of the window in increasing order (a monotonic queue: its head is the window's smallest). */
  #rising: Sample[] = [];
  #last: Sample | undefined;

  /**
   * `arrivedMs`: when the picture reached Vigie; `dts90k`: its decode timestamp (90 kHz). Returns how many
   * milliseconds later than the quickest picture of the last minute it arrived, relative to its timestamp.
   */
  lateMs(arrivedMs: number, dts90k: number): number {
    const sample = { arrivedMs, offsetMs: arrivedMs - dts90k / 90 };
    if (this.#last !== undefined && Math.abs(sample.offsetMs - this.#last.offsetMs) > DISCONTINUITY_MS) this.#rising = [];
    this.#last = sample;
    while (this.#rising.length > 0 && (this.#rising.at(-1) as Sample).offsetMs >= sample.offsetMs) this.#rising.pop();
    this.#rising.push(sample);
    while ((this.#rising[0] as Sample).arrivedMs < arrivedMs - WINDOW_MS) this.#rising.shift();
    return sample.offsetMs - (this.#rising[0] as Sample).offsetMs;
  }
}

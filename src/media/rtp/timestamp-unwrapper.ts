// 32-bit RTP timestamps onto one increasing timeline (RFC 3550 §5.1: the timestamp wraps after 2^32 ticks).

const WRAP = 2 ** 32;

export class RtpTimestampUnwrapper {
  #last: number | undefined;
  #unwrapped = 0;

  /** Returns the timestamp extended past 32 bits, continuing from the previous one (which may be before it). */
  unwrap(timestamp: number): number {
    if (this.#last === undefined) {
      this.#last = timestamp;
      this.#unwrapped = timestamp;
      return timestamp;
    }
    let delta = timestamp - this.#last;
    if (delta > WRAP / 2) delta -= WRAP;
    else if (delta < -WRAP / 2) delta += WRAP;
    this.#last = timestamp;
    this.#unwrapped += delta;
    return this.#unwrapped;
  }
}

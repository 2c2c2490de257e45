// Rolling counters of one stream over the last few whole seconds: bitrate, frame rate, frames lost and the
// keyframe interval, from which the link derives its online/degraded state.
import type { AccessUnit } from '../media/hub/index.js';

interface Bucket {
  second: number;
  frames: number;
  bytes: number;
  lost: number;
}

export interface MeterReading {
  readonly bitrateBps: number;
  readonly fps: number;
  readonly lostInWindow: number;
  readonly keyframeIntervalMs: number | undefined;
  readonly framesReceived: number;
  readonly framesLost: number;
  readonly lastFrameAtMs: number | undefined;
}

export class HealthMeter {
  readonly #windowSeconds: number;
  readonly #buckets: Bucket[];
  #framesReceived = 0;
  #framesLost = 0;
  #lastFrameAtMs: number | undefined;
  #lastKeyframeDts90k: number | undefined;
  #keyframeIntervalMs: number | undefined;

  constructor(windowSeconds = 5) {
    this.#windowSeconds = windowSeconds;
    this.#buckets = Array.from({ length: windowSeconds + 1 }, () => ({ second: -1, frames: 0, bytes: 0, lost: 0 }));
  }

  frame(unit: AccessUnit, bytes: number, nowMs: number): void {
    const bucket = this.#bucket(nowMs);
    bucket.frames += 1;
    bucket.bytes += bytes;
    this.#framesReceived += 1;
    this.#lastFrameAtMs = nowMs;
    if (unit.isKeyframe) {
      if (this.#lastKeyframeDts90k !== undefined && unit.dts90k > this.#lastKeyframeDts90k) {
        this.#keyframeIntervalMs = Math.round((unit.dts90k - this.#lastKeyframeDts90k) / 90);
      }
      this.#lastKeyframeDts90k = unit.dts90k;
    }
  }

  lost(count: number, nowMs: number): void {
    this.#bucket(nowMs).lost += count;
    this.#framesLost += count;
  }

  /** A new connection: timestamps restart, so the keyframe interval restarts too. */
  resetTimeline(): void {
    this.#lastKeyframeDts90k = undefined;
  }

  read(nowMs: number): MeterReading {
    const current = Math.floor(nowMs / 1000);
    let frames = 0;
    let bytes = 0;
    let lost = 0;
    // Whole seconds only: the current, partial second would read low.
    for (const bucket of this.#buckets) {
      if (bucket.second < current && bucket.second >= current - this.#windowSeconds) {
        frames += bucket.frames;
        bytes += bucket.bytes;
        lost += bucket.lost;
      }
    }
    return {
      bitrateBps: Math.round((bytes * 8) / this.#windowSeconds),
      fps: Math.round((frames / this.#windowSeconds) * 10) / 10,
      lostInWindow: lost,
      keyframeIntervalMs: this.#keyframeIntervalMs,
      framesReceived: this.#framesReceived,
      framesLost: this.#framesLost,
      lastFrameAtMs: this.#lastFrameAtMs,
    };
  }

  #bucket(nowMs: number): Bucket {
    const second = Math.floor(nowMs / 1000);
    const bucket = this.#buckets[second % this.#buckets.length] as Bucket;
    if (bucket.second !== second) {
      bucket.second = second;
      bucket.frames = 0;
      bucket.bytes = 0;
      bucket.lost = 0;
    }
    return bucket;
  }
}

// Plays a prepared loop as one camera stream on the shared tick: the picture shown at tick t is
// (t + phase) modulo the loop, so cameras that share a loop show different pictures and their keyframes fall
// on different ticks. Timestamps are on an unwrapped 90 kHz timeline that keeps growing across loop wraps.
import type { AccessUnit } from '../src/media/hub/access-unit.js';
import { TICK_HZ } from './loop-spec.js';
import type { PreparedLoop } from './prepared-loop.js';
import type { SimStream } from './sim-stream.js';

const CLOCK = 90_000;

export class LoopPlayer {
  readonly stream: SimStream;
  readonly #phase: number;
  #loop: PreparedLoop;
  #ticksPerFrame: number;
  #firstTick: number | undefined;
  /** Frame index in the loop where the current loop started (changes when the loop is switched). */
  #loopOrigin = 0;

  constructor(stream: SimStream, loop: PreparedLoop, phase: number) {
    this.stream = stream;
    this.#loop = loop;
    this.#phase = phase;
    this.#ticksPerFrame = Math.max(1, Math.round(TICK_HZ / loop.fps));
    stream.setTrack(loop.track);
  }

  get loop(): PreparedLoop {
    return this.#loop;
  }

  /** Switches to another loop from its first (key)frame at the next frame: a mid-stream change of track. */
  switchLoop(loop: PreparedLoop): void {
    if (loop === this.#loop) return;
    this.#loop = loop;
    this.#ticksPerFrame = Math.max(1, Math.round(TICK_HZ / loop.fps));
    this.#loopOrigin = -1;
    this.stream.setTrack(loop.track);
  }

  onTick(tick: number, nowMs: number): void {
    this.#firstTick ??= tick - (tick % this.#ticksPerFrame);
    if ((tick - (this.#firstTick ?? 0)) % this.#ticksPerFrame !== 0) return;
    const frame = (tick - (this.#firstTick ?? 0)) / this.#ticksPerFrame;
    if (this.#loopOrigin < 0) this.#loopOrigin = frame + this.#phase;
    const pictures = this.#loop.pictures;
    const picture = pictures[(((frame + this.#phase - this.#loopOrigin) % pictures.length) + pictures.length) % pictures.length];
    if (picture === undefined) return;
    const time90k = Math.round(((tick - (this.#firstTick ?? 0)) * CLOCK) / TICK_HZ);
    const unit: AccessUnit = {
      nalUnits: picture.nalUnits,
      dts90k: time90k,
      pts90k: time90k,
      wallClockMs: nowMs,
      isKeyframe: picture.isKeyframe,
      rtpPackets: picture.rtpPackets,
    };
    this.stream.publish(unit);
  }
}

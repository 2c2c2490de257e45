// Plays a prepared loop as one camera stream on the shared tick: the picture shown at frame f is
// (f + phase) modulo the loop, so cameras that share a loop show different pictures and their keyframes fall
// on different ticks. Timestamps are on an unwrapped 90 kHz timeline that keeps growing across loop wraps.
// The first picture published is preceded by the pictures since the last keyframe (as if the camera had been
// running), so that a client can start decoding at once.
import type { AccessUnit } from '../src/media/hub/index.js';
import { TICK_HZ } from './loop-spec.js';
import type { LoopPicture, PreparedLoop } from './prepared-loop.js';
import type { SimStream } from './sim-stream.js';

const CLOCK = 90_000;

export class LoopPlayer {
  readonly stream: SimStream;
  readonly #phase: number;
  #loop: PreparedLoop;
  #ticksPerFrame: number;
  #firstTick: number | undefined;
  /** Frame number at which the loop (re)started from its first picture; undefined: play at the phase. */
  #restartFrame: number | undefined;
  #restartPending = false;
  /** Length of the keyframe pre-roll played at the first tick (90 kHz), so the timeline starts at 0. */
  #preroll90k: number | undefined;

  constructor(stream: SimStream, loop: PreparedLoop, phase: number) {
    this.stream = stream;
    this.#loop = loop;
    this.#phase = phase;
    this.#ticksPerFrame = Math.max(1, Math.round(TICK_HZ / loop.fps));
    stream.setTrack(loop.track);
  }

  /** Plays another loop from its first (key)frame at the next frame: a mid-stream change of track. */
  switchLoop(loop: PreparedLoop): void {
    if (loop === this.#loop) return;
    this.#loop = loop;
    this.#ticksPerFrame = Math.max(1, Math.round(TICK_HZ / loop.fps));
    this.#restartPending = true;
    this.stream.setTrack(loop.track);
  }

  /** Starts again from the loop's first (key)frame, as a camera does after a reconnection. */
  restart(): void {
    this.#restartPending = true;
  }

  onTick(tick: number, nowMs: number): void {
    this.#firstTick ??= tick;
    const elapsed = tick - this.#firstTick;
    if (elapsed % this.#ticksPerFrame !== 0) return;
    const frame = elapsed / this.#ticksPerFrame;
    if (this.#restartPending) {
      this.#restartPending = false;
      this.#restartFrame = frame;
    }
    const pictures = this.#loop.pictures;
    const index = (this.#restartFrame === undefined ? frame + this.#phase : frame - this.#restartFrame) % pictures.length;
    const frame90k = CLOCK / this.#loop.fps;
    if (this.#preroll90k === undefined) {
      const preroll = framesSinceKeyframe(pictures, index);
      this.#preroll90k = preroll * frame90k;
      for (let back = preroll; back > 0; back -= 1) {
        const earlier = pictures[(index - back + pictures.length) % pictures.length];
        if (earlier !== undefined) this.#publish(earlier, (preroll - back) * frame90k, nowMs - (back * 1000) / this.#loop.fps);
      }
    }
    const picture = pictures[index];
    if (picture !== undefined) this.#publish(picture, this.#preroll90k + (elapsed * CLOCK) / TICK_HZ, nowMs);
  }

  #publish(picture: LoopPicture, time: number, wallClockMs: number): void {
    const time90k = Math.round(time);
    const unit: AccessUnit = { nalUnits: picture.nalUnits, sample: picture.sample, dts90k: time90k, pts90k: time90k, wallClockMs, isKeyframe: picture.isKeyframe, rtpPackets: picture.rtpPackets };
    this.stream.publish(unit);
  }
}

function framesSinceKeyframe(pictures: readonly LoopPicture[], index: number): number {
  for (let back = 0; back < pictures.length; back += 1) {
    if (pictures[(index - back + pictures.length) % pictures.length]?.isKeyframe === true) return back;
  }
  return 0;
}

// A camera encoded in real time by ffmpeg: its Annex-B stdout is framed into pictures as they come, each
// packetized once and published to the camera's streams with the arrival time as wall clock.
import type { Logger } from '../src/core/logger.js';
import { lengthPrefixed, type AccessUnit, type TrackInfo, type VideoCodec } from '../src/media/hub/index.js';
import type { AnnexBPicture } from '../src/media/ffmpeg/index.js';
import { AnnexBPictureReader } from './access-unit-framer.js';
import { rtpPacketsFor, trackFor } from './codec-support.js';
import { EncoderProcess } from './ffmpeg-process.js';
import { RTP_PAYLOAD_TYPE } from './prepared-loop.js';
import type { SimStream } from './sim-stream.js';

const CLOCK = 90_000;
const FIRST_KEYFRAME_TIMEOUT_MS = 15_000;

export interface LiveEncoderOptions {
  readonly label: string;
  readonly codec: VideoCodec;
  readonly fps: number;
  /** ffmpeg arguments up to the output (input and encoder); `-f h264|hevc pipe:1` is appended. */
  readonly args: readonly string[];
  /** Raw frames are written to stdin by the owner. */
  readonly stdin?: boolean;
  readonly streams: readonly SimStream[];
  readonly logger: Logger;
}

export class LiveEncoder {
  readonly #options: LiveEncoderOptions;
  readonly #reader: AnnexBPictureReader;
  readonly #process: EncoderProcess;
  #track: TrackInfo | undefined;
  #frames = 0;
  #closed = false;
  #firstKeyframe: Promise<void>;
  #resolveFirst: () => void = () => undefined;
  #rejectFirst: (error: Error) => void = () => undefined;

  constructor(options: LiveEncoderOptions) {
    this.#options = options;
    this.#firstKeyframe = new Promise((resolve, reject) => {
      this.#resolveFirst = resolve;
      this.#rejectFirst = reject;
    });
    this.#reader = new AnnexBPictureReader(options.codec, (picture) => this.#onPicture(picture));
    const output = ['-f', options.codec === 'h264' ? 'h264' : 'hevc', 'pipe:1'];
    this.#process = new EncoderProcess(
      ['-hide_banner', '-loglevel', 'error', ...options.args, ...output],
      (chunk) => this.#reader.push(chunk),
      (reason) => this.#onExit(reason),
      options.stdin === true,
    );
  }

  /** Resolves once the first keyframe is out (the track is known); rejects if the encoder dies first. */
  async ready(): Promise<void> {
    const timeout = setTimeout(() => this.#rejectFirst(new Error(`${this.#options.label}: no keyframe within ${FIRST_KEYFRAME_TIMEOUT_MS} ms`)), FIRST_KEYFRAME_TIMEOUT_MS);
    try {
      await this.#firstKeyframe;
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Raw input for stdin-fed encoders; false when the encoder is behind (the frame is dropped). */
  write(frame: Uint8Array): boolean {
    return this.#process.write(frame);
  }

  close(): void {
    this.#closed = true;
    this.#reader.close();
    this.#process.close();
  }

  #onPicture(picture: AnnexBPicture): void {
    if (this.#track === undefined) {
      if (!picture.isKeyframe) return;
      this.#track = trackFor(this.#options.codec, picture.nalUnits, this.#options.fps, RTP_PAYLOAD_TYPE);
      for (const stream of this.#options.streams) stream.setTrack(this.#track);
      this.#resolveFirst();
    }
    const time90k = Math.round((this.#frames * CLOCK) / this.#options.fps);
    this.#frames += 1;
    const unit: AccessUnit = {
      ...lengthPrefixed(picture.nalUnits),
      dts90k: time90k,
      pts90k: time90k,
      wallClockMs: Date.now(),
      isKeyframe: picture.isKeyframe,
      rtpPackets: rtpPacketsFor(this.#options.codec, picture.nalUnits, RTP_PAYLOAD_TYPE),
    };
    for (const stream of this.#options.streams) stream.publish(unit);
  }

  #onExit(reason: string): void {
    if (this.#closed) return;
    this.#options.logger.error({ camera: this.#options.label }, `live encoder stopped: ${reason}`);
    this.#rejectFirst(new Error(`${this.#options.label}: ${reason}`));
  }
}

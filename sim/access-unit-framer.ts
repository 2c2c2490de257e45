// Framing of a live encoder's Annex-B stdout into pictures as they come. A picture is complete at the next
// access unit delimiter, or when the encoder has been silent for `idleFlushMs`: it writes each picture in one
// burst, so waiting for the next delimiter would add a frame of latency to the latency-measurement cameras.
import type { VideoCodec } from '../src/media/hub/index.js';
import { AnnexBAccessUnitReader, type AnnexBPicture } from '../src/media/ffmpeg/index.js';

export class AnnexBPictureReader {
  readonly #reader: AnnexBAccessUnitReader;
  readonly #onPicture: (picture: AnnexBPicture) => void;
  readonly #idleFlushMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(codec: VideoCodec, onPicture: (picture: AnnexBPicture) => void, idleFlushMs = 6) {
    this.#reader = new AnnexBAccessUnitReader(codec);
    this.#onPicture = onPicture;
    this.#idleFlushMs = idleFlushMs;
  }

  push(chunk: Buffer): void {
    for (const picture of this.#reader.push(chunk)) this.#onPicture(picture);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.#idleFlushMs);
  }

  /** Emits what is buffered as one picture. */
  flush(): void {
    clearTimeout(this.#timer);
    for (const picture of this.#reader.flush()) this.#onPicture(picture);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#reader.flush();
  }
}

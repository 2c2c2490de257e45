// Annex-B byte stream → pictures. The simulator's encoders emit an access unit delimiter before every
// picture (x264/x265 `aud=1`), so an access unit is everything from one AUD to the next (H.264 §7.4.1.2.3,
// H.265 §7.4.2.4.4). Delimiters are dropped: they carry nothing a consumer needs.
import type { VideoCodec } from '../src/media/hub/access-unit.js';
import { splitAnnexB } from '../src/media/h264/annex-b.js';

export interface RawPicture {
  readonly nalUnits: readonly Uint8Array[];
  readonly isKeyframe: boolean;
}

export interface NalTraits {
  isDelimiter(nal: Uint8Array): boolean;
  isKeyframe(nal: Uint8Array): boolean;
}

const H264: NalTraits = {
  isDelimiter: (nal) => ((nal[0] ?? 0) & 0x1f) === 9,
  isKeyframe: (nal) => ((nal[0] ?? 0) & 0x1f) === 5,
};
const H265: NalTraits = {
  isDelimiter: (nal) => (((nal[0] ?? 0) >> 1) & 0x3f) === 35,
  // IRAP pictures: BLA, IDR and CRA (types 16–21).
  isKeyframe: (nal) => {
    const type = ((nal[0] ?? 0) >> 1) & 0x3f;
    return type >= 16 && type <= 21;
  },
};

export function nalTraits(codec: VideoCodec): NalTraits {
  return codec === 'h264' ? H264 : H265;
}

/** Groups NAL units into pictures, one per AUD. NAL units before the first delimiter are ignored. */
export function picturesFromNalUnits(nals: readonly Uint8Array[], codec: VideoCodec): RawPicture[] {
  const traits = nalTraits(codec);
  const pictures: RawPicture[] = [];
  let current: Uint8Array[] | undefined;
  const close = (): void => {
    if (current !== undefined && current.length > 0) pictures.push({ nalUnits: current, isKeyframe: current.some((nal) => traits.isKeyframe(nal)) });
  };
  for (const nal of nals) {
    if (traits.isDelimiter(nal)) {
      close();
      current = [];
    } else {
      current?.push(nal);
    }
  }
  close();
  return pictures;
}

/** Incremental framing for a live encoder's stdout. A picture is complete at the next delimiter, or when the
 *  encoder has been silent for `idleFlushMs` (it writes each picture in one burst), which saves a frame of latency. */
export class AnnexBPictureReader {
  readonly #codec: VideoCodec;
  readonly #onPicture: (picture: RawPicture) => void;
  readonly #idleFlushMs: number;
  #pending: Buffer = Buffer.alloc(0);
  #timer: NodeJS.Timeout | undefined;

  constructor(codec: VideoCodec, onPicture: (picture: RawPicture) => void, idleFlushMs = 6) {
    this.#codec = codec;
    this.#onPicture = onPicture;
    this.#idleFlushMs = idleFlushMs;
  }

  push(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const lastDelimiter = this.#lastDelimiterOffset();
    if (lastDelimiter > 0) {
      this.#emit(this.#pending.subarray(0, lastDelimiter));
      this.#pending = this.#pending.subarray(lastDelimiter);
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.#idleFlushMs);
  }

  /** Emits what is buffered as one picture. */
  flush(): void {
    clearTimeout(this.#timer);
    if (this.#pending.length > 0) this.#emit(this.#pending);
    this.#pending = Buffer.alloc(0);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#pending = Buffer.alloc(0);
  }

  #emit(bytes: Uint8Array): void {
    // Views, no copy: pipe chunks are fresh buffers and nothing here ever writes into them.
    for (const picture of picturesFromNalUnits(splitAnnexB(bytes), this.#codec)) this.#onPicture(picture);
  }

  /** Offset of the start code of the last delimiter in the buffer, or -1. */
  #lastDelimiterOffset(): number {
    const traits = nalTraits(this.#codec);
    const data = this.#pending;
    for (let i = data.length - 4; i >= 0; i -= 1) {
      if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1 && traits.isDelimiter(data.subarray(i + 3, i + 4))) {
        return i > 0 && data[i - 1] === 0 ? i - 1 : i;
      }
    }
    return -1;
  }
}

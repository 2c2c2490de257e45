// Reassembles pictures from an H.264 or H.265 Annex-B byte stream arriving in arbitrary chunks (an encoder's
// stdout, or a whole file at once): NAL units split at start codes (H.264 Annex B), pictures split at access
// unit delimiters (H.264 §7.4.1.2.3, H.265 §7.4.2.4.4), so the encoder must emit AUDs (x264/x265 `aud=1`).
// Delimiters are dropped: they carry nothing a consumer needs.
import type { VideoCodec } from '../hub/access-unit.js';
import { H264_NAL, h264NalType } from '../h264/index.js';
import { H265_NAL, h265NalType, isH265Keyframe } from '../h265/index.js';

export interface AnnexBPicture {
  readonly nalUnits: readonly Uint8Array[];
  readonly isKeyframe: boolean;
}

interface NalTraits {
  isDelimiter(nal: Uint8Array): boolean;
  isKeyframe(nal: Uint8Array): boolean;
}

const TRAITS: Readonly<Record<VideoCodec, NalTraits>> = {
  h264: { isDelimiter: (nal) => h264NalType(nal) === H264_NAL.accessUnitDelimiter, isKeyframe: (nal) => h264NalType(nal) === H264_NAL.sliceIdr },
  h265: { isDelimiter: (nal) => h265NalType(nal) === H265_NAL.accessUnitDelimiter, isKeyframe: isH265Keyframe },
};

export class AnnexBAccessUnitReader {
  readonly #traits: NalTraits;
  #pending: Uint8Array = new Uint8Array(0);
  #current: Uint8Array[] = [];

  constructor(codec: VideoCodec = 'h264') {
    this.#traits = TRAITS[codec];
  }

  /** Returns the pictures completed by this chunk. NAL units are views into the chunks, not copies. */
  push(chunk: Uint8Array): AnnexBPicture[] {
    const data = this.#pending.length === 0 ? chunk : joinTwo(this.#pending, chunk);
    const starts = startCodePositions(data);
    const done: AnnexBPicture[] = [];
    // Everything up to the last start code is complete; the last NAL unit may still grow.
    for (let i = 0; i + 1 < starts.length; i += 1) {
      const start = starts[i] as { nal: number };
      const next = starts[i + 1] as { code: number };
      this.#addNal(trimZeros(data.subarray(start.nal, next.code)), done);
    }
    const last = starts[starts.length - 1];
    this.#pending = last === undefined ? data : data.slice(last.code);
    return done;
  }

  /** End of stream, or an encoder gone quiet after a whole picture: what is buffered is the last picture. */
  flush(): AnnexBPicture[] {
    const done: AnnexBPicture[] = [];
    const starts = startCodePositions(this.#pending);
    const last = starts[0];
    if (last !== undefined) this.#addNal(trimZeros(this.#pending.subarray(last.nal)), done);
    this.#pending = new Uint8Array(0);
    this.#closePicture(done);
    return done;
  }

  #addNal(nal: Uint8Array, done: AnnexBPicture[]): void {
    if (nal.length === 0) return;
    if (this.#traits.isDelimiter(nal)) {
      this.#closePicture(done);
      return;
    }
    this.#current.push(nal);
  }

  #closePicture(done: AnnexBPicture[]): void {
    if (this.#current.length > 0) done.push({ nalUnits: this.#current, isKeyframe: this.#current.some((nal) => this.#traits.isKeyframe(nal)) });
    this.#current = [];
  }
}

function startCodePositions(data: Uint8Array): Array<{ code: number; nal: number }> {
  const positions: Array<{ code: number; nal: number }> = [];
  for (let i = 0; i + 2 < data.length; i += 1) {
    if (data[i + 2] !== 1) {
      if ((data[i + 2] ?? 0) > 1) i += 2;
      continue;
    }
    if (data[i] === 0 && data[i + 1] === 0) {
      positions.push({ code: i > 0 && data[i - 1] === 0 ? i - 1 : i, nal: i + 3 });
      i += 2;
    }
  }
  return positions;
}

function trimZeros(nal: Uint8Array): Uint8Array {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end -= 1;
  return nal.subarray(0, end);
}

function joinTwo(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

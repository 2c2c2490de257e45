// Reassembles access units from an H.264 Annex-B byte stream arriving in arbitrary chunks (an encoder's
// stdout): NAL units split at start codes (H.264 Annex B), pictures split at access unit delimiters (§7.4.1.2.3),
// so the encoder must emit AUDs (x264 `aud=1`).
import { H264_NAL, h264NalType } from '../h264/index.js';

export class AnnexBAccessUnitReader {
  #pending: Uint8Array = new Uint8Array(0);
  #current: Uint8Array[] = [];

  /** Returns the pictures completed by this chunk, each as its NAL units (AUDs removed). */
  push(chunk: Uint8Array): Uint8Array[][] {
    const data = this.#pending.length === 0 ? chunk : joinTwo(this.#pending, chunk);
    const starts = startCodePositions(data);
    const done: Uint8Array[][] = [];
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

  /** End of stream: the last picture. */
  flush(): Uint8Array[][] {
    const done: Uint8Array[][] = [];
    const starts = startCodePositions(this.#pending);
    const last = starts[0];
    if (last !== undefined) this.#addNal(trimZeros(this.#pending.subarray(last.nal)), done);
    this.#pending = new Uint8Array(0);
    if (this.#current.length > 0) done.push(this.#current);
    this.#current = [];
    return done;
  }

  #addNal(nal: Uint8Array, done: Uint8Array[][]): void {
    if (nal.length === 0) return;
    if (h264NalType(nal) === H264_NAL.accessUnitDelimiter) {
      if (this.#current.length > 0) done.push(this.#current);
      this.#current = [];
      return;
    }
    this.#current.push(nal);
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

// A progressive (non-fragmented) MP4 written as a stream (ISO/IEC 14496-12 §8.6–8.7): ftyp, the samples in
// a run of mdat boxes (one per write, so every size is known when written and nothing is patched), then moov
// with the sample tables (stts, ctts, stss, stsz, stsc, co64). Bytes are written strictly in order, so the
// file's SHA-256 is computed on the way. Used for exports: every player seeks in it, and the samples are
// copied untouched (native quality).
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { TrackInfo } from '../hub/access-unit.js';
import { concat, fullBox, u32, u64 } from './bytes.js';
import { writeFileType, writeMovie } from './init-segment.js';

export interface ProgressiveSample {
  readonly dts90k: number;
  readonly pts90k: number;
  readonly duration90k: number;
  readonly isKeyframe: boolean;
  /** Length-prefixed NAL units, as stored in an fMP4 mdat; kept by reference until written. */
  readonly data: Uint8Array;
}

const FLUSH_BYTES = 4 * 1024 * 1024;
const MDAT = Uint8Array.from('mdat', (c) => c.charCodeAt(0));

export class ProgressiveMp4Writer {
  readonly #track: TrackInfo;
  readonly #file: FileHandle;
  readonly #hash: Hash;
  /** Bytes written so far; where the next mdat box starts. */
  #written: number;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  readonly #durations: number[] = [];
  readonly #offsets: number[] = [];
  readonly #sizes: number[] = [];
  readonly #compositionOffsets: number[] = [];
  readonly #keyframes: number[] = [];

  private constructor(track: TrackInfo, file: FileHandle) {
    this.#track = track;
    this.#file = file;
    this.#hash = createHash('sha256');
    this.#written = 0;
  }

  static async create(path: string, track: TrackInfo): Promise<ProgressiveMp4Writer> {
    const writer = new ProgressiveMp4Writer(track, await open(path, 'w'));
    await writer.#write([writeFileType(track, false)]);
    return writer;
  }

  async #write(chunks: readonly Uint8Array[]): Promise<void> {
    let bytes = 0;
    for (const chunk of chunks) {
      this.#hash.update(chunk);
      bytes += chunk.length;
    }
    await this.#file.writev([...chunks], this.#written);
    this.#written += bytes;
  }

  get sampleCount(): number {
    return this.#sizes.length;
  }

  async add(sample: ProgressiveSample): Promise<void> {
    if (sample.isKeyframe) this.#keyframes.push(this.#sizes.length + 1);
    this.#durations.push(sample.duration90k);
    this.#compositionOffsets.push(sample.pts90k - sample.dts90k);
    // Offset inside the mdat box that the next flush writes: after its 8-byte header.
    this.#offsets.push(this.#written + 8 + this.#pendingBytes);
    this.#sizes.push(sample.data.length);
    this.#pending.push(sample.data);
    this.#pendingBytes += sample.data.length;
    if (this.#pendingBytes >= FLUSH_BYTES) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const chunks = this.#pending;
    const bytes = this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.#write([u32(bytes + 8), MDAT, ...chunks]);
  }

  /** Writes the moov, fsyncs and closes; returns the duration, the file's size and its SHA-256 (hex). */
  async finish(): Promise<{ durationMs: number; bytes: number; sha256: string }> {
    try {
      await this.#flush();
      const total90k = this.#durations.reduce((a, b) => a + b, 0);
      await this.#write([writeMovie(this.#track, { fragmented: false, durationMs: total90k / 90, stbl: this.#sampleTables() })]);
      await this.#file.sync();
      return { durationMs: Math.round(total90k / 90), bytes: this.#written, sha256: this.#hash.digest('hex') };
    } finally {
      await this.#file.close();
    }
  }

  async abort(): Promise<void> {
    await this.#file.close();
  }

  #sampleTables(): Uint8Array[] {
    const runs = (values: readonly number[]): Array<[number, number]> => {
      const out: Array<[number, number]> = [];
      for (const v of values) {
        const last = out[out.length - 1];
        if (last !== undefined && last[1] === v) last[0] += 1;
        else out.push([1, v]);
      }
      return out;
    };
    const stts = runs(this.#durations);
    const ctts = runs(this.#compositionOffsets);
    const tables = [
      fullBox('stts', 0, 0, u32(stts.length), concat(stts.flatMap(([n, d]) => [u32(n), u32(d)]))),
      ...(ctts.length === 1 && ctts[0]?.[1] === 0 ? [] : [fullBox('ctts', 1, 0, u32(ctts.length), concat(ctts.flatMap(([n, c]) => [u32(n), u32(c | 0)])))]),
      fullBox('stss', 0, 0, u32(this.#keyframes.length), concat(this.#keyframes.map(u32))),
      fullBox('stsc', 0, 0, u32(1), u32(1), u32(1), u32(1)),
      fullBox('stsz', 0, 0, u32(0), u32(this.#sizes.length), concat(this.#sizes.map(u32))),
      fullBox('co64', 0, 0, u32(this.#offsets.length), concat(this.#offsets.map(u64))),
    ];
    return tables;
  }
}

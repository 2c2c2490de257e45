// A progressive (non-fragmented) MP4 written as a stream (ISO/IEC 14496-12 §8.6–8.7): ftyp, one mdat with a
// 64-bit size patched at the end, then moov with the sample tables (stts, ctts, stss, stsz, stsc, co64).
// Used for exports: every player seeks in it, and the samples are copied untouched (native quality).
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

export class ProgressiveMp4Writer {
  readonly #track: TrackInfo;
  readonly #file: FileHandle;
  #position: number;
  readonly #mdatStart: number;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  readonly #durations: number[] = [];
  readonly #offsets: number[] = [];
  readonly #sizes: number[] = [];
  readonly #compositionOffsets: number[] = [];
  readonly #keyframes: number[] = [];

  private constructor(track: TrackInfo, file: FileHandle, mdatStart: number) {
    this.#track = track;
    this.#file = file;
    this.#mdatStart = mdatStart;
    this.#position = mdatStart + 16;
  }

  static async create(path: string, track: TrackInfo): Promise<ProgressiveMp4Writer> {
    const file = await open(path, 'w');
    const ftyp = writeFileType(track, false);
    // mdat with size = 1 and a 64-bit largesize filled in by finish().
    await file.write(concat([ftyp, u32(1), Uint8Array.from('mdat', (c) => c.charCodeAt(0)), u64(0)]));
    return new ProgressiveMp4Writer(track, file, ftyp.length);
  }

  get sampleCount(): number {
    return this.#sizes.length;
  }

  async add(sample: ProgressiveSample): Promise<void> {
    if (sample.isKeyframe) this.#keyframes.push(this.#sizes.length + 1);
    this.#durations.push(sample.duration90k);
    this.#compositionOffsets.push(sample.pts90k - sample.dts90k);
    this.#offsets.push(this.#position);
    this.#sizes.push(sample.data.length);
    this.#position += sample.data.length;
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
    await this.#file.writev(chunks, this.#position - bytes);
  }

  /** Writes the moov, fsyncs and closes; returns the total duration in ms. */
  async finish(): Promise<number> {
    try {
      await this.#flush();
      await this.#file.write(u64(this.#position - this.#mdatStart), 0, 8, this.#mdatStart + 8);
      const total90k = this.#durations.reduce((a, b) => a + b, 0);
      const moov = writeMovie(this.#track, { fragmented: false, durationMs: total90k / 90, stbl: this.#sampleTables() });
      await this.#file.write(moov, 0, moov.length, this.#position);
      await this.#file.sync();
      return Math.round(total90k / 90);
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

// Builds each access unit's sample — its NAL units, each behind a 4-byte big-endian length (ISO/IEC 14496-15
// §5.3.2, what an MP4 mdat holds) — straight from the RTP payloads, in slabs shared by the units of one stream.
//
// Why slabs: the receive buffer is reused, so every byte is copied once, here, and one allocation per slab
// instead of one per packet or NAL unit. Slabs are append-only: a finished sample is never written again while
// anyone holds it. With a pool, a slab is reused once the arena has moved on and no unit in it is held (see
// sample-slabs.ts); without one, the garbage collector frees it.
import type { SampleStorage } from '../hub/access-unit.js';
import { unpooledSlab, type SampleSlabPool, type Slab } from './sample-slabs.js';

const LENGTH_FIELD = 4;
const NO_BYTES = new Uint8Array(0);

export interface FinishedSample {
  /** The NAL units, each behind its 4-byte length. */
  readonly sample: Uint8Array;
  /** Views into `sample`, without the length fields. */
  readonly nalUnits: readonly Uint8Array[];
  /** The slab, held once for the unit when it comes from a pool; whoever ends up with the unit releases it. */
  readonly storage: SampleStorage | undefined;
}

export class SampleArena {
  readonly #pool: SampleSlabPool | undefined;
  /** The slab being written, held by the arena until it moves to the next one. */
  #current: Slab | undefined;
  #slab: Uint8Array = NO_BYTES;
  #unitStart = 0;
  #end = 0;
  /** Where the length field of the NAL unit being written starts, or -1. */
  #nalStart = -1;
  /** Where each finished NAL unit's bytes start (relative to the unit's start) and its length, in pairs. */
  #nalSpans: number[] = [];

  constructor(pool?: SampleSlabPool) {
    this.#pool = pool;
  }

  /** Bytes of the unit in progress, length fields included. */
  get unitBytes(): number {
    return this.#end - this.#unitStart;
  }

  get nalCount(): number {
    return this.#nalSpans.length / 2;
  }

  get nalInProgress(): boolean {
    return this.#nalStart >= 0;
  }

  /** Opens a NAL unit (an unfinished one is dropped); its bytes follow with `append`. */
  beginNal(): void {
    if (this.#nalStart >= 0) this.abandonNal();
    this.#reserve(LENGTH_FIELD);
    this.#nalStart = this.#end;
    this.#end += LENGTH_FIELD;
  }

  append(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#slab.set(bytes, this.#end);
    this.#end += bytes.length;
  }

  /** Appends one or two header bytes rebuilt from a fragmentation header. */
  appendHeader(first: number, second?: number): void {
    this.#reserve(2);
    this.#slab[this.#end] = first;
    this.#end += 1;
    if (second === undefined) return;
    this.#slab[this.#end] = second;
    this.#end += 1;
  }

  /**
   * Closes the NAL unit: writes its length and returns a view of it (to classify it; copy it to keep it apart
   * from the sample); undefined when it is empty, which is dropped.
   */
  endNal(): Uint8Array | undefined {
    const start = this.#nalStart;
    if (start < 0) return undefined;
    this.#nalStart = -1;
    const length = this.#end - start - LENGTH_FIELD;
    if (length === 0) {
      this.#end = start;
      return undefined;
    }
    const slab = this.#slab;
    slab[start] = length >>> 24;
    slab[start + 1] = (length >>> 16) & 0xff;
    slab[start + 2] = (length >>> 8) & 0xff;
    slab[start + 3] = length & 0xff;
    this.#nalSpans.push(start + LENGTH_FIELD - this.#unitStart, length);
    return slab.subarray(start + LENGTH_FIELD, this.#end);
  }

  /** A whole NAL unit in one call. */
  addNal(nal: Uint8Array): Uint8Array | undefined {
    this.beginNal();
    this.append(nal);
    return this.endNal();
  }

  /** Forgets the NAL unit being written. */
  abandonNal(): void {
    if (this.#nalStart < 0) return;
    this.#end = this.#nalStart;
    this.#nalStart = -1;
  }

  /** Hands out the unit's finished NAL units (one being written is dropped) and starts the next unit. */
  finishUnit(): FinishedSample {
    this.abandonNal();
    const slab = this.#slab;
    const base = this.#unitStart;
    const sample = slab.subarray(base, this.#end);
    const spans = this.#nalSpans;
    const nalUnits: Uint8Array[] = [];
    for (let i = 0; i < spans.length; i += 2) {
      const start = base + (spans[i] ?? 0);
      nalUnits.push(slab.subarray(start, start + (spans[i + 1] ?? 0)));
    }
    this.#unitStart = this.#end;
    this.#nalSpans = [];
    let storage: Slab | undefined;
    if (this.#pool !== undefined) {
      storage = this.#current;
      storage?.retain();
    }
    return { sample, nalUnits, storage };
  }

  /** Forgets the unit in progress; its bytes are reused by the next one. */
  discardUnit(): void {
    this.#end = this.#unitStart;
    this.#nalStart = -1;
    this.#nalSpans = [];
  }

  /** Makes room for `bytes` more; a full slab is left to the samples already handed out. */
  #reserve(bytes: number): void {
    if (this.#end + bytes <= this.#slab.length) return;
    const unitBytes = this.#end - this.#unitStart;
    const next = this.#pool?.take(unitBytes + bytes) ?? unpooledSlab(unitBytes + bytes);
    next.bytes.set(this.#slab.subarray(this.#unitStart, this.#end), 0);
    if (this.#nalStart >= 0) this.#nalStart -= this.#unitStart;
    this.#current?.release();
    this.#current = next;
    this.#slab = next.bytes;
    this.#end = unitBytes;
    this.#unitStart = 0;
  }
}

// Sample slabs that are reused once no access unit in them is held any more.
//
// Why: every new ArrayBuffer counts towards V8's external memory, and each 64 MiB of it forces a full garbage
// collection — every few seconds at a few hundred cameras, about a fifth of the ingest's CPU — and fresh memory
// costs page faults besides. A slab handed back here is written again by the next picture of any stream.
//
// The rule that makes reuse safe: whoever keeps an access unit past the call that handed it over holds it
// (`retainUnit`) and lets go of it once done (`releaseUnit`). A hold that is never let go only keeps that slab
// from being reused — it is then freed by the garbage collector like any buffer — so forgetting a release costs
// speed, never correctness; releasing too often would hand out bytes still in use, which debug mode catches.
import type { SampleStorage } from '../hub/access-unit.js';

/** A slab holds about a second of a 2 Mbit/s stream; a larger picture gets a slab of its own size. */
export const SLAB_BYTES = 256 * 1024;

/** Written over a reused slab in debug mode: as a NAL unit length it points far past any sample. */
const POISON_BYTE = 0xfe;

export interface SampleSlabPoolOptions {
  /** Free slabs kept for reuse; beyond it they are left to the garbage collector. */
  readonly maxFreeSlabs?: number;
  /** Overwrites every slab handed back and throws on any retain or release of it afterwards: for tests. */
  readonly debug?: boolean;
}

export interface SampleSlabPoolStats {
  readonly slabsAllocated: number;
  readonly slabsReused: number;
  readonly slabsFree: number;
}

export class SampleSlabPool {
  readonly #free: Uint8Array[] = [];
  readonly #maxFree: number;
  readonly debug: boolean;
  #allocated = 0;
  #reused = 0;

  constructor(options: SampleSlabPoolOptions = {}) {
    this.#maxFree = options.maxFreeSlabs ?? 128;
    this.debug = options.debug ?? false;
  }

  stats(): SampleSlabPoolStats {
    return { slabsAllocated: this.#allocated, slabsReused: this.#reused, slabsFree: this.#free.length };
  }

  /** A slab of at least `minBytes`, held once by the caller. */
  take(minBytes: number): Slab {
    if (minBytes <= SLAB_BYTES) {
      const bytes = this.#free.pop();
      if (bytes !== undefined) {
        this.#reused += 1;
        return new Slab(bytes, this);
      }
    }
    this.#allocated += 1;
    return new Slab(allocateSlab(minBytes), this);
  }

  /** Called by a slab nobody holds any more. */
  recycle(bytes: Uint8Array): void {
    // An outsized slab served one huge picture; keeping it would pin memory that ordinary pictures never need.
    if (bytes.length !== SLAB_BYTES || this.#free.length >= this.#maxFree) return;
    if (this.debug) bytes.fill(POISON_BYTE);
    this.#free.push(bytes);
  }
}

/** One slab and the number of holds on it: the arena writing into it, and every unit kept by someone. */
export class Slab implements SampleStorage {
  readonly bytes: Uint8Array;
  readonly #pool: SampleSlabPool | undefined;
  #holds = 1;

  /** Without a pool the slab is never reused: its holds are counted but nothing waits for them to reach zero. */
  constructor(bytes: Uint8Array, pool?: SampleSlabPool) {
    this.bytes = bytes;
    this.#pool = pool;
  }

  retain(): void {
    if (this.#live()) this.#holds += 1;
  }

  release(): void {
    if (!this.#live()) return;
    this.#holds -= 1;
    if (this.#holds === 0) this.#pool?.recycle(this.bytes);
  }

  /** Holds reach zero once, when the slab goes back to the pool: touching it after that is a lifetime bug. */
  #live(): boolean {
    if (this.#holds > 0) return true;
    if (this.#pool?.debug === true) throw new Error('sample slab used after it went back to the pool');
    return false;
  }
}

/** A slab of its own, never reused. */
export function unpooledSlab(minBytes: number): Slab {
  return new Slab(allocateSlab(minBytes));
}

/** A standard slab, or for an outsized picture twice its size, so that the next pictures fit behind it. */
function allocateSlab(minBytes: number): Uint8Array {
  const size = minBytes <= SLAB_BYTES ? SLAB_BYTES : 2 * minBytes;
  // allocUnsafeSlow: no zero-fill (every byte handed out is written first) and not the small-buffer pool.
  const fresh = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(fresh.buffer, fresh.byteOffset, size);
}

/** The pool of the running process; debug mode with VIGIE_DEBUG_SAMPLE_LIFETIMES=1 (the test suite sets it). */
export const sharedSampleSlabs = new SampleSlabPool({ debug: process.env['VIGIE_DEBUG_SAMPLE_LIFETIMES'] === '1' });

// MSB-first bit reader with exp-Golomb codes (H.264 §9.1, H.265 §9.2) over an RBSP (escape bytes already removed).
import { bitstreamError } from './errors.js';

/** Exp-Golomb codes longer than this are not produced by any real encoder; 32 keeps values in 2^32. */
const MAX_EXP_GOLOMB_LEADING_ZEROS = 31;

export class BitReader {
  readonly #bytes: Uint8Array;
  #bitPos = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get bitsLeft(): number {
    return this.#bytes.length * 8 - this.#bitPos;
  }

  get bitPosition(): number {
    return this.#bitPos;
  }

  readBit(): number {
    if (this.#bitPos >= this.#bytes.length * 8) {
      throw bitstreamError('VIGIE_BITSTREAM_TRUNCATED', 'bitstream ended early', { bitPosition: this.#bitPos });
    }
    const byte = this.#bytes[this.#bitPos >>> 3] ?? 0;
    const bit = (byte >>> (7 - (this.#bitPos & 7))) & 1;
    this.#bitPos += 1;
    return bit;
  }

  readFlag(): boolean {
    return this.readBit() === 1;
  }

  /** Reads up to 32 bits as an unsigned number. */
  readBits(count: number): number {
    if (count > this.bitsLeft) {
      throw bitstreamError('VIGIE_BITSTREAM_TRUNCATED', 'bitstream ended early', { bitPosition: this.#bitPos, wanted: count });
    }
    let value = 0;
    for (let i = 0; i < count; i += 1) value = value * 2 + this.readBit();
    return value;
  }

  skipBits(count: number): void {
    if (count > this.bitsLeft) {
      throw bitstreamError('VIGIE_BITSTREAM_TRUNCATED', 'bitstream ended early', { bitPosition: this.#bitPos, wanted: count });
    }
    this.#bitPos += count;
  }

  /** ue(v): unsigned exp-Golomb. */
  readUe(): number {
    let leadingZeros = 0;
    while (this.readBit() === 0) {
      leadingZeros += 1;
      if (leadingZeros > MAX_EXP_GOLOMB_LEADING_ZEROS) {
        throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'exp-Golomb code too long', { bitPosition: this.#bitPos });
      }
    }
    return 2 ** leadingZeros - 1 + this.readBits(leadingZeros);
  }

  /** se(v): signed exp-Golomb (1 → 1, 2 → -1, 3 → 2 …). */
  readSe(): number {
    const code = this.readUe();
    return code % 2 === 1 ? (code + 1) / 2 : 0 - code / 2;
  }
}

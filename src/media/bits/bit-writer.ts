// MSB-first bit writer with exp-Golomb codes (H.264 §9.1), used to build parameter sets in tests and the simulator.

export class BitWriter {
  readonly #bytes: number[] = [];
  #current = 0;
  #bitsInCurrent = 0;

  writeBit(bit: number): void {
    this.#current = (this.#current << 1) | (bit & 1);
    this.#bitsInCurrent += 1;
    if (this.#bitsInCurrent === 8) {
      this.#bytes.push(this.#current);
      this.#current = 0;
      this.#bitsInCurrent = 0;
    }
  }

  writeBits(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i -= 1) this.writeBit(Math.floor(value / 2 ** i) & 1);
  }

  writeUe(value: number): void {
    const codeNum = value + 1;
    const length = Math.floor(Math.log2(codeNum));
    this.writeBits(0, length);
    this.writeBits(codeNum, length + 1);
  }

  writeSe(value: number): void {
    this.writeUe(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** rbsp_trailing_bits(): a stop bit then zeros up to the byte boundary. */
  writeTrailingBits(): void {
    this.writeBit(1);
    while (this.#bitsInCurrent !== 0) this.writeBit(0);
  }

  toBytes(): Uint8Array {
    const bytes = [...this.#bytes];
    if (this.#bitsInCurrent > 0) bytes.push(this.#current << (8 - this.#bitsInCurrent));
    return Uint8Array.from(bytes);
  }
}

// Reassembles one fragmented NAL unit (RFC 6184 FU-A, RFC 7798 FU): fragments kept as views, joined once at the end.
import { MAX_ACCESS_UNIT_BYTES } from './access-unit-assembler.js';

export class FragmentBuffer {
  #header: Uint8Array | undefined;
  #fragments: Uint8Array[] = [];
  #bytes = 0;

  get inProgress(): boolean {
    return this.#header !== undefined;
  }

  /** Starts a NAL unit with its rebuilt header bytes. */
  start(header: Uint8Array, fragment: Uint8Array): void {
    this.#header = header;
    this.#fragments = [fragment];
    this.#bytes = header.length + fragment.length;
  }

  /** Adds a middle fragment; false when it would exceed the access-unit ceiling (the NAL unit is abandoned). */
  append(fragment: Uint8Array): boolean {
    this.#bytes += fragment.length;
    if (this.#bytes > MAX_ACCESS_UNIT_BYTES) {
      this.reset();
      return false;
    }
    this.#fragments.push(fragment);
    return true;
  }

  /** Adds the last fragment and returns the whole NAL unit (one allocation). */
  finish(fragment: Uint8Array): Uint8Array | undefined {
    if (this.#header === undefined || !this.append(fragment)) return undefined;
    const nal = new Uint8Array(this.#bytes);
    nal.set(this.#header, 0);
    let offset = this.#header.length;
    for (const part of this.#fragments) {
      nal.set(part, offset);
      offset += part.length;
    }
    this.reset();
    return nal;
  }

  reset(): void {
    this.#header = undefined;
    this.#fragments = [];
    this.#bytes = 0;
  }
}

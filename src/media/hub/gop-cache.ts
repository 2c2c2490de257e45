// The units since the last keyframe of one stream, so that a new consumer can start decoding at once.
// It holds each unit it keeps (see retainUnit) until the next keyframe replaces them.
import { releaseUnit, retainUnit, type AccessUnit } from './access-unit.js';
import { accessUnitBytes } from './unit-size.js';

export class GopCache {
  readonly #maxBytes: number;
  #units: AccessUnit[] = [];
  #bytes = 0;

  /** `maxBytes` bounds a pathological GOP (a camera with a 60 s keyframe interval); past it the cache empties until the next keyframe. */
  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  add(unit: AccessUnit): void {
    if (unit.isKeyframe) {
      this.clear();
      retainUnit(unit);
      this.#units = [unit];
      this.#bytes = accessUnitBytes(unit);
      return;
    }
    if (this.#units.length === 0) return;
    const bytes = accessUnitBytes(unit);
    if (this.#bytes + bytes > this.#maxBytes) {
      this.clear();
      return;
    }
    retainUnit(unit);
    this.#units.push(unit);
    this.#bytes += bytes;
  }

  /** Starts with a keyframe, or is empty. */
  units(): readonly AccessUnit[] {
    return this.#units;
  }

  get bytes(): number {
    return this.#bytes;
  }

  clear(): void {
    this.#units.forEach(releaseUnit);
    this.#units = [];
    this.#bytes = 0;
  }
}

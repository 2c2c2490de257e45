// ISO BMFF box assembly (ISO/IEC 14496-12 §4.2): size + fourcc + payload, with full-box version and flags.

export function u8(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff);
}

export function u16(value: number): Uint8Array {
  return Uint8Array.of((value >>> 8) & 0xff, value & 0xff);
}

export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

export function u64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(Math.max(0, Math.round(value))));
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function fourcc(type: string): Uint8Array {
  return Uint8Array.from(type, (c) => c.charCodeAt(0));
}

export function box(type: string, ...payload: readonly Uint8Array[]): Uint8Array {
  const body = concat(payload);
  return concat([u32(body.length + 8), fourcc(type), body]);
}

export function fullBox(type: string, version: number, flags: number, ...payload: readonly Uint8Array[]): Uint8Array {
  return box(type, u8(version), Uint8Array.of((flags >>> 16) & 0xff, (flags >>> 8) & 0xff, flags & 0xff), ...payload);
}

export function zeros(length: number): Uint8Array {
  return new Uint8Array(length);
}

/** The identity transformation matrix of mvhd and tkhd (16.16 and 2.30 fixed point). */
export const UNITY_MATRIX = concat([u32(0x00010000), u32(0), u32(0), u32(0), u32(0x00010000), u32(0), u32(0), u32(0), u32(0x40000000)]);

export const VIDEO_TIMESCALE = 90_000;

/** Writes box headers and fields in place into a buffer sized beforehand (hot paths: one allocation per fragment). */
export class BoxWriter {
  readonly #view: DataView;
  readonly #bytes: Uint8Array;
  #at = 0;

  constructor(target: Uint8Array) {
    this.#bytes = target;
    this.#view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  }

  /** size(32) type(4cc), then version(8) flags(24) for a full box. */
  boxHeader(size: number, type: string, version?: number, flags?: number): void {
    this.u32(size);
    for (let i = 0; i < 4; i += 1) this.#bytes[this.#at + i] = type.charCodeAt(i);
    this.#at += 4;
    if (version !== undefined) this.u32(((version & 0xff) << 24) | ((flags ?? 0) & 0xffffff));
  }

  u32(value: number): void {
    this.#view.setUint32(this.#at, value >>> 0);
    this.#at += 4;
  }

  u64(value: number): void {
    this.#view.setBigUint64(this.#at, BigInt(Math.max(0, Math.round(value))));
    this.#at += 8;
  }
}

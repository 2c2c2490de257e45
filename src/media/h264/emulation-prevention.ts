// Emulation prevention: the 0x03 escape byte after two zero bytes (H.264 §7.4.1, same rule in H.265 §7.4.2).

/** NAL unit payload → RBSP. Returns the input view itself when it holds no escape byte. */
export function removeEmulationPrevention(nal: Uint8Array): Uint8Array {
  let escapes = 0;
  for (let i = 2; i < nal.length; i += 1) {
    if (nal[i] === 3 && nal[i - 1] === 0 && nal[i - 2] === 0) {
      escapes += 1;
      i += 2;
    }
  }
  if (escapes === 0) return nal;
  const out = new Uint8Array(nal.length - escapes);
  let zeros = 0;
  let o = 0;
  for (let i = 0; i < nal.length; i += 1) {
    const byte = nal[i] ?? 0;
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out[o] = byte;
    o += 1;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out;
}

/** RBSP → NAL unit payload: inserts 0x03 wherever two zeros are followed by a byte ≤ 3. */
export function insertEmulationPrevention(rbsp: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

// Annex-B byte-stream framing: NAL units separated by 00 00 01 / 00 00 00 01 start codes (H.264 Annex B).

const START_CODE = Uint8Array.of(0, 0, 0, 1);

/** Splits a byte stream into NAL unit views (no copy). Leading bytes before the first start code are ignored. */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const nals: Uint8Array[] = [];
  let start = -1;
  let i = 0;
  const n = stream.length;
  while (i + 2 < n) {
    if ((stream[i + 2] ?? 0) > 1) {
      i += 3;
    } else if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      if (start >= 0) nals.push(trimTrailingZeros(stream.subarray(start, i)));
      start = i + 3;
      i += 3;
    } else {
      i += 1;
    }
  }
  if (start >= 0 && start < n) nals.push(trimTrailingZeros(stream.subarray(start)));
  return nals.filter((nal) => nal.length > 0);
}

function trimTrailingZeros(nal: Uint8Array): Uint8Array {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end -= 1;
  return end === nal.length ? nal : nal.subarray(0, end);
}

/** NAL units → one byte stream with 4-byte start codes (one allocation). */
export function joinAnnexB(nals: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const nal of nals) size += START_CODE.length + nal.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const nal of nals) {
    out.set(START_CODE, offset);
    out.set(nal, offset + START_CODE.length);
    offset += START_CODE.length + nal.length;
  }
  return out;
}

// AVCC framing: NAL units each preceded by a big-endian length (ISO/IEC 14496-15 §5.3.2), as in MP4 samples.
import { bitstreamError } from '../bits/errors.js';

/** Splits length-prefixed NAL units into views (no copy). */
export function splitAvcc(sample: Uint8Array, lengthSize: 1 | 2 | 4 = 4): Uint8Array[] {
  const nals: Uint8Array[] = [];
  let offset = 0;
  while (offset < sample.length) {
    if (offset + lengthSize > sample.length) {
      throw bitstreamError('VIGIE_BITSTREAM_TRUNCATED', 'AVCC length prefix cut short', { offset });
    }
    let length = 0;
    for (let i = 0; i < lengthSize; i += 1) length = length * 256 + (sample[offset + i] ?? 0);
    offset += lengthSize;
    if (offset + length > sample.length) {
      throw bitstreamError('VIGIE_BITSTREAM_TRUNCATED', 'AVCC NAL unit longer than the sample', { offset, length });
    }
    nals.push(sample.subarray(offset, offset + length));
    offset += length;
  }
  return nals;
}

/** NAL units → one sample with 4-byte lengths (one allocation). */
export function joinAvcc(nals: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const nal of nals) size += 4 + nal.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const nal of nals) {
    view.setUint32(offset, nal.length);
    out.set(nal, offset + 4);
    offset += 4 + nal.length;
  }
  return out;
}

// The slice type of an H.264 picture, read from its first slice header (H.264 §7.3.3, Table 7-6).
import { BitReader } from '../bits/bit-reader.js';
import { isVigieError } from '../../core/errors.js';
import { removeEmulationPrevention } from './emulation-prevention.js';
import { H264_NAL, h264NalType } from './nal-unit.js';

const B_SLICE = 1;
/** first_mb_in_slice and slice_type are two exp-Golomb codes of at most 32 + 4 bits each. */
const HEADER_PREFIX_BYTES = 10;

/** Whether the picture's first slice is a B slice (slice_type 1 or 6). Never throws: unreadable means no. */
export function isH264BPicture(nalUnits: readonly Uint8Array[]): boolean {
  const slice = nalUnits.find((nal) => h264NalType(nal) === H264_NAL.slice || h264NalType(nal) === H264_NAL.sliceIdr);
  if (slice === undefined) return false;
  try {
    const r = new BitReader(removeEmulationPrevention(slice.subarray(1, 1 + HEADER_PREFIX_BYTES)));
    r.readUe(); // first_mb_in_slice
    return r.readUe() % 5 === B_SLICE;
  } catch (error) {
    if (!isVigieError(error)) throw error;
    return false;
  }
}

// Groups a stream of NAL units into access units (H.264 §7.4.1.2.3): a new picture starts at an access unit
// delimiter, at SPS/PPS/SEI after a slice, or at a slice whose first_mb_in_slice is 0.
import { H264_NAL, h264NalType } from './nal-unit.js';

export function groupH264AccessUnits(nals: readonly Uint8Array[]): Uint8Array[][] {
  const units: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let hasSlice = false;
  for (const nal of nals) {
    const type = h264NalType(nal);
    const isSlice = type === H264_NAL.slice || type === H264_NAL.sliceIdr;
    // first_mb_in_slice is ue(v): its first bit is 1 exactly when the value is 0.
    const startsPicture = isSlice && ((nal[1] ?? 0) & 0x80) !== 0;
    const opensUnit = type === H264_NAL.accessUnitDelimiter || type === H264_NAL.sps || type === H264_NAL.pps || type === H264_NAL.sei || startsPicture;
    if (hasSlice && opensUnit) {
      units.push(current);
      current = [];
      hasSlice = false;
    }
    current.push(nal);
    if (isSlice) hasSlice = true;
  }
  if (current.length > 0 && hasSlice) units.push(current);
  return units;
}

// Groups a stream of NAL units into access units (H.265 §7.4.2.4.4): a new picture starts at an access unit
// delimiter, at VPS/SPS/PPS/prefix SEI after a slice, or at a slice with first_slice_segment_in_pic_flag set.
import { H265_NAL, h265NalType } from './nal-unit.js';

export function groupH265AccessUnits(nals: readonly Uint8Array[]): Uint8Array[][] {
  const units: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let hasSlice = false;
  for (const nal of nals) {
    const type = h265NalType(nal);
    const isSlice = type <= 31;
    const startsPicture = isSlice && ((nal[2] ?? 0) & 0x80) !== 0;
    const opensUnit = type === H265_NAL.accessUnitDelimiter || type === H265_NAL.vps || type === H265_NAL.sps || type === H265_NAL.pps || type === H265_NAL.seiPrefix || startsPicture;
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

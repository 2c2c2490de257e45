// RFC 6381 / ISO/IEC 14496-15 Annex E codec string for H.265: hvc1.<space><profile>.<compat>.<tier><level>.<constraints>.
import { parseH265Sps } from './sps.js';

/** From an SPS NAL unit, e.g. `hvc1.1.6.L93.B0` for Main profile, Main tier, level 3.1. */
export function h265CodecString(sps: Uint8Array): string {
  const ptl = parseH265Sps(sps).profileTierLevel;
  const space = ['', 'A', 'B', 'C'][ptl.profileSpace] ?? '';
  let reversed = 0;
  for (let bit = 0; bit < 32; bit += 1) if ((ptl.compatibilityFlags >>> (31 - bit)) & 1) reversed = (reversed | (1 << bit)) >>> 0;
  const constraints = [...ptl.constraintBytes];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const constraintPart = constraints.map((byte) => `.${byte.toString(16).toUpperCase()}`).join('');
  return `hvc1.${space}${ptl.profileIdc}.${reversed.toString(16).toUpperCase()}.${ptl.tierFlag ? 'H' : 'L'}${ptl.levelIdc}${constraintPart}`;
}

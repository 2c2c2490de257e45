// profile_tier_level() (H.265 §7.3.3): the general profile, tier and level, skipping sub-layer fields.
import type { BitReader } from '../bits/bit-reader.js';

export interface H265ProfileTierLevel {
  readonly profileSpace: number;
  readonly tierFlag: number;
  readonly profileIdc: number;
  /** general_profile_compatibility_flag[0..31] as read, flag 0 in the most significant bit. */
  readonly compatibilityFlags: number;
  /** The 48 bits from general_progressive_source_flag on, as six bytes. */
  readonly constraintBytes: readonly number[];
  readonly levelIdc: number;
}

export function readProfileTierLevel(r: BitReader, maxSubLayersMinus1: number): H265ProfileTierLevel {
  const profileSpace = r.readBits(2);
  const tierFlag = r.readBit();
  const profileIdc = r.readBits(5);
  const compatibilityFlags = r.readBits(32);
  const constraintBytes: number[] = [];
  for (let i = 0; i < 6; i += 1) constraintBytes.push(r.readBits(8));
  const levelIdc = r.readBits(8);
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i += 1) {
    profilePresent.push(r.readFlag());
    levelPresent.push(r.readFlag());
  }
  if (maxSubLayersMinus1 > 0) for (let i = maxSubLayersMinus1; i < 8; i += 1) r.skipBits(2);
  for (let i = 0; i < maxSubLayersMinus1; i += 1) {
    if (profilePresent[i] === true) r.skipBits(88);
    if (levelPresent[i] === true) r.skipBits(8);
  }
  return { profileSpace, tierFlag, profileIdc, compatibilityFlags, constraintBytes, levelIdc };
}

// H.265 video parameter set header fields (H.265 §7.3.2.1): id, sub-layers and the general profile/tier/level.
import { BitReader } from '../bits/bit-reader.js';
import { removeEmulationPrevention } from './emulation-prevention.js';
import { readProfileTierLevel, type H265ProfileTierLevel } from './profile-tier-level.js';

export interface H265Vps {
  readonly vpsId: number;
  readonly maxLayersMinus1: number;
  readonly maxSubLayersMinus1: number;
  readonly temporalIdNesting: boolean;
  readonly profileTierLevel: H265ProfileTierLevel;
}

/**  vps_video_parameter_set_id(4) base_layer_internal(1) base_layer_available(1) max_layers_minus1(6)
 *   max_sub_layers_minus1(3) temporal_id_nesting(1) reserved 0xffff(16) profile_tier_level(…)  */
export function parseH265Vps(nal: Uint8Array): H265Vps {
  const r = new BitReader(removeEmulationPrevention(nal.subarray(2)));
  const vpsId = r.readBits(4);
  r.skipBits(2);
  const maxLayersMinus1 = r.readBits(6);
  const maxSubLayersMinus1 = r.readBits(3);
  const temporalIdNesting = r.readFlag();
  r.skipBits(16);
  const profileTierLevel = readProfileTierLevel(r, maxSubLayersMinus1);
  return { vpsId, maxLayersMinus1, maxSubLayersMinus1, temporalIdNesting, profileTierLevel };
}

// HEVCDecoderConfigurationRecord (hvcC, ISO/IEC 14496-15 §8.3.3.1) and the RFC 6381 / ISO 14496-15 Annex E
// codec string, both from the profile_tier_level at the head of the SPS (H.265 §7.3.2.2, §7.3.3).
import { VigieError } from '../../core/errors.js';
import { removeEmulationPrevention } from '../h264/emulation-prevention.js';
import { concat, u16, u8 } from './bytes.js';

export interface HevcParameterSets {
  readonly vps: Uint8Array;
  readonly sps: Uint8Array;
  readonly pps: Uint8Array;
}

interface ProfileTierLevel {
  /** The 12 bytes general_profile_space … general_level_idc, as stored in hvcC. */
  readonly bytes: Uint8Array;
  readonly maxSubLayers: number;
  readonly temporalIdNesting: boolean;
}

function profileTierLevel(sps: Uint8Array): ProfileTierLevel {
  const rbsp = removeEmulationPrevention(sps);
  if (rbsp.length < 15) throw new VigieError('VIGIE_BITSTREAM_TRUNCATED', 'H.265 SPS too short for profile_tier_level', { status: 400 });
  const head = rbsp[2] ?? 0;
  return { bytes: rbsp.slice(3, 15), maxSubLayers: ((head >>> 1) & 0x07) + 1, temporalIdNesting: (head & 1) === 1 };
}

export function writeHevcDecoderConfig({ vps, sps, pps }: HevcParameterSets): Uint8Array {
  const ptl = profileTierLevel(sps);
  const nesting = ptl.temporalIdNesting ? 1 : 0;
  const array = (nalType: number, nal: Uint8Array): Uint8Array => concat([u8(0x80 | nalType), u16(1), u16(nal.length), nal]);
  return concat([
    u8(1),
    ptl.bytes,
    u16(0xf000), // min_spatial_segmentation_idc = 0
    u8(0xfc), // parallelismType = 0 (unknown)
    u8(0xfd), // chroma_format_idc = 1 (4:2:0)
    u8(0xf8), // bit_depth_luma_minus8 = 0
    u8(0xf8), // bit_depth_chroma_minus8 = 0
    u16(0), // avgFrameRate unknown
    u8((ptl.maxSubLayers << 3) | (nesting << 2) | 3), // lengthSizeMinusOne = 3
    u8(3),
    array(32, vps),
    array(33, sps),
    array(34, pps),
  ]);
}

/** Reads the VPS, SPS and PPS back from an hvcC record. */
export function parseHevcDecoderConfig(record: Uint8Array): HevcParameterSets {
  const found = new Map<number, Uint8Array>();
  let o = 23;
  const arrays = record[22] ?? 0;
  for (let a = 0; a < arrays && o + 3 <= record.length; a += 1) {
    const type = (record[o] ?? 0) & 0x3f;
    const count = ((record[o + 1] ?? 0) << 8) | (record[o + 2] ?? 0);
    o += 3;
    for (let i = 0; i < count; i += 1) {
      const length = ((record[o] ?? 0) << 8) | (record[o + 1] ?? 0);
      if (o + 2 + length > record.length) throw new VigieError('VIGIE_MP4_INVALID', 'malformed hvcC record', { status: 400 });
      if (!found.has(type)) found.set(type, record.subarray(o + 2, o + 2 + length));
      o += 2 + length;
    }
  }
  const vps = found.get(32);
  const sps = found.get(33);
  const pps = found.get(34);
  if (vps === undefined || sps === undefined || pps === undefined) throw new VigieError('VIGIE_MP4_INVALID', 'hvcC lacks VPS, SPS or PPS', { status: 400 });
  return { vps, sps, pps };
}

/** e.g. `hvc1.1.6.L93.B0`: profile, reversed compatibility flags, tier+level, constraint bytes. */
export function hevcCodecString(sps: Uint8Array): string {
  const b = profileTierLevel(sps).bytes;
  const first = b[0] ?? 0;
  const space = ['', 'A', 'B', 'C'][first >>> 6] ?? '';
  const tier = (first & 0x20) !== 0 ? 'H' : 'L';
  const profile = first & 0x1f;
  let compat = ((b[1] ?? 0) << 24) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 8) | (b[4] ?? 0);
  let reversed = 0;
  for (let i = 0; i < 32; i += 1) {
    reversed = (reversed << 1) | (compat & 1);
    compat >>>= 1;
  }
  const constraints = Array.from(b.subarray(5, 11));
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const tail = constraints.map((c) => `.${c.toString(16).toUpperCase()}`).join('');
  return `hvc1.${space}${profile}.${(reversed >>> 0).toString(16).toUpperCase()}.${tier}${b[11] ?? 0}${tail}`;
}

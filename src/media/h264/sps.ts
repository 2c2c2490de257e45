// H.264 sequence parameter set: profile, level, picture size after cropping, frame rate from VUI timing and
// reorder depth from VUI bitstream restriction (H.264 §7.3.2.1.1 and Annex E.1.1).
import { isVigieError } from '../../core/errors.js';
import { BitReader } from '../bits/bit-reader.js';
import { bitstreamError } from '../bits/errors.js';
import { removeEmulationPrevention } from './emulation-prevention.js';

export interface H264Sps {
  readonly profileIdc: number;
  /** constraint_set0..5 flags and reserved bits: the byte between profile and level. */
  readonly constraintFlags: number;
  readonly levelIdc: number;
  readonly spsId: number;
  readonly chromaFormatIdc: number;
  readonly bitDepthLuma: number;
  readonly width: number;
  readonly height: number;
  /** Frames per second from VUI timing info, when present. */
  readonly frameRate?: number;
  /** max_num_reorder_frames from VUI bitstream restriction, when present: frames that may precede one in decoding order and follow it in output order. */
  readonly maxNumReorderFrames?: number;
}

type H264Vui = Pick<H264Sps, 'frameRate' | 'maxNumReorderFrames'>;

/** max_dec_frame_buffering never exceeds 16 (Annex A), nor the reorder depth below it. */
const MAX_DPB_FRAMES = 16;
/** cpb_cnt_minus1 is at most 31 (Annex E.2.2). */
const MAX_CPB_COUNT = 32;

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Parses an SPS NAL unit (with its one-byte header). Throws a VigieError when it is malformed. */
export function parseH264Sps(nal: Uint8Array): H264Sps {
  const r = new BitReader(removeEmulationPrevention(nal.subarray(1)));
  const profileIdc = r.readBits(8);
  const constraintFlags = r.readBits(8);
  const levelIdc = r.readBits(8);
  const spsId = r.readUe();
  let chromaFormatIdc = 1;
  let bitDepthLuma = 8;
  let separateColourPlane = false;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.readUe();
    if (chromaFormatIdc === 3) separateColourPlane = r.readFlag();
    bitDepthLuma = r.readUe() + 8;
    r.readUe(); // bit_depth_chroma_minus8
    r.readBit(); // qpprime_y_zero_transform_bypass_flag
    if (r.readFlag()) {
      const lists = chromaFormatIdc === 3 ? 12 : 8;
      for (let i = 0; i < lists; i += 1) {
        if (r.readFlag()) skipScalingList(r, i < 6 ? 16 : 64);
      }
    }
  }
  r.readUe(); // log2_max_frame_num_minus4
  const picOrderCntType = r.readUe();
  if (picOrderCntType === 0) {
    r.readUe();
  } else if (picOrderCntType === 1) {
    r.readBit();
    r.readSe();
    r.readSe();
    const cycle = r.readUe();
    if (cycle > 255) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS pic order count cycle too long', { cycle });
    for (let i = 0; i < cycle; i += 1) r.readSe();
  }
  r.readUe(); // max_num_ref_frames
  r.readBit(); // gaps_in_frame_num_value_allowed_flag
  const widthInMbs = r.readUe() + 1;
  const heightInMapUnits = r.readUe() + 1;
  const frameMbsOnly = r.readFlag();
  if (!frameMbsOnly) r.readBit(); // mb_adaptive_frame_field_flag
  r.readBit(); // direct_8x8_inference_flag
  // Level 6.2 allows 139,264 macroblocks per picture; anything larger is a corrupt SPS.
  if (widthInMbs * heightInMapUnits > 139_264) {
    throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS picture size out of range', { widthInMbs, heightInMapUnits });
  }
  let width = widthInMbs * 16;
  let height = (2 - (frameMbsOnly ? 1 : 0)) * heightInMapUnits * 16;
  if (r.readFlag()) {
    const left = r.readUe();
    const right = r.readUe();
    const top = r.readUe();
    const bottom = r.readUe();
    const arrayType = separateColourPlane ? 0 : chromaFormatIdc;
    const cropUnitX = arrayType === 0 ? 1 : arrayType === 3 ? 1 : 2;
    const cropUnitY = (arrayType === 1 ? 2 : 1) * (2 - (frameMbsOnly ? 1 : 0));
    width -= (left + right) * cropUnitX;
    height -= (top + bottom) * cropUnitY;
  }
  if (width <= 0 || height <= 0) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS cropping larger than the picture', { width, height });
  const vui = r.readFlag() ? readVui(r) : {};
  return { profileIdc, constraintFlags, levelIdc, spsId, chromaFormatIdc, bitDepthLuma, width, height, ...vui };
}

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j += 1) {
    if (next !== 0) next = (last + r.readSe() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/**
 * VUI fields before the timing info, laid out alike in H.264 (Annex E.1.1) and H.265 (Annex E.2.1):
 * aspect_ratio_info, overscan_info, video_signal_type with colour_description, chroma_loc_info.
 */
export function skipVuiPictureDescription(r: BitReader): void {
  if (r.readFlag() && r.readBits(8) === 255) r.skipBits(32); // aspect_ratio_idc, Extended_SAR: sar_width, sar_height
  if (r.readFlag()) r.readBit(); // overscan_appropriate_flag
  if (r.readFlag()) {
    r.skipBits(4); // video_format, video_full_range_flag
    if (r.readFlag()) r.skipBits(24); // colour_primaries, transfer_characteristics, matrix_coefficients
  }
  if (r.readFlag()) {
    r.readUe(); // chroma_sample_loc_type_top_field
    r.readUe(); // chroma_sample_loc_type_bottom_field
  }
}

/** Annex E.1.1 up to bitstream_restriction; a truncated or odd VUI leaves what it could not reach unknown rather than failing the SPS. */
function readVui(r: BitReader): H264Vui {
  let vui: H264Vui = {};
  try {
    skipVuiPictureDescription(r);
    if (r.readFlag()) {
      const numUnitsInTick = r.readBits(32);
      const timeScale = r.readBits(32);
      // H.264 counts two ticks per frame (field-based timing, Annex E.2.1).
      if (numUnitsInTick !== 0 && timeScale !== 0) vui = { frameRate: Math.round((timeScale / (2 * numUnitsInTick)) * 1000) / 1000 };
      r.readBit(); // fixed_frame_rate_flag
    }
    const maxNumReorderFrames = readBitstreamRestriction(r);
    return maxNumReorderFrames === undefined ? vui : { ...vui, maxNumReorderFrames };
  } catch (error) {
    if (!isVigieError(error)) throw error;
    return vui;
  }
}

/** From the HRD flags to max_num_reorder_frames; undefined without bitstream restriction or with impossible values. */
function readBitstreamRestriction(r: BitReader): number | undefined {
  const nalHrd = r.readFlag();
  if (nalHrd) skipHrdParameters(r);
  const vclHrd = r.readFlag();
  if (vclHrd) skipHrdParameters(r);
  if (nalHrd || vclHrd) r.readBit(); // low_delay_hrd_flag
  r.readBit(); // pic_struct_present_flag
  if (!r.readFlag()) return undefined; // bitstream_restriction_flag
  r.readBit(); // motion_vectors_over_pic_boundaries_flag
  r.readUe(); // max_bytes_per_pic_denom
  r.readUe(); // max_bits_per_mb_denom
  r.readUe(); // log2_max_mv_length_horizontal
  r.readUe(); // log2_max_mv_length_vertical
  const maxNumReorderFrames = r.readUe();
  const maxDecFrameBuffering = r.readUe();
  return maxDecFrameBuffering > MAX_DPB_FRAMES || maxNumReorderFrames > maxDecFrameBuffering ? undefined : maxNumReorderFrames;
}

/** hrd_parameters() (Annex E.1.2), skipped. */
function skipHrdParameters(r: BitReader): void {
  const cpbCount = r.readUe() + 1;
  if (cpbCount > MAX_CPB_COUNT) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'VUI cpb_cnt_minus1 out of range', { cpbCount });
  r.skipBits(8); // bit_rate_scale, cpb_size_scale
  for (let i = 0; i < cpbCount; i += 1) {
    r.readUe(); // bit_rate_value_minus1
    r.readUe(); // cpb_size_value_minus1
    r.readBit(); // cbr_flag
  }
  r.skipBits(20); // initial_cpb_removal_delay_length_minus1, cpb_removal_delay_length_minus1, dpb_output_delay_length_minus1, time_offset_length
}

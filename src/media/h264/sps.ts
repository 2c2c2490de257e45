// H.264 sequence parameter set: profile, level, picture size after cropping, frame rate from VUI timing
// (H.264 §7.3.2.1.1 and Annex E.1.1).
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
}

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
  const frameRate = r.readFlag() ? readVuiFrameRate(r) : undefined;
  const sps = { profileIdc, constraintFlags, levelIdc, spsId, chromaFormatIdc, bitDepthLuma, width, height };
  return frameRate === undefined ? sps : { ...sps, frameRate };
}

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j += 1) {
    if (next !== 0) next = (last + r.readSe() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** Annex E.1.1 up to timing_info; a truncated VUI leaves the frame rate unknown rather than failing the SPS. */
function readVuiFrameRate(r: BitReader): number | undefined {
  try {
    if (r.readFlag()) {
      const aspectRatioIdc = r.readBits(8);
      if (aspectRatioIdc === 255) r.skipBits(32); // Extended_SAR
    }
    if (r.readFlag()) r.readBit(); // overscan
    if (r.readFlag()) {
      r.skipBits(4); // video_format, video_full_range_flag
      if (r.readFlag()) r.skipBits(24);
    }
    if (r.readFlag()) {
      r.readUe();
      r.readUe();
    }
    if (!r.readFlag()) return undefined;
    const numUnitsInTick = r.readBits(32);
    const timeScale = r.readBits(32);
    if (numUnitsInTick === 0 || timeScale === 0) return undefined;
    // H.264 counts two ticks per frame (field-based timing, Annex E.2.1).
    return Math.round((timeScale / (2 * numUnitsInTick)) * 1000) / 1000;
  } catch {
    return undefined;
  }
}

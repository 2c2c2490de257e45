// H.265 sequence parameter set: profile/tier/level, chroma format, bit depth, picture size after the
// conformance window, reorder depth, and the frame rate from VUI timing (H.265 §7.3.2.2.1, §7.3.7, Annex E.2.1).
import { isVigieError } from '../../core/errors.js';
import { BitReader } from '../bits/bit-reader.js';
import { bitstreamError } from '../bits/errors.js';
import { skipVuiPictureDescription } from '../h264/sps.js';
import { removeEmulationPrevention } from './emulation-prevention.js';
import { readProfileTierLevel, type H265ProfileTierLevel } from './profile-tier-level.js';

export interface H265Sps {
  readonly vpsId: number;
  readonly maxSubLayersMinus1: number;
  readonly temporalIdNesting: boolean;
  readonly profileTierLevel: H265ProfileTierLevel;
  readonly spsId: number;
  readonly chromaFormatIdc: number;
  readonly bitDepthLuma: number;
  readonly bitDepthChroma: number;
  readonly width: number;
  readonly height: number;
  /** sps_max_num_reorder_pics of the highest sub-layer: pictures that may precede one in decoding order and follow it in output order. */
  readonly maxNumReorderPics: number;
  /** Pictures per second from VUI timing info, when present and reachable. */
  readonly frameRate?: number;
}

/** One short-term reference picture set as DeltaPocS0 and DeltaPocS1 (§7.4.8), in the spec's order: inter-RPS flags index them. */
interface ShortTermRps {
  readonly negative: readonly number[];
  readonly positive: readonly number[];
}

/** Level 6.2 allows 35,651,584 luma samples per picture; 16384 per side keeps corrupt SPSs out. */
const MAX_SIDE = 16_384;
/** MaxDpbSize is at most 16 (Annex A.4.2): no RPS lists more pictures, no sub-layer reorders more. */
const MAX_DPB_PICTURES = 16;
const MAX_SHORT_TERM_RPS = 64;
const MAX_LONG_TERM_PICS_SPS = 32;

/** Parses an SPS NAL unit (with its two-byte header). Throws a VigieError when it is malformed. */
export function parseH265Sps(nal: Uint8Array): H265Sps {
  const r = new BitReader(removeEmulationPrevention(nal.subarray(2)));
  const vpsId = r.readBits(4);
  const maxSubLayersMinus1 = r.readBits(3);
  const temporalIdNesting = r.readFlag();
  const profileTierLevel = readProfileTierLevel(r, maxSubLayersMinus1);
  const spsId = r.readUe();
  const chromaFormatIdc = r.readUe();
  if (chromaFormatIdc > 3) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS chroma_format_idc out of range', { chromaFormatIdc });
  const separateColourPlane = chromaFormatIdc === 3 ? r.readFlag() : false;
  let width = r.readUe();
  let height = r.readUe();
  if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) {
    throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS picture size out of range', { width, height });
  }
  if (r.readFlag()) {
    const arrayType = separateColourPlane ? 0 : chromaFormatIdc;
    const subWidth = arrayType === 1 || arrayType === 2 ? 2 : 1;
    const subHeight = arrayType === 1 ? 2 : 1;
    const left = r.readUe();
    const right = r.readUe();
    const top = r.readUe();
    const bottom = r.readUe();
    width -= subWidth * (left + right);
    height -= subHeight * (top + bottom);
    if (width <= 0 || height <= 0) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS conformance window larger than the picture', { width, height });
  }
  const bitDepthLuma = r.readUe() + 8;
  const bitDepthChroma = r.readUe() + 8;
  const log2MaxPocLsb = r.readUe() + 4;
  if (log2MaxPocLsb > 16) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS log2_max_pic_order_cnt_lsb out of range', { log2MaxPocLsb });
  const maxNumReorderPics = readMaxNumReorderPics(r, maxSubLayersMinus1);
  const sps = { vpsId, maxSubLayersMinus1, temporalIdNesting, profileTierLevel, spsId, chromaFormatIdc, bitDepthLuma, bitDepthChroma, width, height, maxNumReorderPics };
  const frameRate = readFrameRate(r, log2MaxPocLsb);
  return frameRate === undefined ? sps : { ...sps, frameRate };
}

/** sub_layer_ordering_info: one triple for every sub-layer, or only for the highest. */
function readMaxNumReorderPics(r: BitReader, maxSubLayersMinus1: number): number {
  const forEverySubLayer = r.readFlag();
  let maxNumReorderPics = 0;
  for (let i = forEverySubLayer ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i += 1) {
    r.readUe(); // sps_max_dec_pic_buffering_minus1
    maxNumReorderPics = r.readUe();
    r.readUe(); // sps_max_latency_increase_plus1
  }
  if (maxNumReorderPics >= MAX_DPB_PICTURES) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS sps_max_num_reorder_pics out of range', { maxNumReorderPics });
  return maxNumReorderPics;
}

/**
 * Walks the coding tools and reference picture sets to the VUI and reads its timing info. Only the frame rate
 * depends on this walk: a truncated or odd remainder leaves it unknown rather than failing the SPS.
 */
function readFrameRate(r: BitReader, log2MaxPocLsb: number): number | undefined {
  try {
    skipCodingTools(r);
    skipShortTermRefPicSets(r);
    if (r.readFlag()) skipLongTermRefPics(r, log2MaxPocLsb); // long_term_ref_pics_present_flag
    r.skipBits(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
    return r.readFlag() ? readVuiFrameRate(r) : undefined;
  } catch (error) {
    if (!isVigieError(error)) throw error;
    return undefined;
  }
}

/** From log2_min_luma_coding_block_size_minus3 to the PCM fields. */
function skipCodingTools(r: BitReader): void {
  for (let i = 0; i < 6; i += 1) r.readUe(); // coding and transform block sizes, transform hierarchy depths
  if (r.readFlag() && r.readFlag()) skipScalingListData(r); // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
  r.skipBits(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
  if (r.readFlag()) {
    r.skipBits(8); // pcm_sample_bit_depth_luma_minus1, pcm_sample_bit_depth_chroma_minus1
    r.readUe(); // log2_min_pcm_luma_coding_block_size_minus3
    r.readUe(); // log2_diff_max_min_pcm_luma_coding_block_size
    r.readBit(); // pcm_loop_filter_disabled_flag
  }
}

/** scaling_list_data() (§7.3.4): 4x4, 8x8, 16x16 lists for six matrices, 32x32 for two. */
function skipScalingListData(r: BitReader): void {
  for (let sizeId = 0; sizeId < 4; sizeId += 1) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (!r.readFlag()) {
        r.readUe(); // scaling_list_pred_matrix_id_delta
        continue;
      }
      if (sizeId > 1) r.readSe(); // scaling_list_dc_coef_minus8
      const coefficients = Math.min(64, 1 << (4 + (sizeId << 1)));
      for (let i = 0; i < coefficients; i += 1) r.readSe(); // scaling_list_delta_coef
    }
  }
}

function skipShortTermRefPicSets(r: BitReader): void {
  const count = r.readUe();
  if (count > MAX_SHORT_TERM_RPS) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS num_short_term_ref_pic_sets out of range', { count });
  const sets: ShortTermRps[] = [];
  for (let i = 0; i < count; i += 1) {
    const previous = sets[i - 1];
    const set = previous !== undefined && r.readFlag() ? readPredictedRps(r, previous) : readExplicitRps(r);
    if (set.negative.length + set.positive.length > MAX_DPB_PICTURES) {
      throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS reference picture set too large', { index: i });
    }
    sets.push(set);
  }
}

function skipLongTermRefPics(r: BitReader, log2MaxPocLsb: number): void {
  const count = r.readUe(); // num_long_term_ref_pics_sps
  if (count > MAX_LONG_TERM_PICS_SPS) throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS num_long_term_ref_pics_sps out of range', { count });
  for (let i = 0; i < count; i += 1) r.skipBits(log2MaxPocLsb + 1); // lt_ref_pic_poc_lsb_sps, used_by_curr_pic_lt_sps_flag
}

/** st_ref_pic_set() without inter-RPS prediction: num_negative_pics, num_positive_pics, then the POC steps. */
function readExplicitRps(r: BitReader): ShortTermRps {
  const negativeCount = r.readUe();
  const positiveCount = r.readUe();
  if (negativeCount + positiveCount > MAX_DPB_PICTURES) {
    throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'SPS reference picture set too large', { negativeCount, positiveCount });
  }
  return { negative: readPocSteps(r, negativeCount, -1), positive: readPocSteps(r, positiveCount, 1) };
}

function readPocSteps(r: BitReader, count: number, sign: -1 | 1): number[] {
  const deltas: number[] = [];
  let delta = 0;
  for (let i = 0; i < count; i += 1) {
    delta += sign * (r.readUe() + 1); // delta_poc_s0/s1_minus1
    r.readBit(); // used_by_curr_pic_s0/s1_flag
    deltas.push(delta);
  }
  return deltas;
}

interface Candidate {
  readonly delta: number;
  readonly used: boolean;
}

/**
 * st_ref_pic_set() predicted from the set before it (in an SPS, delta_idx_minus1 is absent and inferred 0): one
 * flag pair per picture of the reference set plus one for the reference picture itself, then the derivation of
 * DeltaPocS0 and DeltaPocS1 in §7.4.8, which the next predicted set needs.
 */
function readPredictedRps(r: BitReader, reference: ShortTermRps): ShortTermRps {
  const sign = r.readBit(); // delta_rps_sign
  const deltaRps = (1 - 2 * sign) * (r.readUe() + 1); // abs_delta_rps_minus1
  const negativeCount = reference.negative.length;
  const pictureCount = negativeCount + reference.positive.length;
  const used: boolean[] = [];
  // used_by_curr_pic_flag, and use_delta_flag only when that is 0 (it is inferred 1 otherwise).
  for (let j = 0; j <= pictureCount; j += 1) used.push(r.readFlag() || r.readFlag());
  const shifted = (pocs: readonly number[], firstFlag: number): Candidate[] => pocs.map((poc, j) => ({ delta: poc + deltaRps, used: used[firstFlag + j] === true }));
  const fromNegative = shifted(reference.negative, 0);
  const fromPositive = shifted(reference.positive, negativeCount);
  const itself: Candidate = { delta: deltaRps, used: used[pictureCount] === true };
  const kept = (candidates: readonly Candidate[], side: (delta: number) => boolean): number[] =>
    candidates.filter((candidate) => candidate.used && side(candidate.delta)).map((candidate) => candidate.delta);
  return {
    negative: kept([...fromPositive].reverse().concat(itself, fromNegative), (delta) => delta < 0),
    positive: kept([...fromNegative].reverse().concat(itself, fromPositive), (delta) => delta > 0),
  };
}

/** vui_parameters() (Annex E.2.1) up to the timing info; one tick is one picture in H.265 (a field when field_seq_flag is set). */
function readVuiFrameRate(r: BitReader): number | undefined {
  skipVuiPictureDescription(r);
  r.skipBits(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
  if (r.readFlag()) for (let i = 0; i < 4; i += 1) r.readUe(); // default display window offsets
  if (!r.readFlag()) return undefined; // vui_timing_info_present_flag
  const numUnitsInTick = r.readBits(32);
  const timeScale = r.readBits(32);
  if (numUnitsInTick === 0 || timeScale === 0) return undefined;
  return Math.round((timeScale / numUnitsInTick) * 1000) / 1000;
}

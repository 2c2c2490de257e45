// H.265 sequence parameter set: profile/tier/level, chroma format, bit depth and picture size after the
// conformance window (H.265 §7.3.2.2.1).
import { BitReader } from '../bits/bit-reader.js';
import { bitstreamError } from '../bits/errors.js';
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
}

/** Level 6.2 allows 35,651,584 luma samples per picture; 16384 per side keeps corrupt SPSs out. */
const MAX_SIDE = 16_384;

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
  return { vpsId, maxSubLayersMinus1, temporalIdNesting, profileTierLevel, spsId, chromaFormatIdc, bitDepthLuma, bitDepthChroma, width, height };
}

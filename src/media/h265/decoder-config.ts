// HEVCDecoderConfigurationRecord, the payload of the MP4 hvcC box (ISO/IEC 14496-15 §8.3.3.1).
import { bitstreamError } from '../bits/errors.js';
import { H265_NAL, h265NalType } from './nal-unit.js';
import { parseH265Sps } from './sps.js';

export interface H265ParameterSets {
  readonly vps: Uint8Array;
  readonly sps: Uint8Array;
  readonly pps: Uint8Array;
}

const HEADER_SIZE = 23;

/**
 *  version(8)=1 profile_space(2) tier(1) profile_idc(5) compatibility(32) constraints(48) level(8)
 *  1111 min_spatial_segmentation(12) 111111 parallelism(2) 111111 chroma(2) 11111 luma-8(3) 11111 chroma-8(3)
 *  avgFrameRate(16) constantFrameRate(2) numTemporalLayers(3) temporalIdNested(1) lengthSizeMinusOne(2)
 *  numOfArrays(8) { completeness(1) 0 type(6) numNalus(16) { length(16) NAL unit } }
 */
export function writeHevcDecoderConfig({ vps, sps, pps }: H265ParameterSets): Uint8Array {
  const info = parseH265Sps(sps);
  const ptl = info.profileTierLevel;
  const arrays = [vps, sps, pps];
  const out = new Uint8Array(HEADER_SIZE + arrays.reduce((sum, nal) => sum + 5 + nal.length, 0));
  const view = new DataView(out.buffer);
  out[0] = 1;
  out[1] = (ptl.profileSpace << 6) | (ptl.tierFlag << 5) | ptl.profileIdc;
  view.setUint32(2, ptl.compatibilityFlags >>> 0);
  out.set(ptl.constraintBytes, 6);
  out[12] = ptl.levelIdc;
  view.setUint16(13, 0xf000);
  out[15] = 0xfc;
  out[16] = 0xfc | info.chromaFormatIdc;
  out[17] = 0xf8 | (info.bitDepthLuma - 8);
  out[18] = 0xf8 | (info.bitDepthChroma - 8);
  view.setUint16(19, 0);
  out[21] = ((info.maxSubLayersMinus1 + 1) << 3) | ((info.temporalIdNesting ? 1 : 0) << 2) | 3;
  out[22] = arrays.length;
  let o = HEADER_SIZE;
  for (const nal of arrays) {
    out[o] = 0x80 | h265NalType(nal);
    view.setUint16(o + 1, 1);
    view.setUint16(o + 3, nal.length);
    out.set(nal, o + 5);
    o += 5 + nal.length;
  }
  return out;
}

/** Reads the first VPS, SPS and PPS of an hvcC record (views into it). */
export function parseHevcDecoderConfig(record: Uint8Array): H265ParameterSets {
  const fail = (): never => {
    throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'malformed hvcC record', { length: record.length });
  };
  if (record.length < HEADER_SIZE || record[0] !== 1) fail();
  const found = new Map<number, Uint8Array>();
  let o = HEADER_SIZE;
  for (let array = 0; array < (record[22] ?? 0); array += 1) {
    if (o + 3 > record.length) fail();
    const count = ((record[o + 1] ?? 0) << 8) | (record[o + 2] ?? 0);
    o += 3;
    for (let i = 0; i < count; i += 1) {
      const length = ((record[o] ?? 0) << 8) | (record[o + 1] ?? 0);
      if (o + 2 + length > record.length) fail();
      const nal = record.subarray(o + 2, o + 2 + length);
      if (!found.has(h265NalType(nal))) found.set(h265NalType(nal), nal);
      o += 2 + length;
    }
  }
  const vps = found.get(H265_NAL.vps);
  const sps = found.get(H265_NAL.sps);
  const pps = found.get(H265_NAL.pps);
  if (vps === undefined || sps === undefined || pps === undefined) return fail();
  return { vps, sps, pps };
}

// AVCDecoderConfigurationRecord, the payload of the MP4 avcC box (ISO/IEC 14496-15 §5.3.3.1).
import { bitstreamError } from '../bits/errors.js';
import { parseH264Sps } from './sps.js';

export interface H264ParameterSets {
  readonly sps: Uint8Array;
  readonly pps: Uint8Array;
}

/**
 *  configurationVersion(8)=1 AVCProfileIndication(8) profile_compatibility(8) AVCLevelIndication(8)
 *  111111 lengthSizeMinusOne(2)=3  111 numOfSequenceParameterSets(5)=1  { length(16) sps }
 *  numOfPictureParameterSets(8)=1 { length(16) pps }  [high profiles: chroma/bit-depth extension]
 */
export function writeAvcDecoderConfig({ sps, pps }: H264ParameterSets): Uint8Array {
  const info = parseH264Sps(sps);
  const hasExtension = info.profileIdc !== 66 && info.profileIdc !== 77 && info.profileIdc !== 88;
  const out = new Uint8Array(11 + sps.length + pps.length + (hasExtension ? 4 : 0));
  out.set([1, sps[1] ?? 0, sps[2] ?? 0, sps[3] ?? 0, 0xff, 0xe1, sps.length >>> 8, sps.length & 0xff]);
  out.set(sps, 8);
  let o = 8 + sps.length;
  out.set([1, pps.length >>> 8, pps.length & 0xff], o);
  out.set(pps, o + 3);
  o += 3 + pps.length;
  if (hasExtension) {
    out.set([0xfc | info.chromaFormatIdc, 0xf8 | (info.bitDepthLuma - 8), 0xf8 | (info.bitDepthLuma - 8), 0], o);
  }
  return out;
}

/** Reads the first SPS and PPS of an avcC record (views into it). */
export function parseAvcDecoderConfig(record: Uint8Array): H264ParameterSets {
  const fail = (): never => {
    throw bitstreamError('VIGIE_BITSTREAM_INVALID', 'malformed avcC record', { length: record.length });
  };
  if (record.length < 7 || record[0] !== 1) fail();
  const spsCount = (record[5] ?? 0) & 0x1f;
  let o = 6;
  let sps: Uint8Array | undefined;
  for (let i = 0; i < spsCount; i += 1) {
    const length = ((record[o] ?? 0) << 8) | (record[o + 1] ?? 0);
    if (o + 2 + length > record.length) fail();
    sps ??= record.subarray(o + 2, o + 2 + length);
    o += 2 + length;
  }
  const ppsCount = record[o] ?? 0;
  o += 1;
  let pps: Uint8Array | undefined;
  for (let i = 0; i < ppsCount; i += 1) {
    const length = ((record[o] ?? 0) << 8) | (record[o + 1] ?? 0);
    if (o + 2 + length > record.length) fail();
    pps ??= record.subarray(o + 2, o + 2 + length);
    o += 2 + length;
  }
  if (sps === undefined || pps === undefined) return fail();
  return { sps, pps };
}

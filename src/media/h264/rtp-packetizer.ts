// RFC 6184 packetization (non-interleaved mode): single NAL unit, STAP-A for SPS+PPS, FU-A above the MTU.
import { maxPayloadSize, writeAggregationPacket } from '../rtp/packetizer-options.js';
import type { ParameterSets } from '../rtp/depacketizer.js';
import { H264_NAL, h264NalType } from './nal-unit.js';

export interface H264PacketizeOptions {
  /** Whole RTP packet size ceiling (default 1400). */
  readonly mtu?: number;
  /** Sent as a STAP-A before an IDR picture that does not carry them in-band. */
  readonly parameterSets?: ParameterSets | undefined;
}

/** One access unit's NAL units → RTP payloads in order; the caller sets the marker bit on the last one. */
export function packetizeH264(nalUnits: readonly Uint8Array[], options: H264PacketizeOptions = {}): Uint8Array[] {
  const limit = maxPayloadSize(options.mtu);
  const payloads: Uint8Array[] = [];
  const picture = nalUnits.filter((nal) => {
    const type = h264NalType(nal);
    return nal.length > 0 && type !== H264_NAL.accessUnitDelimiter && type !== H264_NAL.filler;
  });
  const hasIdr = picture.some((nal) => h264NalType(nal) === H264_NAL.sliceIdr);
  const inBand = picture.filter((nal) => h264NalType(nal) === H264_NAL.sps || h264NalType(nal) === H264_NAL.pps);
  const parameterSets = inBand.length >= 2 ? inBand : hasIdr && options.parameterSets ? [options.parameterSets.sps, options.parameterSets.pps] : inBand;
  const stapA = buildStapA(parameterSets, limit);
  if (stapA !== undefined) payloads.push(stapA);
  for (const nal of picture) {
    const type = h264NalType(nal);
    if (stapA !== undefined && (type === H264_NAL.sps || type === H264_NAL.pps)) continue;
    if (nal.length <= limit) payloads.push(nal);
    else pushFuA(payloads, nal, limit);
  }
  return payloads;
}

/**  STAP-A: header(1: F NRI type=24) { size(16) NAL unit }…  — undefined when the sets do not fit one packet.  */
function buildStapA(nals: readonly Uint8Array[], limit: number): Uint8Array | undefined {
  if (nals.length < 2) return undefined;
  let nri = 0;
  for (const nal of nals) nri = Math.max(nri, (nal[0] ?? 0) & 0x60);
  return writeAggregationPacket([nri | H264_NAL.stapA], nals, limit);
}

/**  FU indicator(1: F NRI type=28) FU header(1: S E R type) fragment…  */
function pushFuA(payloads: Uint8Array[], nal: Uint8Array, limit: number): void {
  const header = nal[0] ?? 0;
  const indicator = (header & 0xe0) | H264_NAL.fuA;
  const chunk = limit - 2;
  for (let offset = 1; offset < nal.length; offset += chunk) {
    const end = Math.min(offset + chunk, nal.length);
    const out = new Uint8Array(2 + end - offset);
    out[0] = indicator;
    out[1] = (offset === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | (header & 0x1f);
    out.set(nal.subarray(offset, end), 2);
    payloads.push(out);
  }
}

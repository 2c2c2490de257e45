// RFC 7798 packetization: single NAL unit, AP for VPS+SPS+PPS before an IRAP picture, FU above the MTU.
import { maxPayloadSize, writeAggregationPacket } from '../rtp/packetizer-options.js';
import type { ParameterSets } from '../rtp/depacketizer.js';
import { H265_NAL, h265NalType, isH265Keyframe, isH265ParameterSet } from './nal-unit.js';

export interface H265PacketizeOptions {
  /** Whole RTP packet size ceiling (default 1400). */
  readonly mtu?: number;
  /** Sent as an AP before an IRAP picture that does not carry them in-band. */
  readonly parameterSets?: ParameterSets | undefined;
}

/** One access unit's NAL units → RTP payloads in order; the caller sets the marker bit on the last one. */
export function packetizeH265(nalUnits: readonly Uint8Array[], options: H265PacketizeOptions = {}): Uint8Array[] {
  const limit = maxPayloadSize(options.mtu);
  const picture = nalUnits.filter((nal) => {
    const type = h265NalType(nal);
    return nal.length > 2 && type !== H265_NAL.accessUnitDelimiter && type !== H265_NAL.filler;
  });
  const inBand = picture.filter(isH265ParameterSet);
  const sets = options.parameterSets;
  const fromOptions = sets?.vps !== undefined ? [sets.vps, sets.sps, sets.pps] : [];
  const aggregated = inBand.length >= 2 ? inBand : picture.some(isH265Keyframe) ? fromOptions : inBand;
  const ap = buildAggregation(aggregated, limit);
  const payloads: Uint8Array[] = ap === undefined ? [] : [ap];
  for (const nal of picture) {
    if (ap !== undefined && isH265ParameterSet(nal)) continue;
    if (nal.length <= limit) payloads.push(nal);
    else pushFragments(payloads, nal, limit);
  }
  return payloads;
}

/**  PayloadHdr(16: F type=48 LayerId TID) { size(16) NAL unit }…  — undefined when they do not fit one packet.  */
function buildAggregation(nals: readonly Uint8Array[], limit: number): Uint8Array | undefined {
  if (nals.length < 2) return undefined;
  let tid = 7;
  for (const nal of nals) tid = Math.min(tid, (nal[1] ?? 1) & 0x07);
  return writeAggregationPacket([H265_NAL.ap << 1, Math.max(tid, 1)], nals, limit);
}

/**  PayloadHdr(16: type=49) FU header(8: S E FuType) fragment…  */
function pushFragments(payloads: Uint8Array[], nal: Uint8Array, limit: number): void {
  const type = h265NalType(nal);
  const chunk = limit - 3;
  for (let offset = 2; offset < nal.length; offset += chunk) {
    const end = Math.min(offset + chunk, nal.length);
    const out = new Uint8Array(3 + end - offset);
    out[0] = ((nal[0] ?? 0) & 0x81) | (H265_NAL.fu << 1);
    out[1] = nal[1] ?? 1;
    out[2] = (offset === 2 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | type;
    out.set(nal.subarray(offset, end), 3);
    payloads.push(out);
  }
}

// RTCP compound packets (RFC 3550 §6.1): split into individual packets, each a view with its type.
import { rtpError } from './errors.js';

export const RTCP_TYPE = { senderReport: 200, receiverReport: 201, sdes: 202, bye: 203, app: 204 } as const;

export interface RtcpPacketView {
  readonly packetType: number;
  /** The five-bit count field (reception report count for SR/RR). */
  readonly count: number;
  /** The whole packet including its 4-byte header, padding included. */
  readonly bytes: Uint8Array;
}

/**
 *  |V=2|P|  count  |      PT       |        length (words - 1)     |
 */
export function splitRtcpCompound(bytes: Uint8Array): RtcpPacketView[] {
  const packets: RtcpPacketView[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw rtpError('VIGIE_RTCP_INVALID', 'RTCP header cut short', { offset });
    const b0 = bytes[offset] ?? 0;
    if (b0 >>> 6 !== 2) throw rtpError('VIGIE_RTCP_INVALID', 'RTCP version is not 2', { offset });
    const length = ((((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) + 1) * 4;
    if (offset + length > bytes.length) throw rtpError('VIGIE_RTCP_INVALID', 'RTCP packet longer than the datagram', { offset, length });
    packets.push({ packetType: bytes[offset + 1] ?? 0, count: b0 & 0x1f, bytes: bytes.subarray(offset, offset + length) });
    offset += length;
  }
  return packets;
}

// RTCP sender report (RFC 3550 §6.4.1): parse the sender info, and build one (for the restream server).
import { rtpError } from './errors.js';
import { RTCP_TYPE, splitRtcpCompound, type RtcpPacketView } from './rtcp-packet.js';

/**
 *  header | SSRC of sender | NTP timestamp, most significant word | NTP timestamp, least significant word
 *  | RTP timestamp | sender's packet count | sender's octet count | report blocks ...
 */
export interface SenderReport {
  readonly ssrc: number;
  /** NTP time converted to ms since the Unix epoch (fractional). */
  readonly ntpTimeMs: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

export function parseSenderReport(packet: RtcpPacketView): SenderReport {
  if (packet.packetType !== RTCP_TYPE.senderReport || packet.bytes.length < 28) {
    throw rtpError('VIGIE_RTCP_INVALID', 'not a complete RTCP sender report', { packetType: packet.packetType, length: packet.bytes.length });
  }
  const view = new DataView(packet.bytes.buffer, packet.bytes.byteOffset, packet.bytes.byteLength);
  const seconds = view.getUint32(8);
  const fraction = view.getUint32(12);
  return {
    ssrc: view.getUint32(4),
    ntpTimeMs: (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 2 ** 32) * 1000,
    rtpTimestamp: view.getUint32(16),
    packetCount: view.getUint32(20),
    octetCount: view.getUint32(24),
  };
}

/** The sender reports of a compound RTCP datagram; other packet types are skipped. */
export function findSenderReports(datagram: Uint8Array): SenderReport[] {
  return splitRtcpCompound(datagram)
    .filter((packet) => packet.packetType === RTCP_TYPE.senderReport)
    .map(parseSenderReport);
}

export function buildSenderReport(report: SenderReport): Uint8Array {
  const out = new Uint8Array(28);
  const view = new DataView(out.buffer);
  out[0] = 0x80;
  out[1] = RTCP_TYPE.senderReport;
  view.setUint16(2, 6);
  view.setUint32(4, report.ssrc);
  const unixSeconds = Math.floor(report.ntpTimeMs / 1000);
  view.setUint32(8, (unixSeconds + NTP_UNIX_OFFSET_S) >>> 0);
  view.setUint32(12, Math.floor(((report.ntpTimeMs - unixSeconds * 1000) / 1000) * 2 ** 32) >>> 0);
  view.setUint32(16, report.rtpTimestamp >>> 0);
  view.setUint32(20, report.packetCount >>> 0);
  view.setUint32(24, report.octetCount >>> 0);
  return out;
}

/** BYE (RFC 3550 §6.6) for one source: tells receivers the stream has ended. */
export function buildBye(ssrc: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  out[0] = 0x81;
  out[1] = RTCP_TYPE.bye;
  view.setUint16(2, 1);
  view.setUint32(4, ssrc >>> 0);
  return out;
}

// RTCP receiver report with one report block (RFC 3550 §6.4.2), sent by the client so cameras keep the session alive.
import { RTCP_TYPE } from './rtcp-packet.js';

export interface ReceptionReport {
  readonly reporterSsrc: number;
  readonly sourceSsrc: number;
  /** Fraction lost since the previous report, 0..255 (lost / expected × 256). */
  readonly fractionLost: number;
  readonly cumulativeLost: number;
  /** Extended highest sequence number received (cycles × 65536 + seq). */
  readonly extendedHighestSequence: number;
  readonly jitter: number;
  /** Middle 32 bits of the last SR's NTP timestamp, 0 when none. */
  readonly lastSenderReport: number;
  /** Delay since that SR in 1/65536 s, 0 when none. */
  readonly delaySinceLastSenderReport: number;
}

export function buildReceiverReport(report: ReceptionReport): Uint8Array {
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  out[0] = 0x81;
  out[1] = RTCP_TYPE.receiverReport;
  view.setUint16(2, 7);
  view.setUint32(4, report.reporterSsrc >>> 0);
  view.setUint32(8, report.sourceSsrc >>> 0);
  const lost = Math.max(-0x800000, Math.min(0x7fffff, report.cumulativeLost)) & 0xffffff;
  view.setUint32(12, (((report.fractionLost & 0xff) << 24) | lost) >>> 0);
  view.setUint32(16, report.extendedHighestSequence >>> 0);
  view.setUint32(20, report.jitter >>> 0);
  view.setUint32(24, report.lastSenderReport >>> 0);
  view.setUint32(28, report.delaySinceLastSenderReport >>> 0);
  return out;
}

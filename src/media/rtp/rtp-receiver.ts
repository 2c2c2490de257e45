// One received RTP stream: parse, order, depacketize, follow RTCP sender reports and write receiver reports
// (RFC 3550 §6.4, §A.3). Bad packets are counted, never thrown.
import { isVigieError } from '../../core/errors.js';
import type { AccessUnit } from '../hub/access-unit.js';
import type { RtpDepacketizer } from './depacketizer.js';
import { buildReceiverReport } from './receiver-report.js';
import { parseRtpPacket, type RtpPacket } from './rtp-packet.js';
import { RTCP_TYPE, splitRtcpCompound } from './rtcp-packet.js';
import { parseSenderReport } from './sender-report.js';
import { RtpSequenceUnwrapper } from './sequence-unwrapper.js';

export interface RtpReceiverStats {
  readonly packetsReceived: number;
  readonly bytesReceived: number;
  readonly packetsLost: number;
  /** Packets or RTCP datagrams that could not be parsed, plus payloads the depacketizer rejected. */
  readonly malformedPackets: number;
  readonly unitsEmitted: number;
  readonly unitsDropped: number;
  readonly senderReports: number;
}

const NO_UNITS: readonly AccessUnit[] = Object.freeze([]);

export class RtpReceiver {
  readonly #depacketizer: RtpDepacketizer;
  readonly #sequence: RtpSequenceUnwrapper;
  readonly #payloadType: number | undefined;
  #ssrc: number | undefined;
  #packetsReceived = 0;
  #bytesReceived = 0;
  #malformed = 0;
  #senderReports = 0;
  #highestSequence = 0;
  #sequenceCycles = 0;
  #lastSrMiddle = 0;
  #lastSrArrivalMs = 0;
  #reportedLost = 0;
  #reportedReceived = 0;
  /** The packet being received: its arrival time and the units it completed. */
  #arrivalMs = 0;
  #units: readonly AccessUnit[] = NO_UNITS;

  /** `payloadType`: packets of other types (a camera multiplexing audio on the channel) are ignored. */
  constructor(depacketizer: RtpDepacketizer, options: { readonly reorderSlots: number; readonly payloadType?: number }) {
    this.#depacketizer = depacketizer;
    this.#sequence = new RtpSequenceUnwrapper(options.reorderSlots);
    this.#payloadType = options.payloadType;
  }

  get depacketizer(): RtpDepacketizer {
    return this.#depacketizer;
  }

  get stats(): RtpReceiverStats {
    const d = this.#depacketizer.stats;
    return {
      packetsReceived: this.#packetsReceived,
      bytesReceived: this.#bytesReceived,
      packetsLost: this.#sequence.lostTotal,
      malformedPackets: this.#malformed + d.malformedPackets,
      unitsEmitted: d.unitsEmitted,
      unitsDropped: d.unitsDropped,
      senderReports: this.#senderReports,
    };
  }

  receiveRtp(bytes: Uint8Array, arrivalMs: number): readonly AccessUnit[] {
    this.#bytesReceived += bytes.length;
    let packet: RtpPacket;
    try {
      packet = parseRtpPacket(bytes);
    } catch (error) {
      if (!isVigieError(error)) throw error;
      this.#malformed += 1;
      return NO_UNITS;
    }
    if (this.#payloadType !== undefined && packet.payloadType !== this.#payloadType) return NO_UNITS;
    this.#packetsReceived += 1;
    this.#ssrc = packet.ssrc;
    this.#trackHighest(packet.sequenceNumber);
    this.#arrivalMs = arrivalMs;
    this.#units = NO_UNITS;
    this.#sequence.push(packet, this.#depacketize);
    return this.#units;
  }

  /** The sequence unwrapper's sink: made once, so that a packet costs no closure. */
  readonly #depacketize = (packet: RtpPacket, lostBefore: number): void => {
    const out = this.#depacketizer.push(packet, lostBefore, this.#arrivalMs);
    if (out.length === 0) return;
    this.#units = this.#units.length === 0 ? out : [...this.#units, ...out];
  };

  /** Follows sender reports; returns true when the datagram says goodbye (RTCP BYE: the sender has stopped). */
  receiveRtcp(bytes: Uint8Array, arrivalMs: number): boolean {
    try {
      const packets = splitRtcpCompound(bytes);
      for (const report of packets.filter((p) => p.packetType === RTCP_TYPE.senderReport).map(parseSenderReport)) {
        this.#senderReports += 1;
        this.#depacketizer.onSenderReport(report.ntpTimeMs, report.rtpTimestamp);
        this.#lastSrMiddle = middleNtpBits(report.ntpTimeMs);
        this.#lastSrArrivalMs = arrivalMs;
      }
      return packets.some((p) => p.packetType === RTCP_TYPE.bye);
    } catch (error) {
      if (!isVigieError(error)) throw error;
      this.#malformed += 1;
      return false;
    }
  }

  /** A receiver report for the stream, or undefined before the first packet. */
  receiverReport(reporterSsrc: number, nowMs: number): Uint8Array | undefined {
    if (this.#ssrc === undefined) return undefined;
    const lost = this.#sequence.lostTotal;
    const expectedInterval = lost - this.#reportedLost + (this.#packetsReceived - this.#reportedReceived);
    const lostInterval = lost - this.#reportedLost;
    this.#reportedLost = lost;
    this.#reportedReceived = this.#packetsReceived;
    return buildReceiverReport({
      reporterSsrc,
      sourceSsrc: this.#ssrc,
      fractionLost: expectedInterval <= 0 ? 0 : Math.min(255, Math.floor((lostInterval * 256) / expectedInterval)),
      cumulativeLost: lost,
      extendedHighestSequence: this.#sequenceCycles * 0x10000 + this.#highestSequence,
      jitter: 0,
      lastSenderReport: this.#lastSrMiddle,
      delaySinceLastSenderReport: this.#lastSrMiddle === 0 ? 0 : Math.round(((nowMs - this.#lastSrArrivalMs) * 65536) / 1000),
    });
  }

  #trackHighest(sequence: number): void {
    if (this.#packetsReceived === 1) {
      this.#highestSequence = sequence;
      return;
    }
    const delta = (sequence - this.#highestSequence + 0x10000) & 0xffff;
    if (delta === 0 || delta >= 0x8000) return;
    if (sequence < this.#highestSequence) this.#sequenceCycles += 1;
    this.#highestSequence = sequence;
  }
}

/** The middle 32 bits of the 64-bit NTP timestamp (RFC 3550 §6.4.1 LSR). */
function middleNtpBits(ntpTimeMs: number): number {
  const ntpSeconds = ntpTimeMs / 1000 + 2_208_988_800;
  return (Math.floor(ntpSeconds * 65536) >>> 0) & 0xffffffff;
}

// Wraps an access unit's payloads into RTP packets: consecutive sequence numbers, one timestamp, marker on the last.
import { serializeRtpPacket } from './rtp-packet.js';

export interface RtpStreamPosition {
  readonly payloadType: number;
  readonly ssrc: number;
  /** Sequence number of the first packet; the next unit starts at `firstSequence + payloads.length`. */
  readonly firstSequence: number;
  readonly timestamp: number;
}

export function buildRtpPackets(payloads: readonly Uint8Array[], position: RtpStreamPosition): Uint8Array[] {
  return payloads.map((payload, index) =>
    serializeRtpPacket(
      {
        marker: index === payloads.length - 1,
        payloadType: position.payloadType,
        sequenceNumber: (position.firstSequence + index) & 0xffff,
        timestamp: position.timestamp >>> 0,
        ssrc: position.ssrc,
      },
      payload,
    ),
  );
}

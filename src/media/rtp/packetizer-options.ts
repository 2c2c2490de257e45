// Sizes shared by the H.264 and H.265 RTP packetizers (RFC 6184 §5.8, RFC 7798 §4.4.3: fragment above the MTU).

/** RTP packet size ceiling: 1400 bytes stays below a 1500-byte Ethernet MTU with IP, UDP and tunnel headers. */
export const DEFAULT_RTP_MTU = 1400;

/** Payload bytes available once the 12-byte RTP header is taken off the MTU. */
export function maxPayloadSize(mtu: number = DEFAULT_RTP_MTU): number {
  return mtu - 12;
}

// What the H.264 and H.265 RTP packetizers share: sizes (RFC 6184 §5.8, RFC 7798 §4.4.3: fragment above the MTU)
// and the aggregation packet layout.

/** RTP packet size ceiling: 1400 bytes stays below a 1500-byte Ethernet MTU with IP, UDP and tunnel headers. */
export const DEFAULT_RTP_MTU = 1400;

/** Payload bytes available once the 12-byte RTP header is taken off the MTU. */
export function maxPayloadSize(mtu: number = DEFAULT_RTP_MTU): number {
  return mtu - 12;
}

/**
 * An aggregation packet, the same layout in H.264 (STAP-A, RFC 6184 §5.7.1) and H.265 (AP, RFC 7798 §4.4.2):
 * the codec's payload header, then each NAL unit prefixed by its 16-bit size. Undefined when they do not
 * fit in `limit` bytes, so the caller sends them one by one instead.
 */
export function writeAggregationPacket(payloadHeader: readonly number[], nals: readonly Uint8Array[], limit: number): Uint8Array | undefined {
  const size = payloadHeader.length + nals.reduce((sum, nal) => sum + 2 + nal.length, 0);
  if (size > limit) return undefined;
  const out = new Uint8Array(size);
  out.set(payloadHeader, 0);
  let offset = payloadHeader.length;
  for (const nal of nals) {
    out[offset] = nal.length >>> 8;
    out[offset + 1] = nal.length & 0xff;
    out.set(nal, offset + 2);
    offset += 2 + nal.length;
  }
  return out;
}

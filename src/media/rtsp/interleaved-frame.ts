// RTP/RTCP interleaved on the RTSP TCP connection (RFC 2326 §10.12): '$' channel(8) length(16) data.

export interface InterleavedFrame {
  readonly kind: 'interleaved';
  readonly channel: number;
  /** View into the receive buffer. */
  readonly payload: Uint8Array;
}

export const INTERLEAVED_HEADER_SIZE = 4;
/** The length field is 16 bits. */
export const MAX_INTERLEAVED_PAYLOAD = 0xffff;

/** Writes the 4-byte frame header at `offset` of `target`; the payload goes right after it. */
export function writeInterleavedHeader(target: Uint8Array, offset: number, channel: number, length: number): void {
  target[offset] = 0x24;
  target[offset + 1] = channel & 0xff;
  target[offset + 2] = (length >>> 8) & 0xff;
  target[offset + 3] = length & 0xff;
}

export function writeInterleavedFrame(channel: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(INTERLEAVED_HEADER_SIZE + payload.length);
  writeInterleavedHeader(out, 0, channel, payload.length);
  out.set(payload, INTERLEAVED_HEADER_SIZE);
  return out;
}

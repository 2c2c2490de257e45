// RTP fixed header, CSRC list, header extension and padding (RFC 3550 §5.1, §5.3.1): parse as a view, write.
import { rtpError } from './errors.js';

/**
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *  |                           timestamp                           |
 *  |           synchronization source (SSRC) identifier            |
 *  |            contributing source (CSRC) identifiers ...         |
 *  | extension: profile(16) length-in-words(16) data ...           |
 */
export interface RtpPacket {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension?: { readonly profile: number; readonly data: Uint8Array };
  /** View into `bytes`, padding removed. */
  readonly payload: Uint8Array;
  /** The whole packet as received (a view, not a copy). */
  readonly bytes: Uint8Array;
}

export const RTP_HEADER_SIZE = 12;

const NO_CSRCS: readonly number[] = Object.freeze([]);

/** Parses one RTP packet without copying. Throws VIGIE_RTP_INVALID when the header does not fit. */
export function parseRtpPacket(bytes: Uint8Array): RtpPacket {
  if (bytes.length < RTP_HEADER_SIZE) throw rtpError('VIGIE_RTP_INVALID', 'RTP packet shorter than its header', { length: bytes.length });
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  if (b0 >>> 6 !== 2) throw rtpError('VIGIE_RTP_INVALID', 'RTP version is not 2', { version: b0 >>> 6 });
  const csrcCount = b0 & 0x0f;
  let offset = RTP_HEADER_SIZE + 4 * csrcCount;
  if (offset > bytes.length) throw rtpError('VIGIE_RTP_INVALID', 'RTP CSRC list cut short', { csrcCount });
  let csrcs = NO_CSRCS;
  if (csrcCount > 0) {
    const list: number[] = [];
    for (let i = 0; i < csrcCount; i += 1) list.push(readUint32(bytes, RTP_HEADER_SIZE + 4 * i));
    csrcs = list;
  }
  let extension: RtpPacket['extension'];
  if ((b0 & 0x10) !== 0) {
    if (offset + 4 > bytes.length) throw rtpError('VIGIE_RTP_INVALID', 'RTP extension header cut short');
    const profile = readUint16(bytes, offset);
    const length = readUint16(bytes, offset + 2) * 4;
    if (offset + 4 + length > bytes.length) throw rtpError('VIGIE_RTP_INVALID', 'RTP extension longer than the packet', { length });
    extension = { profile, data: bytes.subarray(offset + 4, offset + 4 + length) };
    offset += 4 + length;
  }
  let end = bytes.length;
  if ((b0 & 0x20) !== 0) {
    const padding = bytes[end - 1] ?? 0;
    if (padding === 0 || offset + padding > end) throw rtpError('VIGIE_RTP_INVALID', 'RTP padding longer than the payload', { padding });
    end -= padding;
  }
  const packet = {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: readUint16(bytes, 2),
    timestamp: readUint32(bytes, 4),
    ssrc: readUint32(bytes, 8),
    csrcs,
    payload: bytes.subarray(offset, end),
    bytes,
  };
  return extension === undefined ? packet : { ...packet, extension };
}

function readUint16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0;
}

export interface RtpHeaderFields {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
}

/** Writes a 12-byte header (no CSRC, no extension, no padding) at `offset` of `target`. */
export function writeRtpHeader(target: Uint8Array, offset: number, fields: RtpHeaderFields): void {
  target[offset] = 0x80;
  target[offset + 1] = (fields.marker ? 0x80 : 0) | (fields.payloadType & 0x7f);
  target[offset + 2] = (fields.sequenceNumber >>> 8) & 0xff;
  target[offset + 3] = fields.sequenceNumber & 0xff;
  writeUint32(target, offset + 4, fields.timestamp);
  writeUint32(target, offset + 8, fields.ssrc);
}

/** A whole packet: header then payload, in one allocation. */
export function serializeRtpPacket(fields: RtpHeaderFields, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(RTP_HEADER_SIZE + payload.length);
  writeRtpHeader(out, 0, fields);
  out.set(payload, RTP_HEADER_SIZE);
  return out;
}

/** Rewrites sequence number, timestamp and SSRC of a packet in `target` at `offset` (restream forwarding). */
export function rewriteRtpHeader(target: Uint8Array, offset: number, sequenceNumber: number, timestamp: number, ssrc: number): void {
  target[offset + 2] = (sequenceNumber >>> 8) & 0xff;
  target[offset + 3] = sequenceNumber & 0xff;
  writeUint32(target, offset + 4, timestamp);
  writeUint32(target, offset + 8, ssrc);
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = (value >>> 24) & 0xff;
  target[offset + 1] = (value >>> 16) & 0xff;
  target[offset + 2] = (value >>> 8) & 0xff;
  target[offset + 3] = value & 0xff;
}

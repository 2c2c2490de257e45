// H.264 NAL unit header and unit types (H.264 §7.3.1, Table 7-1) and the RTP aggregation types of RFC 6184 §5.2.

export const H264_NAL = {
  slice: 1,
  sliceIdr: 5,
  sei: 6,
  sps: 7,
  pps: 8,
  accessUnitDelimiter: 9,
  endOfSequence: 10,
  endOfStream: 11,
  filler: 12,
  /** RFC 6184 §5.7.1 */
  stapA: 24,
  /** RFC 6184 §5.8 */
  fuA: 28,
} as const;

/** nal_unit_type: the low five bits of the first byte. */
export function h264NalType(nal: Uint8Array): number {
  return (nal[0] ?? 0) & 0x1f;
}

/** nal_ref_idc: two bits that the FU-A and STAP-A headers carry over. */
export function h264NalRefIdc(nal: Uint8Array): number {
  return ((nal[0] ?? 0) >>> 5) & 0x03;
}

export function isH264Keyframe(nal: Uint8Array): boolean {
  return h264NalType(nal) === H264_NAL.sliceIdr;
}

/** Types that belong to the stream rather than to a picture; a muxer or packetizer may drop them. */
export function isH264ParameterSet(nal: Uint8Array): boolean {
  const type = h264NalType(nal);
  return type === H264_NAL.sps || type === H264_NAL.pps;
}

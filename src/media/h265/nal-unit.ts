// H.265 NAL unit header (two bytes) and unit types (H.265 §7.3.1.2, Table 7-1), plus RFC 7798 §4.4 payload types.

export const H265_NAL = {
  /** IRAP pictures: BLA_W_LP … CRA_NUT (16–21); 22–23 are reserved IRAP types. */
  irapFirst: 16,
  irapLast: 21,
  idrWRadl: 19,
  idrNLp: 20,
  cra: 21,
  vps: 32,
  sps: 33,
  pps: 34,
  accessUnitDelimiter: 35,
  endOfSequence: 36,
  endOfBitstream: 37,
  filler: 38,
  seiPrefix: 39,
  seiSuffix: 40,
  /** RFC 7798 §4.4.2 aggregation packet */
  ap: 48,
  /** RFC 7798 §4.4.3 fragmentation unit */
  fu: 49,
  /** RFC 7798 §4.4.4 PACI packet */
  paci: 50,
} as const;

/**  forbidden_zero_bit(1) nal_unit_type(6) nuh_layer_id(6) nuh_temporal_id_plus1(3)  */
export function h265NalType(nal: Uint8Array): number {
  return ((nal[0] ?? 0) >>> 1) & 0x3f;
}

export function isH265Keyframe(nal: Uint8Array): boolean {
  const type = h265NalType(nal);
  return type >= H265_NAL.irapFirst && type <= H265_NAL.irapLast;
}

export function isH265ParameterSet(nal: Uint8Array): boolean {
  const type = h265NalType(nal);
  return type === H265_NAL.vps || type === H265_NAL.sps || type === H265_NAL.pps;
}

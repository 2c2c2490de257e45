// RFC 6381 §3.3 codec string for H.264: avc1.PPCCLL (profile, constraint flags, level in hex).

/** From an SPS NAL unit (with header): bytes 1..3 are profile_idc, constraint flags and level_idc. */
export function h264CodecString(sps: Uint8Array): string {
  const hex = (byte: number | undefined): string => (byte ?? 0).toString(16).padStart(2, '0');
  return `avc1.${hex(sps[1])}${hex(sps[2])}${hex(sps[3])}`;
}

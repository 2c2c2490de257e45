// Error codes of the MP4 writer and reader, listed in docs/errors.md.

/** Code → one-line meaning. */
export const MP4_ERRORS = {
  VIGIE_MP4_EMPTY_FRAGMENT: 'a media fragment was asked for with no access unit',
  VIGIE_MP4_INVALID: 'an MP4 file or box that cannot be read (truncated, malformed, or a malformed hvcC record)',
  VIGIE_MP4_NO_PARAMETER_SETS: 'an init segment was asked for before the track had its parameter sets (SPS/PPS, and VPS for H.265)',
} as const;

declare module '../../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof MP4_ERRORS, true> {}
}

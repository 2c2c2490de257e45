// Error codes of the analytics capability, listed in docs/errors.md.

/** Code → one-line meaning. */
export const ANALYTICS_ERRORS = {
  VIGIE_ANALYTICS_UNREADABLE_FILE: 'the file given to `vigie analyze` is missing or is not a video ffmpeg can decode',
  VIGIE_ANALYTICS_DETECTOR_UNAVAILABLE: 'the detection models could not be loaded (or their worker stopped) so nothing can be analysed',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof ANALYTICS_ERRORS, true> {}
}

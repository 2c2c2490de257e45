// Error codes of the export capability, listed in docs/errors.md.

/** Code → one-line meaning. */
export const EXPORT_ERRORS = {
  VIGIE_EXPORT_CAPTION_FAILED: 'ffmpeg could not make the captioned variant of the export',
  VIGIE_EXPORT_FILE_NOT_FOUND: 'the export is not finished, or holds no file of that name',
  VIGIE_EXPORT_NOT_FOUND: 'no such export',
  VIGIE_EXPORT_RANGE: 'the export range ends before it starts or covers more than 24 hours',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof EXPORT_ERRORS, true> {}
}

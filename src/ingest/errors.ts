// Error codes of the ingest capability, listed in docs/errors.md.

/** Code → one-line meaning. */
export const INGEST_ERRORS = {
  VIGIE_CAMERA_NOT_INGESTED: 'the camera is not ingested (disabled or unknown), so it has no link health',
  VIGIE_INGEST_GARBAGE: 'a camera session sent only undecodable packets for too long; shown in the camera health as "garbage", not an HTTP reply',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof INGEST_ERRORS, true> {}
}

// Error codes of the playback capability, listed in docs/errors.md. VIGIE_BAD_INSTANT, VIGIE_BAD_RANGE,
// VIGIE_NO_FOOTAGE and VIGIE_RECORDING_UNREADABLE are playback's; export and retention answer with them too.

/** Code → one-line meaning. */
export const PLAYBACK_ERRORS = {
  VIGIE_BAD_CAMERAS: 'the "cameras" query parameter must list 1 to 500 camera ids, comma-separated',
  VIGIE_BAD_INSTANT: 'an instant that is not an ISO 8601 date-time or ms since the epoch',
  VIGIE_BAD_RANGE: 'a time range that is not two instants, or ends before it starts (416 for a byte range outside the file)',
  VIGIE_BAD_STREAM: 'the stream parameter is neither main nor sub',
  VIGIE_NO_FOOTAGE: 'no recorded (or no decodable) footage for this camera at that instant or in that range',
  VIGIE_RECORDING_UNREADABLE: 'a recording file listed in the index cannot be read from disk',
  VIGIE_SEGMENT_NOT_FOUND: 'no such recording segment for this camera in this range',
  VIGIE_SNAPSHOT_FAILED: 'ffmpeg could not be started to make a snapshot',
  VIGIE_SNAPSHOT_UNDECODABLE: 'the recorded picture could not be decoded into a snapshot',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof PLAYBACK_ERRORS, true> {}
}

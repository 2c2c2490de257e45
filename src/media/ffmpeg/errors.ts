// Error codes of the ffmpeg child processes, listed in docs/errors.md.

/** Code → one-line meaning. */
export const FFMPEG_ERRORS = {
  VIGIE_FFMPEG_EXITED: 'an ffmpeg transcoder exited (its last stderr lines are in the message); it is restarted',
  VIGIE_FFMPEG_SPAWN_FAILED: 'ffmpeg cannot be run (not installed or not on the PATH)',
} as const;

declare module '../../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof FFMPEG_ERRORS, true> {}
}

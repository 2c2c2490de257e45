// Error codes of the camera simulator, listed in docs/errors.md (its control server answers with them).

/** Code → one-line meaning. */
export const SIM_ERRORS = {
  VIGIE_SIM_CLIP_INVALID: 'a clip given to the simulator has no video stream',
  VIGIE_SIM_CLIP_NOT_FOUND: 'a clip given to the simulator does not exist',
  VIGIE_SIM_FAULT_UNKNOWN: 'an unknown fault kind was asked of a simulated camera',
  VIGIE_SIM_FAULT_UNSUPPORTED: 'the simulated camera cannot play that fault (e.g. a resolution change on a camera with one loop)',
  VIGIE_SIM_FFMPEG: 'ffmpeg (or ffprobe) could not be run or failed while preparing loops',
  VIGIE_SIM_LOOP_INVALID: 'a prepared loop does not start with a keyframe',
  VIGIE_SIM_NO_CAMERA: 'no simulated camera with that number',
  VIGIE_SIM_OPTIONS: 'a simulator option out of range or malformed (counts, auth "user:password")',
} as const;

declare module '../src/core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof SIM_ERRORS, true> {}
}

// Error codes of the masks capability (privacy masks burned into the picture), listed in docs/errors.md.

/** Code → one-line meaning. */
export const MASK_ERRORS = {
  VIGIE_MASK_POLYGON_EMPTY: 'a mask polygon has fewer than 3 points, more than 64, or no area (a line or a dot); details.polygon is its index',
  VIGIE_MASK_POLYGON_SELF_INTERSECTING: 'a mask polygon crosses itself; details.polygon is its index',
  VIGIE_MASK_POLYGON_OUTSIDE: "a mask polygon has a point outside the picture (or, on a PTZ camera, outside the head's reach); details.polygon is its index",
  VIGIE_MASK_CALIBRATION_MISSING: 'masks of a PTZ camera need its calibration (samples or landmark observations) and the head position they were drawn at',
  VIGIE_MASK_CALIBRATION_DIVERGED:
    "the PTZ calibration does not converge: too few observations, observations that disagree, or a field of view that does not narrow as the zoom grows; for the guided calibration (422, in the job's `error`), a picture that does not follow the head, has no detail, or rates measured turning each way that disagree",
  VIGIE_MASK_CALIBRATION_RUNNING: 'a calibration of this camera is already running: wait for its end',
  VIGIE_MASK_NO_PICTURE: 'the camera publishes no picture to draw on or to calibrate with (offline, or its mask pipeline is failing)',
  VIGIE_MASK_CAMERA_UNKNOWN: 'no such camera',
  VIGIE_MASK_PUSH_UNSUPPORTED:
    "the camera cannot apply Vigie's masks itself: no ONVIF Media2 privacy masks (or it does not answer), a PTZ camera (Vigie burns masks that follow the head), or no masks to push",
  VIGIE_MASK_PUSH_FAILED: 'the camera did not take the pushed masks (journaled as mask.push-failed; Vigie burns them in)',
  VIGIE_MASK_PIPELINE_FAILED: "a masked camera's decode → mask → encode pipeline failed: the camera records and serves nothing until it runs again",
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof MASK_ERRORS, true> {}
}

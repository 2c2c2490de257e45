// Error codes of the PTZ capability (src/ptz), listed in docs/errors.md. Messages are French sentences the
// console shows as they are.

/** Code → one-line meaning. */
export const PTZ_ERRORS = {
  VIGIE_PTZ_NOT_PTZ: 'the camera is not a PTZ camera Vigie can drive (fixed, or no ONVIF device linked)',
  VIGIE_PTZ_HELD: 'another person (or an alert) with the same or a higher priority holds the camera; details.holder says who and until when',
  VIGIE_PTZ_FIELD_INVALID: 'a PTZ request field (velocity, position, preset name, tour steps or window) is missing or out of range; details.field names it',
  VIGIE_PTZ_PRESET_UNKNOWN: 'no such preset on this camera',
  VIGIE_PTZ_TOUR_UNKNOWN: 'no such guard tour on this camera',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof PTZ_ERRORS, true> {}
}

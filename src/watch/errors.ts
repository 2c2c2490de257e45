// Error codes of the watch capability (mayors' live-watch requests), listed in docs/errors.md.

/** Code → one-line meaning. */
export const WATCH_ERRORS = {
  VIGIE_WATCH_FIELD_INVALID: 'a live-watch request field (event, contact, reason, note) is missing, blank or too long; details.field names it',
  VIGIE_WATCH_WINDOW_INVALID: 'the live-watch window ends before (or when) it starts, or is not two instants',
  VIGIE_WATCH_WINDOW_PAST: 'the live-watch window is entirely in the past',
  VIGIE_WATCH_WINDOW_TOO_LONG: 'the live-watch window is longer than the maximum (7 days)',
  VIGIE_WATCH_PLACE_MISSING: 'a live-watch request names no camera and no area',
  VIGIE_WATCH_AREA_INVALID: 'the area of a live-watch request is not a valid GeoJSON Polygon',
  VIGIE_WATCH_AREA_EMPTY: 'the area of a live-watch request holds no camera of the commune',
  VIGIE_WATCH_COMMUNE_REFUSED: "the live-watch request is for a commune that is not the caller's",
  VIGIE_WATCH_CAMERA_REFUSED: "a camera of the live-watch request is not one of the caller's commune (whether it exists is not told)",
  VIGIE_WATCH_CAMERA_NOT_IN_COMMUNE: "a camera chosen when accepting is not in the request's commune",
  VIGIE_WATCH_MONITOR_UNKNOWN: 'the wall monitor chosen when accepting does not exist (or no wall is configured)',
  VIGIE_WATCH_NOT_FOUND: 'no such live-watch request among those the caller may see',
  VIGIE_WATCH_STATE: 'the live-watch request is not in a state that allows this (e.g. accepting a declined one, cancelling after its start)',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof WATCH_ERRORS, true> {}
}

// Error codes of the wall capability (monitors, assignments, presets, saved layouts and tours, device sessions),
// listed in docs/errors.md. Unknown cameras answer territory's VIGIE_CAMERA_NOT_FOUND.

/** Code → one-line meaning. */
export const WALL_ERRORS = {
  VIGIE_WALL_MONITOR_NOT_FOUND: 'no such wall monitor',
  VIGIE_WALL_MONITOR_INVALID: 'a monitor id, name or position that is malformed or already taken',
  VIGIE_WALL_CAMERA_FORBIDDEN: 'the assignment shows a camera the caller may not watch (another commune)',
  VIGIE_WALL_NO_ALARM_MONITOR: 'no monitor of the wall is set as alarm monitor',
  VIGIE_WALL_PRESET_NOT_FOUND: 'no such wall preset',
  VIGIE_WALL_PRESET_INVALID: 'a preset name already taken, or a preset naming no monitor',
  VIGIE_LAYOUT_INVALID: 'a layout larger than 5×5, without tiles, or with tiles outside the grid or overlapping',
  VIGIE_LAYOUT_NOT_FOUND: 'no such saved layout (or not one the caller may see)',
  VIGIE_TOUR_INVALID: 'a tour without steps, with too many, or with a dwell time outside 3 s to 1 h',
  VIGIE_TOUR_NOT_FOUND: 'no such saved tour (or not one the caller may see)',
  VIGIE_WALL_SHARED_FORBIDDEN: "shared layouts and tours are written with wall.manage; another person's are not yours to change",
  VIGIE_WALL_DEVICE_REFUSED: 'the device token is unknown, revoked or expired, lacks wall.display, or carries more than showing the wall',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof WALL_ERRORS, true> {}
}

// Error codes of the retention capability (holds, purge, destruction register), listed in docs/errors.md.

/** Code → one-line meaning. */
export const RETENTION_ERRORS = {
  VIGIE_HOLD_INVALID: 'a hold without cameras, with a range that ends before it starts, an expiry in the past, or an extension that does not move the expiry later',
  VIGIE_HOLD_NOT_FOUND: 'no such hold',
  VIGIE_HOLD_NO_FOOTAGE: 'none of the cameras of a new hold has footage left in its range (never recorded, or already destroyed)',
  VIGIE_HOLD_RELEASED: 'the hold was released and can no longer be changed',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof RETENTION_ERRORS, true> {}
}

// Error codes of the hub (live streams), listed in docs/errors.md. Programming errors of its callers, mostly.

/** Code → one-line meaning. */
export const HUB_ERRORS = {
  VIGIE_HUB_ALREADY_DECLARED: 'a stream was declared on demand twice',
  VIGIE_HUB_ALREADY_PUBLISHED: 'a stream already has a publisher (one camera link per stream)',
  VIGIE_HUB_CLOSED: 'the hub is closed (Vigie is stopping)',
  VIGIE_HUB_NO_TRACK: 'a publisher pushed an access unit before describing its track',
} as const;

declare module '../../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof HUB_ERRORS, true> {}
}

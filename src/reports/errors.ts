// Error codes of the reports capability (monthly commune reports, yearly centre report), listed in docs/errors.md.

/** Code → one-line meaning. */
export const REPORT_ERRORS = {
  VIGIE_REPORT_PERIOD_INVALID: 'the report period is not a month YYYY-MM or a year YYYY, or it has not begun yet',
  VIGIE_REPORT_COMMUNE_REFUSED: "the monthly report asked for is of a commune that is not the caller's (whether it exists is not told)",
  VIGIE_REPORT_COMMUNE_UNKNOWN: 'no commune has this INSEE code',
  VIGIE_REPORT_CENTRE_ONLY: 'the yearly activity report covers the whole centre; a caller limited to some communes reads their monthly reports',
  VIGIE_REPORT_ARCHIVE_NOT_FOUND: 'no archived report by that name among those the caller may read',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof REPORT_ERRORS, true> {}
}

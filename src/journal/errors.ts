// Error codes of the journal capability (its reads and extracts), listed in docs/errors.md.

/** Code → one-line meaning. */
export const JOURNAL_ERRORS = {
  VIGIE_JOURNAL_EXTRACT_TOO_LARGE: 'a journal download (CSV or signed extract) would hold more than 100 000 entries; narrow the period or the filters',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof JOURNAL_ERRORS, true> {}
}

// Error codes of the database layer, listed in docs/errors.md.

/** Code → one-line meaning. */
export const DB_ERRORS = {
  VIGIE_DB_MIGRATION_FAILED: 'a database migration failed at start (the message names the migration and the database error)',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof DB_ERRORS, true> {}
}

// Error codes of the `vigie` command (exit status 2 for all three), listed in docs/errors.md.

/** Code → one-line meaning. */
export const CLI_ERRORS = {
  VIGIE_CLI_FILE_UNREADABLE: 'a file named on the command line cannot be read',
  VIGIE_CLI_USAGE: 'a wrong command line (unknown option or subcommand, bad value); the command prints its usage',
  VIGIE_NO_INSTALLATION: 'the --data directory (or database) holds no Vigie installation; only "vigie start" creates one',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof CLI_ERRORS, true> {}
}

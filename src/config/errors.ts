// Error codes of the configuration: Vigie stops at start with the setting to change. Listed in docs/errors.md.

/** Code → one-line meaning. */
export const CONFIG_ERRORS = {
  VIGIE_CONFIG_INVALID: 'a setting has a value that is not allowed (the message names the setting and what is allowed)',
  VIGIE_CONFIG_UNREADABLE: 'the configuration file cannot be read',
  VIGIE_SETTING_FAILED: 'the start failed because of a setting (port in use, database unreachable, data directory unwritable); the message names it',
} as const;

declare module '../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof CONFIG_ERRORS, true> {}
}

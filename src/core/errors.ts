// The one error type Vigie throws on purpose: a stable code, an HTTP status where one applies, and the facts.

/** core's own codes (code → one-line meaning, listed in docs/errors.md). */
export const CORE_ERRORS = {
  VIGIE_DATA_DIR_IN_USE: 'the data directory is held by another Vigie process (its vigie.lock names the pid); stop it or wait',
} as const;

/**
 * The registry of error codes. core knows none but its own: each capability adds its codes from its own errors.ts
 * by module augmentation, e.g. in src/access/errors.ts
 *   export const ACCESS_ERRORS = { VIGIE_FORBIDDEN: 'one-line meaning', … } as const;
 *   declare module '../core/errors.js' { interface ErrorCodes extends Record<keyof typeof ACCESS_ERRORS, true> {} }
 * so a code nobody registered, or a misspelt one, does not compile. One owner per code; docs/errors.md lists them
 * all under their owner, and test/errors-catalogue.test.ts keeps the two in step.
 */
export interface ErrorCodes extends Record<keyof typeof CORE_ERRORS, true> {}

/** A registered error code: the `error` of an API reply, the `code` of a VigieError. */
export type ErrorCode = keyof ErrorCodes & string;

export class VigieError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { status?: number; context?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VigieError';
    this.code = code;
    this.status = options.status ?? 500;
    this.context = options.context ?? {};
  }
}

export function isVigieError(value: unknown): value is VigieError {
  return value instanceof VigieError;
}

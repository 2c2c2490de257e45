// The one error type Vigie throws on purpose: a stable code, an HTTP status where one applies, and the facts.

export class VigieError extends Error {
  readonly code: string;
  readonly status: number;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: { status?: number; context?: Record<string, unknown>; cause?: unknown } = {}) {
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

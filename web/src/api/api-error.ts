// The error every console call throws: the reply's status, its typed code and details. Kept apart from the
// HTTP client so that code with no browser (wording of errors, their unit tests) can use it.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The reply's `details`, when it gave some (a wait before retrying, the fields at fault…). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(status: number, code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

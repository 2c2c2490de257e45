// Error codes of the SDP parser (RFC 8866).
import { VigieError } from '../../core/errors.js';

export const SDP_ERROR_CODES = ['VIGIE_SDP_INVALID'] as const;

/** Code → one-line meaning (docs/errors.md). */
export const SDP_ERRORS = {
  VIGIE_SDP_INVALID: 'a session description (SDP) that cannot be parsed',
} as const satisfies Record<(typeof SDP_ERROR_CODES)[number], string>;

declare module '../../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof SDP_ERRORS, true> {}
}

export function sdpError(message: string, context: Record<string, unknown> = {}): VigieError {
  return new VigieError('VIGIE_SDP_INVALID', message, { status: 422, context });
}

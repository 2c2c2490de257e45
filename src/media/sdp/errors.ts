// Error codes of the SDP parser (RFC 8866).
import { VigieError } from '../../core/errors.js';

export const SDP_ERROR_CODES = ['VIGIE_SDP_INVALID'] as const;

export function sdpError(message: string, context: Record<string, unknown> = {}): VigieError {
  return new VigieError('VIGIE_SDP_INVALID', message, { status: 422, context });
}

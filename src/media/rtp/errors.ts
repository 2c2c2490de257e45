// Error codes of the RTP and RTCP parsers (RFC 3550).
import { VigieError } from '../../core/errors.js';

export const RTP_ERROR_CODES = ['VIGIE_RTP_INVALID', 'VIGIE_RTCP_INVALID', 'VIGIE_RTP_ACCESS_UNIT_TOO_LARGE'] as const;
export type RtpErrorCode = (typeof RTP_ERROR_CODES)[number];

export function rtpError(code: RtpErrorCode, message: string, context: Record<string, unknown> = {}): VigieError {
  return new VigieError(code, message, { status: 422, context });
}

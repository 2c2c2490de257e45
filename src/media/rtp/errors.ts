// Error codes of the RTP and RTCP parsers (RFC 3550).
import { VigieError } from '../../core/errors.js';

export const RTP_ERROR_CODES = ['VIGIE_RTP_INVALID', 'VIGIE_RTCP_INVALID', 'VIGIE_RTP_ACCESS_UNIT_TOO_LARGE'] as const;
export type RtpErrorCode = (typeof RTP_ERROR_CODES)[number];

/** Code → one-line meaning (docs/errors.md). */
export const RTP_ERRORS = {
  VIGIE_RTP_INVALID: 'an RTP packet that is not valid RTP version 2 (header, CSRC list, extension or padding cut short)',
  VIGIE_RTCP_INVALID: 'an RTCP packet or sender report that is cut short or not version 2',
  VIGIE_RTP_ACCESS_UNIT_TOO_LARGE: 'an access unit larger than the depacketiser accepts (reserved: nothing raises it today)',
} as const satisfies Record<RtpErrorCode, string>;

declare module '../../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof RTP_ERRORS, true> {}
}

export function rtpError(code: RtpErrorCode, message: string, context: Record<string, unknown> = {}): VigieError {
  return new VigieError(code, message, { status: 422, context });
}

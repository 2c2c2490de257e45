// Error codes of the bitstream and codec parsers (H.264 §7, H.265 §7): input that is actually broken.
import { VigieError } from '../../core/errors.js';

export const BITSTREAM_ERROR_CODES = ['VIGIE_BITSTREAM_TRUNCATED', 'VIGIE_BITSTREAM_INVALID'] as const;
export type BitstreamErrorCode = (typeof BITSTREAM_ERROR_CODES)[number];

/** Code → one-line meaning (docs/errors.md). */
export const BITSTREAM_ERRORS = {
  VIGIE_BITSTREAM_TRUNCATED: 'a bitstream, NAL unit or length-prefixed sample ends before what it announces',
  VIGIE_BITSTREAM_INVALID: 'a parameter set or decoder configuration record (avcC, hvcC) with a value out of range or malformed',
} as const satisfies Record<BitstreamErrorCode, string>;

declare module '../../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof BITSTREAM_ERRORS, true> {}
}

export function bitstreamError(code: BitstreamErrorCode, message: string, context: Record<string, unknown> = {}): VigieError {
  return new VigieError(code, message, { status: 422, context });
}

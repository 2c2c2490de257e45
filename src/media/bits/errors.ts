// Error codes of the bitstream and codec parsers (H.264 §7, H.265 §7): input that is actually broken.
import { VigieError } from '../../core/errors.js';

export const BITSTREAM_ERROR_CODES = ['VIGIE_BITSTREAM_TRUNCATED', 'VIGIE_BITSTREAM_INVALID'] as const;
export type BitstreamErrorCode = (typeof BITSTREAM_ERROR_CODES)[number];

export function bitstreamError(code: BitstreamErrorCode, message: string, context: Record<string, unknown> = {}): VigieError {
  return new VigieError(code, message, { status: 422, context });
}

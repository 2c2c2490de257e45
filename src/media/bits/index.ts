// Public door of media/bits: bit reading and writing with exp-Golomb codes.
export { BitReader } from './bit-reader.js';
export { BitWriter } from './bit-writer.js';
export { BITSTREAM_ERROR_CODES, BITSTREAM_ERRORS, bitstreamError, type BitstreamErrorCode } from './errors.js';

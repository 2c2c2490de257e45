// Error codes of the RTSP client and server (RFC 2326): each names what went wrong with the peer.
import { VigieError } from '../../core/errors.js';

export const RTSP_ERROR_CODES = [
  'VIGIE_RTSP_MALFORMED',
  'VIGIE_RTSP_MESSAGE_TOO_LARGE',
  'VIGIE_RTSP_AUTH_REJECTED',
  'VIGIE_RTSP_UNEXPECTED_STATUS',
  'VIGIE_RTSP_TIMEOUT',
  'VIGIE_RTSP_CONNECTION_FAILED',
  'VIGIE_RTSP_CONNECTION_CLOSED',
  'VIGIE_RTSP_NO_DATA',
  'VIGIE_RTSP_STREAM_ENDED',
  'VIGIE_RTSP_NO_VIDEO_TRACK',
  'VIGIE_RTSP_TOO_MANY_REDIRECTS',
  'VIGIE_RTSP_TRANSPORT_REJECTED',
  'VIGIE_RTSP_ABORTED',
  'VIGIE_RTSP_INVALID_URL',
] as const;
export type RtspErrorCode = (typeof RTSP_ERROR_CODES)[number];

/** Code → one-line meaning (docs/errors.md). */
export const RTSP_ERRORS = {
  VIGIE_RTSP_MALFORMED: 'the peer sent something that is not RTSP (start line, header, Content-Length, missing Session)',
  VIGIE_RTSP_MESSAGE_TOO_LARGE: 'an RTSP message over the limits (16 KiB of headers, 256 KiB of body, too many header lines)',
  VIGIE_RTSP_AUTH_REJECTED: 'the camera refused the credentials',
  VIGIE_RTSP_UNEXPECTED_STATUS: 'the camera answered a request with an unexpected status (the message gives method and status)',
  VIGIE_RTSP_TIMEOUT: 'the camera did not accept the connection or answer a request in time',
  VIGIE_RTSP_CONNECTION_FAILED: 'cannot connect to the camera, or no free UDP port pair for RTP',
  VIGIE_RTSP_CONNECTION_CLOSED: 'the connection closed or failed while a session needed it',
  VIGIE_RTSP_NO_DATA: 'the session received no video for too long',
  VIGIE_RTSP_STREAM_ENDED: 'the camera ended the stream (RTCP BYE)',
  VIGIE_RTSP_NO_VIDEO_TRACK: 'the camera offers no H.264 or H.265 video track',
  VIGIE_RTSP_TOO_MANY_REDIRECTS: 'the camera redirected more than 5 times',
  VIGIE_RTSP_TRANSPORT_REJECTED: 'the camera refused the transport asked for (TCP interleaved or UDP)',
  VIGIE_RTSP_ABORTED: 'the session was aborted by its owner (or a session listener threw)',
  VIGIE_RTSP_INVALID_URL: 'not an rtsp:// URL',
} as const satisfies Record<RtspErrorCode, string>;

declare module '../../core/errors.js' {
  interface ErrorCodes extends Record<keyof typeof RTSP_ERRORS, true> {}
}

/** 502: the camera (an upstream server) misbehaved; 504 for timeouts; 401 for rejected credentials. */
const STATUS: Readonly<Record<RtspErrorCode, number>> = {
  VIGIE_RTSP_MALFORMED: 502,
  VIGIE_RTSP_MESSAGE_TOO_LARGE: 502,
  VIGIE_RTSP_AUTH_REJECTED: 401,
  VIGIE_RTSP_UNEXPECTED_STATUS: 502,
  VIGIE_RTSP_TIMEOUT: 504,
  VIGIE_RTSP_CONNECTION_FAILED: 502,
  VIGIE_RTSP_CONNECTION_CLOSED: 502,
  VIGIE_RTSP_NO_DATA: 504,
  VIGIE_RTSP_STREAM_ENDED: 502,
  VIGIE_RTSP_NO_VIDEO_TRACK: 422,
  VIGIE_RTSP_TOO_MANY_REDIRECTS: 502,
  VIGIE_RTSP_TRANSPORT_REJECTED: 502,
  VIGIE_RTSP_ABORTED: 499,
  VIGIE_RTSP_INVALID_URL: 400,
};

export function rtspError(code: RtspErrorCode, message: string, context: Record<string, unknown> = {}, cause?: unknown): VigieError {
  return new VigieError(code, message, { status: STATUS[code], context, cause });
}

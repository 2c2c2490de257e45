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

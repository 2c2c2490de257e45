// Turns whatever ended a camera session into a health error an operator understands (auth rejected,
// refused, timeout, garbage …), without ever echoing a credential.
import { isVigieError, type ErrorCode } from '../core/errors.js';
import type { LinkError, LinkErrorKind } from './health.js';

const ERRNO_KINDS: Readonly<Record<string, LinkErrorKind>> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  ENOTFOUND: 'not-found',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'closed-by-camera',
  EPIPE: 'closed-by-camera',
};

const KIND_MESSAGES: Readonly<Record<LinkErrorKind, string>> = {
  'auth-rejected': 'the camera rejected the credentials',
  refused: 'the camera refused the connection',
  timeout: 'the camera did not answer in time',
  garbage: 'the camera sent data that is not valid RTSP/RTP/SDP',
  'not-found': 'the camera address or stream path was not found',
  unsupported: 'the camera offers no supported video track',
  'closed-by-camera': 'the camera closed the connection',
  error: 'the connection failed',
};

export function classifyLinkError(error: unknown, atMs: number): LinkError {
  const kind = kindOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  return { kind, message: `${KIND_MESSAGES[kind]}: ${redactUrls(detail)}`, atMs };
}

/** The RTSP client's codes (media/rtsp/errors.ts), and ingest's own. */
const RTSP_KINDS: Readonly<Partial<Record<ErrorCode, LinkErrorKind>>> = {
  VIGIE_RTSP_AUTH_REJECTED: 'auth-rejected',
  VIGIE_RTSP_TIMEOUT: 'timeout',
  VIGIE_RTSP_NO_DATA: 'timeout',
  VIGIE_RTSP_MALFORMED: 'garbage',
  VIGIE_RTSP_MESSAGE_TOO_LARGE: 'garbage',
  VIGIE_RTSP_CONNECTION_FAILED: 'refused',
  VIGIE_RTSP_CONNECTION_CLOSED: 'closed-by-camera',
  VIGIE_RTSP_NO_VIDEO_TRACK: 'unsupported',
  VIGIE_RTSP_TRANSPORT_REJECTED: 'unsupported',
  VIGIE_RTSP_INVALID_URL: 'not-found',
  VIGIE_INGEST_GARBAGE: 'garbage',
};

function kindOf(error: unknown): LinkErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in ERRNO_KINDS) return ERRNO_KINDS[code] as LinkErrorKind;
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof causeCode === 'string' && causeCode in ERRNO_KINDS) return ERRNO_KINDS[causeCode] as LinkErrorKind;
  if (typeof code === 'string' && code in RTSP_KINDS) return RTSP_KINDS[code as ErrorCode] as LinkErrorKind;
  if (isVigieError(error) && error.context['statusCode'] === 404) return 'not-found';
  if (isVigieError(error)) {
    const upper = error.code.toUpperCase();
    if (upper.includes('AUTH') || error.status === 401 || error.status === 403) return 'auth-rejected';
    if (upper.includes('TIMEOUT')) return 'timeout';
    if (upper.includes('NOT_FOUND') || error.status === 404) return 'not-found';
    if (upper.includes('UNSUPPORTED') || upper.includes('NO_VIDEO')) return 'unsupported';
    if (upper.includes('REFUSED')) return 'refused';
    if (upper.includes('CLOSED')) return 'closed-by-camera';
    if (
      upper.includes('MALFORMED') ||
      upper.includes('INVALID') ||
      upper.includes('TRUNCATED') ||
      upper.includes('PARSE') ||
      upper.includes('BITSTREAM') ||
      upper.includes('SDP') ||
      upper.includes('GARBAGE')
    )
      return 'garbage';
  }
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  return 'error';
}

/** `rtsp://user:secret@host` → `rtsp://host`. */
function redactUrls(text: string): string {
  return text.replace(/([a-z]+:\/\/)[^/@\s]*@/gi, '$1');
}

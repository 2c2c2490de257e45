// Public door of media/rtsp: the RTSP client (ingest) and server (restream, simulator), plus the message and header
// codecs they are built from (RFC 2326, RFC 2617, RFC 7616).
export { openRtspSession, type RtspSession, type RtspSessionOptions, type RtspCloseReason } from './client.js';
export { type RtspSessionStats } from './session-stats.js';
export { createRtspServer, type RtspServer, type RtspServerLimits, type RtspServerOptions, type RtspServerSessionEvent, type RtspSessionView } from './server.js';
export { type RtspServerSource, type RtspResolveContext } from './server-source.js';
export { type RtspAuthRequest, type RtspAuthResult, type RtspAuthMethod } from './server-auth.js';
export { RTSP_ERROR_CODES, RTSP_ERRORS, type RtspErrorCode } from './errors.js';
export { writeRequest, writeResponse, getHeader, getHeaders, type RtspRequest, type RtspResponse, type RtspMessage, type RtspHeaderList } from './message.js';
export { RtspMessageReader, MAX_HEADER_BYTES, MAX_BODY_BYTES, type RtspStreamItem } from './message-reader.js';
export { writeInterleavedFrame, type InterleavedFrame } from './interleaved-frame.js';
export { parseTransport, parseTransports, writeTransport, isTcpTransport, type TransportSpec } from './headers/transport.js';
export { parseSession, writeSession, type SessionHeader } from './headers/session.js';
export { parseWwwAuthenticate, writeWwwAuthenticate, type AuthChallenge, type DigestAlgorithm } from './headers/www-authenticate.js';
export { parseAuthorization, writeBasicAuthorization, writeDigestAuthorization, type Credentials, type DigestCredentials } from './headers/authorization.js';
export { parseRange, writeRange, type NptRange } from './headers/range.js';
export { parseRtpInfo, writeRtpInfo, type RtpInfoEntry } from './headers/rtp-info.js';
export { digestResponse, digestHa1 } from './digest-auth.js';

// Public door of media/sdp: parse a DESCRIBE answer, find its video track, write one for the RTSP server.
export { parseSdp, findAttribute, MAX_SDP_BYTES, type SessionDescription, type SdpMedia, type SdpAttribute, type SdpRtpMap } from './session-description.js';
export { resolveControlUrl } from './control-url.js';
export { findVideoTrack, type SdpVideoTrack } from './video-track.js';
export { writeVideoSdp, type SdpWriteOptions } from './write.js';
export { SDP_ERROR_CODES, SDP_ERRORS } from './errors.js';

// Public door of media/h264: NAL units, SPS, framing, RTP (RFC 6184) and the MP4 decoder configuration.
export { H264_NAL, h264NalType, h264NalRefIdc, isH264Keyframe, isH264ParameterSet } from './nal-unit.js';
export { removeEmulationPrevention, insertEmulationPrevention } from './emulation-prevention.js';
export { parseH264Sps, type H264Sps } from './sps.js';
export { splitAnnexB, joinAnnexB } from './annex-b.js';
export { groupH264AccessUnits } from './access-unit-boundary.js';
export { splitAvcc, joinAvcc } from './avcc.js';
export { H264Depacketizer, type H264DepacketizerOptions } from './rtp-depacketizer.js';
export { packetizeH264, type H264PacketizeOptions } from './rtp-packetizer.js';
export { writeAvcDecoderConfig, parseAvcDecoderConfig, type H264ParameterSets } from './decoder-config.js';
export { h264CodecString } from './codec-string.js';
export { h264TrackInfo } from './track-info.js';

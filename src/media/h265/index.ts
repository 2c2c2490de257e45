// Public door of media/h265: NAL units, VPS/SPS, framing, RTP (RFC 7798) and the MP4 decoder configuration.
export { H265_NAL, h265NalType, isH265Keyframe, isH265ParameterSet } from './nal-unit.js';
export { removeEmulationPrevention, insertEmulationPrevention } from './emulation-prevention.js';
export { parseH265Sps, type H265Sps } from './sps.js';
export { parseH265Vps, type H265Vps } from './vps.js';
export { type H265ProfileTierLevel } from './profile-tier-level.js';
export { splitAnnexB, joinAnnexB } from './annex-b.js';
export { groupH265AccessUnits } from './access-unit-boundary.js';
export { splitAvcc, joinAvcc } from './avcc.js';
export { H265Depacketizer, type H265DepacketizerOptions } from './rtp-depacketizer.js';
export { packetizeH265, type H265PacketizeOptions } from './rtp-packetizer.js';
export { writeHevcDecoderConfig, parseHevcDecoderConfig, type H265ParameterSets } from './decoder-config.js';
export { h265CodecString } from './codec-string.js';
export { h265TrackInfo } from './track-info.js';

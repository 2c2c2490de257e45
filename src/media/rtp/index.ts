// Public door of media/rtp: packets, ordering, timing, RTCP reports and the depacketizer contract (RFC 3550).
export { parseRtpPacket, serializeRtpPacket, writeRtpHeader, rewriteRtpHeader, RTP_HEADER_SIZE, type RtpPacket, type RtpHeaderFields } from './rtp-packet.js';
export { buildRtpPackets, type RtpStreamPosition } from './rtp-packet-builder.js';
export { RtpSequenceUnwrapper, DEFAULT_REORDER_SLOTS, type SequencedPacketSink } from './sequence-unwrapper.js';
export { RtpTimestampUnwrapper } from './timestamp-unwrapper.js';
export { RtpClockMapping, type TimelinePoint } from './clock-mapping.js';
export { splitRtcpCompound, RTCP_TYPE, type RtcpPacketView } from './rtcp-packet.js';
export { parseSenderReport, findSenderReports, buildSenderReport, buildBye, type SenderReport } from './sender-report.js';
export { buildReceiverReport, type ReceptionReport } from './receiver-report.js';
export { MAX_ACCESS_UNIT_BYTES, MAX_NAL_UNITS_PER_ACCESS_UNIT, type AssemblerStats } from './access-unit-assembler.js';
export { type RtpDepacketizer, type ParameterSets } from './depacketizer.js';
export { DEFAULT_RTP_MTU, maxPayloadSize } from './packetizer-options.js';
export { RTP_ERROR_CODES, RTP_ERRORS, type RtpErrorCode } from './errors.js';
export { RtpReceiver, type RtpReceiverStats } from './rtp-receiver.js';
export { SampleSlabPool, sharedSampleSlabs, type SampleSlabPoolStats } from './sample-slabs.js';
export { SampleArena, type FinishedSample } from './sample-arena.js';

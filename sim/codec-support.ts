// The per-codec facts the simulator needs: parameter sets, track description and RTP packetization
// (RFC 6184 for H.264, RFC 7798 for H.265), delegated to Vigie's media libraries.
import type { TrackInfo, VideoCodec } from '../src/media/hub/index.js';
import { h264NalType, h264TrackInfo, H264_NAL, packetizeH264 } from '../src/media/h264/index.js';
import { h265NalType, h265TrackInfo, H265_NAL, packetizeH265 } from '../src/media/h265/index.js';
import { buildRtpPackets } from '../src/media/rtp/index.js';

const VIDEO_CLOCK = 90_000;

/** Track description from a keyframe's in-band parameter sets; the rate is what the simulator encoded. */
export function trackFor(codec: VideoCodec, keyframe: readonly Uint8Array[], frameRate: number, payloadType: number): TrackInfo {
  if (codec === 'h264') {
    const sps = keyframe.find((nal) => h264NalType(nal) === H264_NAL.sps);
    const pps = keyframe.find((nal) => h264NalType(nal) === H264_NAL.pps);
    return { ...h264TrackInfo(payloadType, VIDEO_CLOCK, sps && pps ? { sps, pps } : undefined), frameRate };
  }
  const vps = keyframe.find((nal) => h265NalType(nal) === H265_NAL.vps);
  const sps = keyframe.find((nal) => h265NalType(nal) === H265_NAL.sps);
  const pps = keyframe.find((nal) => h265NalType(nal) === H265_NAL.pps);
  return { ...h265TrackInfo(payloadType, VIDEO_CLOCK, vps && sps && pps ? { vps, sps, pps } : undefined), frameRate };
}

/** Whole RTP packets for one picture, with a zero header (sequence from 0, timestamp 0, SSRC 0) the server rewrites per client. */
export function rtpPacketsFor(codec: VideoCodec, nalUnits: readonly Uint8Array[], payloadType: number): readonly Uint8Array[] {
  const payloads = codec === 'h264' ? packetizeH264(nalUnits) : packetizeH265(nalUnits);
  return buildRtpPackets(payloads, { payloadType, ssrc: 0, firstSequence: 0, timestamp: 0 });
}

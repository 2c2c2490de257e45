// Picks the first H.264 (RFC 6184 §8.2) or H.265 (RFC 7798 §7.2) video track of a description, with its
// parameter sets from fmtp; audio and other media are recognised and ignored.
import type { VideoCodec } from '../hub/access-unit.js';
import type { ParameterSets } from '../rtp/depacketizer.js';
import { resolveControlUrl } from './control-url.js';
import type { SdpMedia, SessionDescription } from './session-description.js';

export interface SdpVideoTrack {
  readonly codec: VideoCodec;
  readonly payloadType: number;
  readonly clockRate: number;
  readonly parameterSets: ParameterSets | undefined;
  /** Absolute URL to SETUP this track. */
  readonly controlUrl: string;
  readonly media: SdpMedia;
}

const CODECS: Readonly<Record<string, VideoCodec>> = { H264: 'h264', H265: 'h265', HEVC: 'h265' };

/** `baseUrl`: the Content-Base (or Content-Location, or request URL) of the DESCRIBE response. */
export function findVideoTrack(description: SessionDescription, baseUrl: string): SdpVideoTrack | undefined {
  const sessionBase = description.control !== undefined && /^rtsps?:\/\//i.test(description.control) ? description.control : baseUrl;
  for (const media of description.media) {
    if (media.kind !== 'video') continue;
    for (const payloadType of media.formats) {
      const rtpMap = media.rtpMaps.get(payloadType);
      const codec = rtpMap === undefined ? undefined : CODECS[rtpMap.encoding.toUpperCase()];
      if (rtpMap === undefined || codec === undefined) continue;
      const fmtp = media.fmtp.get(payloadType) ?? new Map<string, string>();
      return {
        codec,
        payloadType,
        clockRate: rtpMap.clockRate,
        parameterSets: codec === 'h264' ? h264Sprop(fmtp) : h265Sprop(fmtp),
        controlUrl: resolveControlUrl(sessionBase, media.control),
        media,
      };
    }
  }
  return undefined;
}

function decodeBase64(text: string | undefined): Uint8Array | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+=*$/.test(trimmed)) return undefined;
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length === 0 ? undefined : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** sprop-parameter-sets=<base64 SPS>,<base64 PPS>[,…] */
function h264Sprop(fmtp: ReadonlyMap<string, string>): ParameterSets | undefined {
  const sets = (fmtp.get('sprop-parameter-sets') ?? '').split(',').map(decodeBase64);
  const sps = sets.find((nal) => nal !== undefined && ((nal[0] ?? 0) & 0x1f) === 7);
  const pps = sets.find((nal) => nal !== undefined && ((nal[0] ?? 0) & 0x1f) === 8);
  return sps === undefined || pps === undefined ? undefined : { sps, pps };
}

/** sprop-vps, sprop-sps, sprop-pps (each may list several, comma-separated; the first is used). */
function h265Sprop(fmtp: ReadonlyMap<string, string>): ParameterSets | undefined {
  const first = (name: string): Uint8Array | undefined => decodeBase64(fmtp.get(name)?.split(',')[0]);
  const vps = first('sprop-vps');
  const sps = first('sprop-sps');
  const pps = first('sprop-pps');
  if (sps === undefined || pps === undefined) return undefined;
  return vps === undefined ? { sps, pps } : { vps, sps, pps };
}

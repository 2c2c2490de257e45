// Writes the SDP the RTSP server answers to DESCRIBE for one video track (RFC 8866 §5; fmtp per RFC 6184 §8.1
// and RFC 7798 §7.1).
import type { TrackInfo } from '../hub/access-unit.js';

export interface SdpWriteOptions {
  /** Session id for the o= line (stable per server start). */
  readonly sessionId: string;
  /** Address for the o= line. */
  readonly host: string;
  /** a=control of the media section, relative to the content base. */
  readonly trackControl: string;
  readonly sessionName?: string;
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export function writeVideoSdp(track: TrackInfo, options: SdpWriteOptions): string {
  const pt = track.payloadType;
  const encoding = track.codec === 'h264' ? 'H264' : 'H265';
  const lines = [
    'v=0',
    `o=- ${options.sessionId} 1 IN IP4 ${options.host}`,
    `s=${options.sessionName ?? 'Vigie'}`,
    'c=IN IP4 0.0.0.0',
    't=0 0',
    'a=tool:vigie',
    'a=range:npt=now-',
    'a=control:*',
    `m=video 0 RTP/AVP ${pt}`,
    `a=rtpmap:${pt} ${encoding}/${track.clockRate}`,
  ];
  const fmtp = track.codec === 'h264' ? h264Fmtp(track) : h265Fmtp(track);
  if (fmtp !== '') lines.push(`a=fmtp:${pt} ${fmtp}`);
  if (track.frameRate !== undefined) lines.push(`a=framerate:${track.frameRate}`);
  lines.push(`a=control:${options.trackControl}`, 'a=recvonly');
  return `${lines.join('\r\n')}\r\n`;
}

function h264Fmtp(track: TrackInfo): string {
  const sets = track.parameterSets;
  if (sets === undefined) return 'packetization-mode=1';
  const hex = (byte: number | undefined): string => (byte ?? 0).toString(16).padStart(2, '0');
  const profileLevelId = `${hex(sets.sps[1])}${hex(sets.sps[2])}${hex(sets.sps[3])}`;
  return `packetization-mode=1;profile-level-id=${profileLevelId};sprop-parameter-sets=${base64(sets.sps)},${base64(sets.pps)}`;
}

function h265Fmtp(track: TrackInfo): string {
  const sets = track.parameterSets;
  if (sets === undefined) return '';
  const vps = sets.vps === undefined ? '' : `sprop-vps=${base64(sets.vps)};`;
  return `${vps}sprop-sps=${base64(sets.sps)};sprop-pps=${base64(sets.pps)}`;
}

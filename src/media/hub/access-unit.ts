// What travels through the hub: one access unit (a whole picture) of one video track, immutable and shared
// by every consumer, and the description of the track it belongs to.

export type VideoCodec = 'h264' | 'h265';

export interface TrackInfo {
  readonly codec: VideoCodec;
  /** RTP clock rate; 90 kHz for video. */
  readonly clockRate: number;
  /** RTP payload type as announced in the SDP (kept for restreaming). */
  readonly payloadType: number;
  /** Parameter sets without start codes: SPS and PPS for H.264; VPS, SPS and PPS for H.265. */
  readonly parameterSets: { readonly vps?: Uint8Array; readonly sps: Uint8Array; readonly pps: Uint8Array } | undefined;
  /** From the SPS when known. */
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
  /** RFC 6381 codec string for MSE, e.g. `avc1.640028`, when the SPS is known. */
  readonly codecString?: string;
}

export interface AccessUnit {
  /** NAL units of the picture, without start codes or length prefixes. */
  readonly nalUnits: readonly Uint8Array[];
  /** Decode timestamp on an unwrapped 90 kHz timeline that starts near 0 for each stream. */
  readonly dts90k: number;
  /** Presentation timestamp (≥ dts90k; equal without B-frames). */
  readonly pts90k: number;
  /** Wall-clock time of the picture in ms since the epoch (RTCP sender report mapping, or arrival time). */
  readonly wallClockMs: number;
  /** An IDR / IRAP picture: decoding can start here. */
  readonly isKeyframe: boolean;
  /** Original RTP packets, when the unit came from RTP, so a restream can forward them unchanged. */
  readonly rtpPackets?: readonly Uint8Array[];
}

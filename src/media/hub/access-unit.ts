// What travels through the hub: one access unit (a whole picture) of one video track, immutable and shared
// by every consumer, and the description of the track it belongs to.
import { joinAvcc, splitAvcc } from '../h264/avcc.js';

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
  /** NAL units of the picture, without start codes or length prefixes (views into `sample`). */
  readonly nalUnits: readonly Uint8Array[];
  /** The same NAL units, each behind a 4-byte big-endian length, in one buffer: an MP4 sample as stored in mdat. */
  readonly sample: Uint8Array;
  /** Decode timestamp on an unwrapped 90 kHz timeline that starts near 0 for each stream. */
  readonly dts90k: number;
  /** Presentation timestamp (≥ dts90k; equal without B-frames). */
  readonly pts90k: number;
  /** Wall-clock time of the picture in ms since the epoch (RTCP sender report mapping, or arrival time). */
  readonly wallClockMs: number;
  /** An IDR / IRAP picture: decoding can start here. */
  readonly isKeyframe: boolean;
  /** RTP packets already made for the unit (the simulator's prepared loops), so a restream forwards them as they are. */
  readonly rtpPackets?: readonly Uint8Array[];
  /**
   * Where `sample` lives when that memory is reused (ingested cameras): see `retainUnit`. Absent, the bytes are
   * the garbage collector's and a unit can be kept as long as wanted.
   */
  readonly storage?: SampleStorage | undefined;
}

/** Memory shared by the samples of several units, reused once none of them is held. */
export interface SampleStorage {
  retain(): void;
  release(): void;
}

/**
 * A unit is lent for the duration of the call that hands it over (a consumer's `accept`, until its promise
 * settles). Keeping it longer — in a buffer, a cache, a pending write — takes a hold, let go with `releaseUnit`.
 */
export function retainUnit(unit: AccessUnit): void {
  unit.storage?.retain();
}

export function releaseUnit(unit: AccessUnit): void {
  unit.storage?.release();
}

/** The sample of a picture given as separate NAL units, and the NAL units as views into it. */
export function lengthPrefixed(nalUnits: readonly Uint8Array[]): Pick<AccessUnit, 'sample' | 'nalUnits'> {
  const sample = joinAvcc(nalUnits);
  return { sample, nalUnits: splitAvcc(sample) };
}

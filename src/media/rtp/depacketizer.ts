// The shape shared by the H.264 and H.265 RTP depacketizers, so the RTSP client drives either the same way.
import type { AccessUnit } from '../hub/access-unit.js';
import type { AssemblerStats } from './access-unit-assembler.js';
import type { RtpPacket } from './rtp-packet.js';

export interface ParameterSets {
  readonly vps?: Uint8Array;
  readonly sps: Uint8Array;
  readonly pps: Uint8Array;
}

export interface RtpDepacketizer {
  /**
   * Feeds one packet in sequence order (`lostBefore` packets missing just before it). Returns the access units
   * it completed — usually none or one; an empty array means "need more packets". Never throws on bad payloads:
   * they are counted in `stats.malformedPackets` and decoding resumes at the next keyframe.
   */
  push(packet: RtpPacket, lostBefore: number, arrivalMs: number): readonly AccessUnit[];
  /** An RTCP sender report for this stream: later units get wall-clock times from it. */
  onSenderReport(ntpTimeMs: number, rtpTimestamp: number): void;
  readonly stats: AssemblerStats;
  /** Latest parameter sets, from the SDP or seen in-band. */
  readonly parameterSets: ParameterSets | undefined;
  /** Increases each time in-band parameter sets differ from the previous ones (new resolution…). */
  readonly parameterSetsVersion: number;
}

export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Keeps the latest SPS/PPS (and VPS) and counts changes, for the depacketizers. */
export class ParameterSetTracker {
  #vps: Uint8Array | undefined;
  #sps: Uint8Array | undefined;
  #pps: Uint8Array | undefined;
  #version = 0;

  constructor(initial: ParameterSets | undefined) {
    this.#vps = initial?.vps;
    this.#sps = initial?.sps;
    this.#pps = initial?.pps;
  }

  get version(): number {
    return this.#version;
  }

  get current(): ParameterSets | undefined {
    if (this.#sps === undefined || this.#pps === undefined) return undefined;
    return this.#vps === undefined ? { sps: this.#sps, pps: this.#pps } : { vps: this.#vps, sps: this.#sps, pps: this.#pps };
  }

  update(kind: 'vps' | 'sps' | 'pps', nal: Uint8Array): void {
    const previous = kind === 'vps' ? this.#vps : kind === 'sps' ? this.#sps : this.#pps;
    if (sameBytes(previous, nal)) return;
    // Keep a copy: the view points into a sample slab that a long-lived track description must not pin.
    const copy = new Uint8Array(nal);
    if (kind === 'vps') this.#vps = copy;
    else if (kind === 'sps') this.#sps = copy;
    else this.#pps = copy;
    this.#version += 1;
  }
}

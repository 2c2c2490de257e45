// Groups the NAL units of in-order RTP packets into access units (RFC 6184 §5.1, RFC 7798 §4.1: one picture per
// timestamp, marker bit on its last packet), dropping damaged pictures until the next keyframe.
import type { AccessUnit } from '../hub/access-unit.js';
import { RtpClockMapping } from './clock-mapping.js';
import type { RtpPacket } from './rtp-packet.js';

/** What the codec-specific depacketizer tells the assembler about its NAL units. */
export interface NalClassifier {
  isKeyframe(nal: Uint8Array): boolean;
  /** A coded slice (VCL NAL unit): what makes a picture, as opposed to parameter sets and SEI. */
  isSlice(nal: Uint8Array): boolean;
}

export interface AssemblerStats {
  readonly unitsEmitted: number;
  /** Pictures thrown away after the first keyframe: damaged by a loss or a malformed payload, or waiting for the next keyframe. */
  readonly unitsDropped: number;
  readonly packetsLost: number;
  readonly malformedPackets: number;
}

/**
 * 8 MiB: a 4K intra picture from a camera at maximum quality stays under 2 MiB; beyond 8 MiB the marker bit was
 * lost and packets pile up. 512 NAL units: a sliced 4K picture has at most ~135 slices (one per macroblock row).
 */
export const MAX_ACCESS_UNIT_BYTES = 8 * 1024 * 1024;
export const MAX_NAL_UNITS_PER_ACCESS_UNIT = 512;

const NO_UNITS: readonly AccessUnit[] = Object.freeze([]);

export class AccessUnitAssembler {
  readonly #classifier: NalClassifier;
  readonly #clock: RtpClockMapping;
  #nalUnits: Uint8Array[] = [];
  #packets: Uint8Array[] = [];
  #bytes = 0;
  #timestamp: number | undefined;
  #arrivalMs = 0;
  #damaged = false;
  #overflowed = false;
  #hasSlice = false;
  #waitingForKeyframe = true;
  #unitsEmitted = 0;
  #unitsDropped = 0;
  #packetsLost = 0;
  #malformedPackets = 0;

  constructor(classifier: NalClassifier, clock: RtpClockMapping) {
    this.#classifier = classifier;
    this.#clock = clock;
  }

  get stats(): AssemblerStats {
    return { unitsEmitted: this.#unitsEmitted, unitsDropped: this.#unitsDropped, packetsLost: this.#packetsLost, malformedPackets: this.#malformedPackets };
  }

  get clock(): RtpClockMapping {
    return this.#clock;
  }

  /**
   * Opens the packet: closes the previous picture if the timestamp changed without a marker, and marks the
   * current picture damaged after a loss. Returns the closed unit, if any.
   */
  begin(packet: RtpPacket, lostBefore: number, arrivalMs: number): AccessUnit | undefined {
    // A loss damages both the picture in progress (its tail may be gone) and the next one (its head may be gone).
    if (lostBefore > 0) {
      this.#packetsLost += lostBefore;
      this.markDamaged();
    }
    let closed: AccessUnit | undefined;
    if (this.#timestamp !== undefined && this.#timestamp !== packet.timestamp) {
      // Quirk seen on cameras that stamp SPS/PPS with their own time: NAL units without a slice join the next picture.
      if (this.#hasSlice) closed = this.#close();
      else this.#timestamp = packet.timestamp;
    }
    if (lostBefore > 0) this.#damaged = true;
    if (this.#timestamp === undefined) {
      this.#timestamp = packet.timestamp;
      this.#arrivalMs = arrivalMs;
    }
    this.#bytes += packet.bytes.length;
    if (this.#bytes > MAX_ACCESS_UNIT_BYTES) {
      // Keep nothing more of a picture that can no longer be delivered, however long it goes on.
      this.markDamaged();
      this.#overflowed = true;
      this.#nalUnits = [];
      this.#packets = [];
    } else {
      this.#packets.push(packet.bytes);
    }
    return closed;
  }

  addNalUnit(nal: Uint8Array): void {
    if (nal.length === 0 || this.#overflowed) return;
    if (this.#nalUnits.length >= MAX_NAL_UNITS_PER_ACCESS_UNIT) {
      this.markDamaged();
      return;
    }
    if (!this.#hasSlice && this.#classifier.isSlice(nal)) this.#hasSlice = true;
    this.#nalUnits.push(nal);
  }

  /** A payload could not be understood: the picture is lost, decoding resumes at the next keyframe. */
  markMalformed(): void {
    this.#malformedPackets += 1;
    this.markDamaged();
  }

  markDamaged(): void {
    this.#damaged = true;
    this.#waitingForKeyframe = true;
  }

  /**
   * Ends the packet; the marker bit closes the picture — unless no slice has come yet (quirk: cameras that set the
   * marker bit on the packet carrying SPS/PPS before an IDR picture; the parameter sets stay with that picture).
   */
  end(packet: RtpPacket, closedBefore: AccessUnit | undefined): readonly AccessUnit[] {
    const closed = packet.marker && (this.#hasSlice || this.#overflowed) ? this.#close() : undefined;
    if (closedBefore === undefined) return closed === undefined ? NO_UNITS : [closed];
    return closed === undefined ? [closedBefore] : [closedBefore, closed];
  }

  #close(): AccessUnit | undefined {
    const nalUnits = this.#nalUnits;
    const packets = this.#packets;
    const timestamp = this.#timestamp ?? 0;
    const damaged = this.#damaged;
    this.#nalUnits = [];
    this.#packets = [];
    this.#bytes = 0;
    this.#timestamp = undefined;
    this.#damaged = false;
    this.#hasSlice = false;
    if (this.#overflowed) {
      this.#overflowed = false;
      if (this.#unitsEmitted > 0) this.#unitsDropped += 1;
      return undefined;
    }
    if (nalUnits.length === 0) return undefined;
    const isKeyframe = nalUnits.some((nal) => this.#classifier.isKeyframe(nal));
    const time = this.#clock.map(timestamp, this.#arrivalMs);
    if (damaged || (this.#waitingForKeyframe && !isKeyframe)) {
      // Pictures before the first keyframe are skipped, not lost: a stream is joined wherever it happens to be.
      if (this.#unitsEmitted > 0) this.#unitsDropped += 1;
      return undefined;
    }
    this.#waitingForKeyframe = false;
    this.#unitsEmitted += 1;
    return { nalUnits, dts90k: time.pts, pts90k: time.pts, wallClockMs: time.wallClockMs, isKeyframe, rtpPackets: packets };
  }
}

// Groups the NAL units of in-order RTP packets into access units (RFC 6184 §5.1, RFC 7798 §4.1: one picture per
// timestamp, marker bit on its last packet), dropping damaged pictures until the next keyframe. The NAL units are
// written into a SampleArena as they come, so a unit's sample is ready to store when its picture closes.
import type { AccessUnit } from '../hub/access-unit.js';
import { RtpClockMapping } from './clock-mapping.js';
import type { RtpPacket } from './rtp-packet.js';
import { SampleArena } from './sample-arena.js';
import type { SampleSlabPool } from './sample-slabs.js';

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
  readonly #arena: SampleArena;
  #timestamp: number | undefined;
  #arrivalMs = 0;
  #damaged = false;
  #overflowed = false;
  #hasSlice = false;
  #hasKeyframe = false;
  #waitingForKeyframe = true;
  #unitsEmitted = 0;
  #unitsDropped = 0;
  #packetsLost = 0;
  #malformedPackets = 0;

  /** With `slabs`, each unit comes held once (see sample-slabs.ts). */
  constructor(classifier: NalClassifier, clock: RtpClockMapping, slabs?: SampleSlabPool) {
    this.#classifier = classifier;
    this.#clock = clock;
    this.#arena = new SampleArena(slabs);
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
    if (!this.#overflowed && this.#arena.unitBytes + packet.payload.length > MAX_ACCESS_UNIT_BYTES) {
      // Keep nothing more of a picture that can no longer be delivered, however long it goes on.
      this.markDamaged();
      this.#overflowed = true;
      this.#arena.discardUnit();
    }
    return closed;
  }

  /** A whole NAL unit (copied); returns a view of it, or undefined when it was not kept. */
  addNalUnit(nal: Uint8Array): Uint8Array | undefined {
    if (nal.length === 0 || !this.#roomForNal()) return undefined;
    return this.#counted(this.#arena.addNal(nal));
  }

  /** Opens a fragmented NAL unit with its rebuilt header (one byte for H.264, two for H.265). */
  beginNalUnit(first: number, second?: number): void {
    if (!this.#roomForNal()) return;
    this.#arena.beginNal();
    this.#arena.appendHeader(first, second);
  }

  get nalUnitInProgress(): boolean {
    return this.#arena.nalInProgress;
  }

  appendToNalUnit(fragment: Uint8Array): void {
    if (this.#arena.nalInProgress) this.#arena.append(fragment);
  }

  /** Closes the fragmented NAL unit; returns a view of it, or undefined when it was not kept. */
  endNalUnit(): Uint8Array | undefined {
    return this.#counted(this.#arena.endNal());
  }

  abandonNalUnit(): void {
    this.#arena.abandonNal();
  }

  #roomForNal(): boolean {
    if (this.#overflowed) return false;
    if (this.#arena.nalCount < MAX_NAL_UNITS_PER_ACCESS_UNIT) return true;
    this.markDamaged();
    return false;
  }

  #counted(nal: Uint8Array | undefined): Uint8Array | undefined {
    if (nal === undefined) return undefined;
    if (!this.#hasSlice && this.#classifier.isSlice(nal)) this.#hasSlice = true;
    if (!this.#hasKeyframe && this.#classifier.isKeyframe(nal)) this.#hasKeyframe = true;
    return nal;
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
    const timestamp = this.#timestamp ?? 0;
    const isKeyframe = this.#hasKeyframe;
    const overflowed = this.#overflowed;
    const unusable = overflowed || this.#damaged || (this.#waitingForKeyframe && !isKeyframe);
    this.#timestamp = undefined;
    this.#damaged = false;
    this.#hasSlice = false;
    this.#hasKeyframe = false;
    this.#overflowed = false;
    // A NAL unit still being reassembled when its picture closes has lost its end; that damages the next picture.
    const cutShort = this.#arena.nalInProgress;
    this.#arena.abandonNal();
    const empty = this.#arena.nalCount === 0 && !overflowed;
    const time = empty ? undefined : this.#clock.map(timestamp, this.#arrivalMs);
    const finished = time === undefined || unusable ? undefined : this.#arena.finishUnit();
    if (finished === undefined) {
      this.#arena.discardUnit();
      // Pictures before the first keyframe are skipped, not lost: a stream is joined wherever it happens to be.
      if (!empty && this.#unitsEmitted > 0) this.#unitsDropped += 1;
    } else {
      this.#waitingForKeyframe = false;
      this.#unitsEmitted += 1;
    }
    if (cutShort) this.markMalformed();
    if (time === undefined || finished === undefined) return undefined;
    return { nalUnits: finished.nalUnits, sample: finished.sample, dts90k: time.pts, pts90k: time.pts, wallClockMs: time.wallClockMs, isKeyframe, storage: finished.storage };
  }
}

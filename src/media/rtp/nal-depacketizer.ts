// What RFC 6184 and RFC 7798 depacketization share: fragment reassembly, aggregation walking, parameter-set
// capture and access-unit assembly. The codec subclasses only read their payload headers. Payload bytes are
// copied into the access unit's sample as they are read: the packet's buffer may be reused once `push` returns.
// Decode times are derived here too (RTP carries presentation times only; see dts-derivation.ts).
import { H264_NAL, h264NalType } from '../h264/nal-unit.js';
import { h264PictureReordering } from '../h264/picture-reordering.js';
import { isH264BPicture } from '../h264/slice-type.js';
import { h265PictureReordering } from '../h265/picture-reordering.js';
import { releaseUnit, type AccessUnit } from '../hub/access-unit.js';
import { AccessUnitAssembler, type AssemblerStats } from './access-unit-assembler.js';
import { RtpClockMapping } from './clock-mapping.js';
import { ParameterSetTracker, type ParameterSets, type RtpDepacketizer } from './depacketizer.js';
import { DtsDeriver, type PictureReordering } from './dts-derivation.js';
import type { RtpPacket } from './rtp-packet.js';
import type { SampleSlabPool } from './sample-slabs.js';

export interface NalDepacketizerOptions {
  readonly clockRate?: number;
  /** From the SDP (sprop-parameter-sets, sprop-vps/sps/pps), when announced. */
  readonly parameterSets?: ParameterSets | undefined;
  /** Reuse sample memory: each unit then comes held once, for whoever ends up with it to release. */
  readonly slabs?: SampleSlabPool | undefined;
}

export interface NalCodec {
  isKeyframe(nal: Uint8Array): boolean;
  isSlice(nal: Uint8Array): boolean;
  parameterSetKind(nal: Uint8Array): 'vps' | 'sps' | 'pps' | undefined;
}

export abstract class NalDepacketizer implements RtpDepacketizer {
  readonly #codec: NalCodec;
  readonly #assembler: AccessUnitAssembler;
  readonly #parameterSets: ParameterSetTracker;
  // Only H.264 may leave its reorder depth unsaid (an H.265 SPS always gives it), so only H.264 slices are asked.
  readonly #decodeTimes = new DtsDeriver(isH264BPicture);
  /** The parameter sets version the decode times were last configured from. */
  #timedVersion = -1;
  #seenNal = false;

  protected constructor(codec: NalCodec, options: NalDepacketizerOptions) {
    this.#codec = codec;
    this.#assembler = new AccessUnitAssembler(codec, new RtpClockMapping(options.clockRate ?? 90_000), options.slabs);
    this.#parameterSets = new ParameterSetTracker(options.parameterSets);
  }

  /** Pictures left out because they could not be given an increasing decode time count as dropped too. */
  get stats(): AssemblerStats {
    const stats = this.#assembler.stats;
    return { ...stats, unitsDropped: stats.unitsDropped + this.#decodeTimes.picturesDropped };
  }

  get parameterSets(): ParameterSets | undefined {
    return this.#parameterSets.current;
  }

  get parameterSetsVersion(): number {
    return this.#parameterSets.version;
  }

  onSenderReport(ntpTimeMs: number, rtpTimestamp: number): void {
    this.#assembler.clock.onSenderReport(ntpTimeMs, rtpTimestamp);
  }

  push(packet: RtpPacket, lostBefore: number, arrivalMs: number): readonly AccessUnit[] {
    if (lostBefore > 0) this.#assembler.abandonNalUnit();
    const closed = this.#assembler.begin(packet, lostBefore, arrivalMs);
    this.readPayload(packet.payload);
    const units = this.#assembler.end(packet, closed);
    return units.length === 0 ? units : this.#withDecodeTimes(units);
  }

  /** The units with their decode times; the same array when every decode time equals the presentation time. */
  #withDecodeTimes(units: readonly AccessUnit[]): readonly AccessUnit[] {
    if (this.#parameterSets.version !== this.#timedVersion) {
      this.#timedVersion = this.#parameterSets.version;
      const sps = this.#parameterSets.current?.sps;
      if (sps !== undefined) this.#decodeTimes.configure(pictureReordering(sps));
    }
    let retimed: AccessUnit[] | undefined;
    for (let index = 0; index < units.length; index += 1) {
      const unit = units[index];
      if (unit === undefined) continue;
      const dts90k = this.#decodeTimes.next(unit.pts90k, unit.isKeyframe, unit.nalUnits);
      if (dts90k === unit.dts90k && retimed === undefined) continue;
      retimed ??= units.slice(0, index);
      if (dts90k !== undefined) retimed.push(dts90k === unit.dts90k ? unit : { ...unit, dts90k });
      else releaseUnit(unit);
    }
    return retimed ?? units;
  }

  /** Reads one payload through the protected helpers below. */
  protected abstract readPayload(payload: Uint8Array): void;

  /** A whole NAL unit (single NAL unit packet). */
  protected single(nal: Uint8Array): void {
    this.abandonFragment();
    this.#addNal(nal);
  }

  /**  { size(16) NAL unit }… from `offset` (STAP-A, AP); sizes below `minSize` or past the end are malformed.  */
  protected aggregation(payload: Uint8Array, offset: number, minSize: number): void {
    this.abandonFragment();
    let at = offset;
    while (at + 2 <= payload.length) {
      const size = ((payload[at] ?? 0) << 8) | (payload[at + 1] ?? 0);
      at += 2;
      if (size < minSize || at + size > payload.length) {
        this.#assembler.markMalformed();
        return;
      }
      this.#addNal(payload.subarray(at, at + size));
      at += size;
    }
  }

  /** A fragment that starts a NAL unit (FU-A, FU), after the NAL header rebuilt from the FU headers. */
  protected firstFragment(fragment: Uint8Array, isEnd: boolean, headerByte: number, secondHeaderByte?: number): void {
    this.abandonFragment();
    this.#assembler.beginNalUnit(headerByte, secondHeaderByte);
    this.#assembler.appendToNalUnit(fragment);
    if (isEnd) this.#finishFragment();
  }

  /** A middle or last fragment. */
  protected nextFragment(fragment: Uint8Array, isEnd: boolean): void {
    if (!this.#assembler.nalUnitInProgress) {
      // Joining a stream in the middle of a fragmented NAL unit is normal; later it means a broken sender.
      if (this.#seenNal) this.#assembler.markMalformed();
      else this.#assembler.markDamaged();
      return;
    }
    this.#assembler.appendToNalUnit(fragment);
    if (isEnd) this.#finishFragment();
  }

  protected malformed(): void {
    this.#assembler.markMalformed();
  }

  /** A fragmented NAL unit interrupted by another packet is lost. */
  protected abandonFragment(): void {
    if (!this.#assembler.nalUnitInProgress) return;
    this.#assembler.abandonNalUnit();
    this.#assembler.markMalformed();
  }

  #finishFragment(): void {
    this.#kept(this.#assembler.endNalUnit());
  }

  #addNal(nal: Uint8Array): void {
    this.#kept(this.#assembler.addNalUnit(nal));
  }

  #kept(nal: Uint8Array | undefined): void {
    if (nal === undefined) return;
    this.#seenNal = true;
    const kind = this.#codec.parameterSetKind(nal);
    if (kind !== undefined) this.#parameterSets.update(kind, nal);
  }
}

/** The SPS's own NAL header tells the codec apart: an H.264 SPS is type 7 in its first byte, which no H.265 SPS (0x42) is. */
function pictureReordering(sps: Uint8Array): PictureReordering {
  return h264NalType(sps) === H264_NAL.sps ? h264PictureReordering(sps) : h265PictureReordering(sps);
}

// What RFC 6184 and RFC 7798 depacketization share: fragment reassembly, aggregation walking, parameter-set
// capture and access-unit assembly. The codec subclasses only read their payload headers. Payload bytes are
// copied into the access unit's sample as they are read: the packet's buffer may be reused once `push` returns.
import type { AccessUnit } from '../hub/access-unit.js';
import { AccessUnitAssembler, type AssemblerStats } from './access-unit-assembler.js';
import { RtpClockMapping } from './clock-mapping.js';
import { ParameterSetTracker, type ParameterSets, type RtpDepacketizer } from './depacketizer.js';
import type { RtpPacket } from './rtp-packet.js';

export interface NalDepacketizerOptions {
  readonly clockRate?: number;
  /** From the SDP (sprop-parameter-sets, sprop-vps/sps/pps), when announced. */
  readonly parameterSets?: ParameterSets | undefined;
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
  #seenNal = false;

  protected constructor(codec: NalCodec, options: NalDepacketizerOptions) {
    this.#codec = codec;
    this.#assembler = new AccessUnitAssembler(codec, new RtpClockMapping(options.clockRate ?? 90_000));
    this.#parameterSets = new ParameterSetTracker(options.parameterSets);
  }

  get stats(): AssemblerStats {
    return this.#assembler.stats;
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
    return this.#assembler.end(packet, closed);
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

// RFC 7798 depacketization (sprop-max-don-diff = 0, no DONL): single NAL unit (§4.4.1), AP (§4.4.2), FU (§4.4.3).
import type { AccessUnit } from '../hub/access-unit.js';
import { AccessUnitAssembler, type AssemblerStats } from '../rtp/access-unit-assembler.js';
import { RtpClockMapping } from '../rtp/clock-mapping.js';
import { ParameterSetTracker, type ParameterSets, type RtpDepacketizer } from '../rtp/depacketizer.js';
import { FragmentBuffer } from '../rtp/fragment-buffer.js';
import type { RtpPacket } from '../rtp/rtp-packet.js';
import { H265_NAL, h265NalType, isH265Keyframe } from './nal-unit.js';

export interface H265DepacketizerOptions {
  readonly clockRate?: number;
  /** From the SDP's sprop-vps/sprop-sps/sprop-pps, when announced. */
  readonly parameterSets?: ParameterSets | undefined;
}

export class H265Depacketizer implements RtpDepacketizer {
  readonly #assembler: AccessUnitAssembler;
  readonly #fragments = new FragmentBuffer();
  readonly #parameterSets: ParameterSetTracker;

  constructor(options: H265DepacketizerOptions = {}) {
    this.#assembler = new AccessUnitAssembler({ isKeyframe: isH265Keyframe }, new RtpClockMapping(options.clockRate ?? 90_000));
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
    if (lostBefore > 0) this.#fragments.reset();
    const closed = this.#assembler.begin(packet, lostBefore, arrivalMs);
    this.#readPayload(packet.payload);
    return this.#assembler.end(packet, closed);
  }

  #readPayload(payload: Uint8Array): void {
    const type = h265NalType(payload);
    if (payload.length < 3 || (payload[0] ?? 0) & 0x80) {
      this.#assembler.markMalformed(); // too short, or forbidden_zero_bit set
    } else if (type < H265_NAL.ap) {
      this.#abandonFragment();
      this.#addNal(payload);
    } else if (type === H265_NAL.ap) {
      this.#abandonFragment();
      this.#readAggregation(payload);
    } else if (type === H265_NAL.fu) {
      this.#readFragment(payload);
    } else {
      this.#assembler.markMalformed(); // PACI and reserved types
    }
  }

  /**  PayloadHdr(16, type=48) { NALU size(16) NAL unit }…  */
  #readAggregation(payload: Uint8Array): void {
    let offset = 2;
    while (offset + 2 <= payload.length) {
      const size = ((payload[offset] ?? 0) << 8) | (payload[offset + 1] ?? 0);
      offset += 2;
      if (size < 2 || offset + size > payload.length) {
        this.#assembler.markMalformed();
        return;
      }
      this.#addNal(payload.subarray(offset, offset + size));
      offset += size;
    }
  }

  /**  PayloadHdr(16, type=49) FU header(8: S E FuType(6)) fragment…  */
  #readFragment(payload: Uint8Array): void {
    const fuHeader = payload[2] ?? 0;
    const isStart = (fuHeader & 0x80) !== 0;
    const isEnd = (fuHeader & 0x40) !== 0;
    const fragment = payload.subarray(3);
    if (isStart) {
      this.#abandonFragment();
      const header = Uint8Array.of(((payload[0] ?? 0) & 0x81) | ((fuHeader & 0x3f) << 1), payload[1] ?? 0);
      this.#fragments.start(header, fragment);
      if (isEnd) this.#finishFragment(fragment.subarray(fragment.length));
      return;
    }
    if (!this.#fragments.inProgress) {
      this.#assembler.markMalformed();
      return;
    }
    if (isEnd) this.#finishFragment(fragment);
    else if (!this.#fragments.append(fragment)) this.#assembler.markDamaged();
  }

  #finishFragment(fragment: Uint8Array): void {
    const nal = this.#fragments.finish(fragment);
    if (nal === undefined) this.#assembler.markDamaged();
    else this.#addNal(nal);
  }

  #abandonFragment(): void {
    if (!this.#fragments.inProgress) return;
    this.#fragments.reset();
    this.#assembler.markMalformed();
  }

  #addNal(nal: Uint8Array): void {
    const type = h265NalType(nal);
    if (type === H265_NAL.vps) this.#parameterSets.update('vps', nal);
    else if (type === H265_NAL.sps) this.#parameterSets.update('sps', nal);
    else if (type === H265_NAL.pps) this.#parameterSets.update('pps', nal);
    this.#assembler.addNalUnit(nal);
  }
}

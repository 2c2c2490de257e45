// RFC 6184 depacketization (non-interleaved mode): single NAL unit (§5.6), STAP-A (§5.7.1), FU-A (§5.8) → access units.
import type { AccessUnit } from '../hub/access-unit.js';
import { AccessUnitAssembler, type AssemblerStats } from '../rtp/access-unit-assembler.js';
import { RtpClockMapping } from '../rtp/clock-mapping.js';
import { ParameterSetTracker, type ParameterSets, type RtpDepacketizer } from '../rtp/depacketizer.js';
import { FragmentBuffer } from '../rtp/fragment-buffer.js';
import type { RtpPacket } from '../rtp/rtp-packet.js';
import { H264_NAL, h264NalType, isH264Keyframe } from './nal-unit.js';

export interface H264DepacketizerOptions {
  readonly clockRate?: number;
  /** From the SDP's sprop-parameter-sets, when announced. */
  readonly parameterSets?: ParameterSets | undefined;
}

export class H264Depacketizer implements RtpDepacketizer {
  readonly #assembler: AccessUnitAssembler;
  readonly #fragments = new FragmentBuffer();
  readonly #parameterSets: ParameterSetTracker;

  constructor(options: H264DepacketizerOptions = {}) {
    this.#assembler = new AccessUnitAssembler({ isKeyframe: isH264Keyframe }, new RtpClockMapping(options.clockRate ?? 90_000));
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
    const type = h264NalType(payload);
    if (payload.length === 0 || (payload[0] ?? 0) & 0x80) {
      this.#assembler.markMalformed(); // empty, or forbidden_zero_bit set
    } else if (type >= 1 && type <= 23) {
      this.#abandonFragment();
      this.#addNal(payload);
    } else if (type === H264_NAL.stapA) {
      this.#abandonFragment();
      this.#readStapA(payload);
    } else if (type === H264_NAL.fuA) {
      this.#readFuA(payload);
    } else {
      this.#assembler.markMalformed(); // STAP-B, MTAP, FU-B: interleaved mode, never negotiated
    }
  }

  /**  STAP-A: header(1) { size(16) NAL unit }…  */
  #readStapA(payload: Uint8Array): void {
    let offset = 1;
    while (offset + 2 <= payload.length) {
      const size = ((payload[offset] ?? 0) << 8) | (payload[offset + 1] ?? 0);
      offset += 2;
      if (size === 0 || offset + size > payload.length) {
        this.#assembler.markMalformed();
        return;
      }
      this.#addNal(payload.subarray(offset, offset + size));
      offset += size;
    }
  }

  /**  FU indicator(1: F NRI type=28) FU header(1: S E R type) fragment…  */
  #readFuA(payload: Uint8Array): void {
    if (payload.length < 3) {
      this.#assembler.markMalformed();
      return;
    }
    const indicator = payload[0] ?? 0;
    const header = payload[1] ?? 0;
    const isStart = (header & 0x80) !== 0;
    const isEnd = (header & 0x40) !== 0;
    const fragment = payload.subarray(2);
    if (isStart) {
      this.#abandonFragment();
      this.#fragments.start(Uint8Array.of((indicator & 0xe0) | (header & 0x1f)), fragment);
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
    const type = h264NalType(nal);
    if (type === H264_NAL.sps) this.#parameterSets.update('sps', nal);
    else if (type === H264_NAL.pps) this.#parameterSets.update('pps', nal);
    this.#assembler.addNalUnit(nal);
  }
}

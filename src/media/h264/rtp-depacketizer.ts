// RFC 6184 depacketization (non-interleaved mode): single NAL unit (§5.6), STAP-A (§5.7.1), FU-A (§5.8) → access units.
import { NalDepacketizer, type NalCodec, type NalDepacketizerOptions } from '../rtp/nal-depacketizer.js';
import { H264_NAL, h264NalType, isH264Keyframe } from './nal-unit.js';

export type H264DepacketizerOptions = NalDepacketizerOptions;

const H264: NalCodec = {
  isKeyframe: isH264Keyframe,
  isSlice: (nal) => h264NalType(nal) >= H264_NAL.slice && h264NalType(nal) <= H264_NAL.sliceIdr,
  parameterSetKind: (nal) => (h264NalType(nal) === H264_NAL.sps ? 'sps' : h264NalType(nal) === H264_NAL.pps ? 'pps' : undefined),
};

export class H264Depacketizer extends NalDepacketizer {
  constructor(options: H264DepacketizerOptions = {}) {
    super(H264, options);
  }

  protected readPayload(payload: Uint8Array): void {
    const type = h264NalType(payload);
    if (payload.length === 0 || (payload[0] ?? 0) & 0x80)
      this.malformed(); // empty, or forbidden_zero_bit set
    else if (type >= 1 && type <= 23) this.single(payload);
    else if (type === H264_NAL.stapA)
      this.aggregation(payload, 1, 1); //  STAP-A: header(1) { size(16) NAL unit }…
    else if (type === H264_NAL.fuA) this.#fuA(payload);
    else this.malformed(); // STAP-B, MTAP, FU-B: interleaved mode, never negotiated
  }

  /**  FU indicator(1: F NRI type=28) FU header(1: S E R type) fragment…  */
  #fuA(payload: Uint8Array): void {
    if (payload.length < 3) {
      this.malformed();
      return;
    }
    const indicator = payload[0] ?? 0;
    const header = payload[1] ?? 0;
    const fragment = payload.subarray(2);
    const isEnd = (header & 0x40) !== 0;
    if (header & 0x80) this.firstFragment(fragment, isEnd, (indicator & 0xe0) | (header & 0x1f));
    else this.nextFragment(fragment, isEnd);
  }
}

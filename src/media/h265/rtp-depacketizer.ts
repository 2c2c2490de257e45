// RFC 7798 depacketization (sprop-max-don-diff = 0, no DONL): single NAL unit (§4.4.1), AP (§4.4.2), FU (§4.4.3).
import { NalDepacketizer, type NalCodec, type NalDepacketizerOptions } from '../rtp/nal-depacketizer.js';
import { H265_NAL, h265NalType, isH265Keyframe } from './nal-unit.js';

export type H265DepacketizerOptions = NalDepacketizerOptions;

const KINDS: Readonly<Record<number, 'vps' | 'sps' | 'pps'>> = { [H265_NAL.vps]: 'vps', [H265_NAL.sps]: 'sps', [H265_NAL.pps]: 'pps' };
const H265: NalCodec = { isKeyframe: isH265Keyframe, isSlice: (nal) => h265NalType(nal) <= 31, parameterSetKind: (nal) => KINDS[h265NalType(nal)] };

export class H265Depacketizer extends NalDepacketizer {
  constructor(options: H265DepacketizerOptions = {}) {
    super(H265, options);
  }

  protected readPayload(payload: Uint8Array): void {
    const type = h265NalType(payload);
    if (payload.length < 3 || (payload[0] ?? 0) & 0x80)
      this.malformed(); // too short, or forbidden_zero_bit set
    else if (type < H265_NAL.ap) this.single(payload);
    else if (type === H265_NAL.ap)
      this.aggregation(payload, 2, 2); //  AP: PayloadHdr(16) { size(16) NAL unit }…
    else if (type === H265_NAL.fu) this.#fu(payload);
    else this.malformed(); // PACI and reserved types
  }

  /**  PayloadHdr(16, type=49) FU header(8: S E FuType(6)) fragment…  */
  #fu(payload: Uint8Array): void {
    const fuHeader = payload[2] ?? 0;
    const fragment = payload.subarray(3);
    const isEnd = (fuHeader & 0x40) !== 0;
    if (fuHeader & 0x80) this.firstFragment(fragment, isEnd, ((payload[0] ?? 0) & 0x81) | ((fuHeader & 0x3f) << 1), payload[1] ?? 0);
    else this.nextFragment(fragment, isEnd);
  }
}

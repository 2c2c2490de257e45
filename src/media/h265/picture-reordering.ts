// How far an H.265 stream reorders its pictures, from its SPS, for the RTP depacketizer's decode times.
import { isVigieError } from '../../core/errors.js';
import type { PictureReordering } from '../rtp/dts-derivation.js';
import { parseH265Sps } from './sps.js';

const UNKNOWN: PictureReordering = { depth: undefined, frameDuration90k: undefined };

/** sps_max_num_reorder_pics of the highest sub-layer (always present in an H.265 SPS). Never throws. */
export function h265PictureReordering(spsNal: Uint8Array): PictureReordering {
  try {
    const sps = parseH265Sps(spsNal);
    const frameDuration90k = sps.frameRate === undefined || sps.frameRate <= 0 ? undefined : 90_000 / sps.frameRate;
    return { depth: sps.maxNumReorderPics, frameDuration90k };
  } catch (error) {
    if (!isVigieError(error)) throw error;
    return UNKNOWN;
  }
}

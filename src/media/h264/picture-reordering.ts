// How far an H.264 stream reorders its pictures, from its SPS, for the RTP depacketizer's decode times.
import { isVigieError } from '../../core/errors.js';
import type { PictureReordering } from '../rtp/dts-derivation.js';
import { parseH264Sps } from './sps.js';

const BASELINE = 66;
/** High-family profiles whose constraint_set3_flag makes them intra-only (H.264 §A.2.8–A.2.11, §E.2.1). */
const INTRA_CAPABLE_PROFILES = new Set([44, 100, 110, 122, 244]);
const CONSTRAINT_SET3 = 0x10;
const UNKNOWN: PictureReordering = { depth: undefined, frameDuration90k: undefined };

/**
 * max_num_reorder_frames from the VUI bitstream restriction; without it, 0 for profiles that cannot reorder
 * (Baseline has no B slices; intra profiles have no inter prediction), else unknown. Never throws.
 */
export function h264PictureReordering(spsNal: Uint8Array): PictureReordering {
  try {
    const sps = parseH264Sps(spsNal);
    const noReordering = sps.profileIdc === BASELINE || (INTRA_CAPABLE_PROFILES.has(sps.profileIdc) && (sps.constraintFlags & CONSTRAINT_SET3) !== 0);
    const depth = sps.maxNumReorderFrames ?? (noReordering ? 0 : undefined);
    const frameDuration90k = sps.frameRate === undefined || sps.frameRate <= 0 ? undefined : 90_000 / sps.frameRate;
    return { depth, frameDuration90k };
  } catch (error) {
    if (!isVigieError(error)) throw error;
    return UNKNOWN;
  }
}

// Describes an H.265 track for the hub (TrackInfo) from its parameter sets, reading size and rate from the SPS.
import { isVigieError } from '../../core/errors.js';
import type { TrackInfo } from '../hub/access-unit.js';
import type { ParameterSets } from '../rtp/depacketizer.js';
import { h265CodecString } from './codec-string.js';
import { parseH265Sps } from './sps.js';

export function h265TrackInfo(payloadType: number, clockRate: number, parameterSets: ParameterSets | undefined): TrackInfo {
  const base: TrackInfo = { codec: 'h265', clockRate, payloadType, parameterSets };
  if (parameterSets === undefined) return base;
  try {
    const sps = parseH265Sps(parameterSets.sps);
    const withSize = { ...base, width: sps.width, height: sps.height, codecString: h265CodecString(parameterSets.sps) };
    return sps.frameRate === undefined ? withSize : { ...withSize, frameRate: sps.frameRate };
  } catch (error) {
    // A camera's unreadable SPS leaves the size unknown; the decoder downstream still gets the bytes.
    if (isVigieError(error)) return base;
    throw error;
  }
}

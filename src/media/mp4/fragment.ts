// One media fragment of a fragmented MP4 (ISO/IEC 14496-12 §8.8.4–8.8.8, §8.8.12): moof (mfhd, traf with tfhd
// default-base-is-moof, tfdt and a version-1 trun with per-sample duration, size, flags and signed composition
// offset) followed by mdat holding the samples as 4-byte length-prefixed NAL units.
import { VigieError } from '../../core/errors.js';
import type { AccessUnit } from '../hub/access-unit.js';
import { BoxWriter, concat } from './bytes.js';
import { TRACK_ID } from './init-segment.js';

/** sample_depends_on = 2 (does not depend on others). */
export const SYNC_SAMPLE_FLAGS = 0x02000000;
/** sample_depends_on = 1 and sample_is_non_sync_sample = 1. */
export const NON_SYNC_SAMPLE_FLAGS = 0x01010000;

const TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
const TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800;

export interface FragmentOptions {
  /** Added to every dts/pts (e.g. to put the file on an epoch-based timeline, or to rebase playback at 0). */
  readonly timeOffset90k?: number;
  /** Decode time of the unit after the last one, which gives the last sample its duration. */
  readonly nextDts90k?: number;
  /** Duration of the last sample when `nextDts90k` is unknown (default: the previous sample's, else 1/25 s). */
  readonly lastDuration90k?: number;
}

/** Each unit's duration from the next unit's decode time. */
export function sampleDurations(units: readonly AccessUnit[], options: FragmentOptions): number[] {
  return units.map((unit, i) => {
    const next = units[i + 1]?.dts90k ?? options.nextDts90k;
    if (next !== undefined && next > unit.dts90k) return next - unit.dts90k;
    if (options.lastDuration90k !== undefined) return options.lastDuration90k;
    const previous = units[i - 1];
    return previous !== undefined && unit.dts90k > previous.dts90k ? unit.dts90k - previous.dts90k : 3600;
  });
}

export function writeMediaFragment(sequenceNumber: number, units: readonly AccessUnit[], options: FragmentOptions = {}): Uint8Array {
  return concat(mediaFragmentParts(sequenceNumber, units, options));
}

// moof = 8 + mfhd 16 + traf 8 + tfhd 16 + tfdt 20 + trun 20 + 16 per sample; then the 8-byte mdat header.
const MOOF_FIXED_BYTES = 88;
const TRUN_ENTRY_BYTES = 16;
const MDAT_HEADER_BYTES = 8;

/**
 * The same fragment as buffers to write in order: moof with the mdat header, then each unit's sample — the
 * units' own buffers, not copied, for a vectored write.
 */
export function mediaFragmentParts(sequenceNumber: number, units: readonly AccessUnit[], options: FragmentOptions = {}): Uint8Array[] {
  const first = units[0];
  if (first === undefined) throw new VigieError('VIGIE_MP4_EMPTY_FRAGMENT', 'a media fragment needs at least one access unit', { status: 400 });
  const durations = sampleDurations(units, options);
  const moofSize = MOOF_FIXED_BYTES + TRUN_ENTRY_BYTES * units.length;
  const head = new Uint8Array(moofSize + MDAT_HEADER_BYTES);
  const w = new BoxWriter(head);
  w.boxHeader(moofSize, 'moof');
  w.boxHeader(16, 'mfhd', 0, 0);
  w.u32(sequenceNumber);
  w.boxHeader(moofSize - 24, 'traf');
  w.boxHeader(16, 'tfhd', 0, TFHD_DEFAULT_BASE_IS_MOOF);
  w.u32(TRACK_ID);
  w.boxHeader(20, 'tfdt', 1, 0);
  w.u64(first.dts90k + (options.timeOffset90k ?? 0));
  w.boxHeader(20 + TRUN_ENTRY_BYTES * units.length, 'trun', 1, TRUN_FLAGS);
  w.u32(units.length);
  w.u32(moofSize + MDAT_HEADER_BYTES); // data offset from the start of moof to the first sample
  let mdatSize = MDAT_HEADER_BYTES;
  units.forEach((unit, i) => {
    w.u32(durations[i] ?? 0);
    w.u32(unit.sample.length);
    w.u32(unit.isKeyframe ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS);
    w.u32((unit.pts90k - unit.dts90k) | 0); // signed in a version-1 trun
    mdatSize += unit.sample.length;
  });
  w.boxHeader(mdatSize, 'mdat');
  return [head, ...units.map((unit) => unit.sample)];
}

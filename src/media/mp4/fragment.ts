// One media fragment of a fragmented MP4 (ISO/IEC 14496-12 §8.8.4–8.8.8, §8.8.12): moof (mfhd, traf with tfhd
// default-base-is-moof, tfdt and a version-1 trun with per-sample duration, size, flags and signed composition
// offset) followed by mdat holding the samples as 4-byte length-prefixed NAL units.
import { VigieError } from '../../core/errors.js';
import type { AccessUnit } from '../hub/access-unit.js';
import { box, concat, fourcc, fullBox, u32, u64 } from './bytes.js';
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

/** The sample payload: NAL units, each with a 4-byte big-endian length (ISO/IEC 14496-15 §5.3.2). */
export function sampleData(unit: AccessUnit): Uint8Array {
  let size = 0;
  for (const nal of unit.nalUnits) size += 4 + nal.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const nal of unit.nalUnits) {
    view.setUint32(offset, nal.length);
    out.set(nal, offset + 4);
    offset += 4 + nal.length;
  }
  return out;
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

/**
 * The same fragment as buffers to write in order (moof with the mdat header, then each NAL unit's length and
 * bytes): the NAL units are the access units' own, not copied, for a vectored write.
 */
export function mediaFragmentParts(sequenceNumber: number, units: readonly AccessUnit[], options: FragmentOptions = {}): Uint8Array[] {
  const first = units[0];
  if (first === undefined) throw new VigieError('VIGIE_MP4_EMPTY_FRAGMENT', 'a media fragment needs at least one access unit', { status: 400 });
  const offset = options.timeOffset90k ?? 0;
  let nalCount = 0;
  for (const unit of units) nalCount += unit.nalUnits.length;
  const lengths = new DataView(new ArrayBuffer(4 * nalCount));
  const data: Uint8Array[] = [];
  const sampleSizes: number[] = [];
  let mdatSize = 0;
  for (const unit of units) {
    let size = 0;
    for (const nal of unit.nalUnits) {
      const at = 2 * data.length;
      lengths.setUint32(at, nal.length);
      data.push(new Uint8Array(lengths.buffer, at, 4), nal);
      size += 4 + nal.length;
    }
    sampleSizes.push(size);
    mdatSize += size;
  }
  const durations = sampleDurations(units, options);
  const entries = units.map((unit, i) =>
    concat([u32(durations[i] ?? 0), u32(sampleSizes[i] ?? 0), u32(unit.isKeyframe ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS), u32((unit.pts90k - unit.dts90k) | 0)]),
  );
  // moof = 8 + mfhd 16 + traf 8 + tfhd 16 + tfdt 20 + trun 20 + 16 per sample; then the 8-byte mdat header.
  const dataOffset = 88 + 16 * units.length + 8;
  const moof = box(
    'moof',
    fullBox('mfhd', 0, 0, u32(sequenceNumber)),
    box(
      'traf',
      fullBox('tfhd', 0, TFHD_DEFAULT_BASE_IS_MOOF, u32(TRACK_ID)),
      fullBox('tfdt', 1, 0, u64(first.dts90k + offset)),
      fullBox('trun', 1, TRUN_FLAGS, u32(units.length), u32(dataOffset), ...entries),
    ),
  );
  return [concat([moof, u32(mdatSize + 8), fourcc('mdat')]), ...data];
}

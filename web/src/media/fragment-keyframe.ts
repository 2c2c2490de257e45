// Whether an fMP4 media fragment (moof+mdat, ISO/IEC 14496-12 §8.8) starts with a sync sample, read from the
// trun's first-sample flags, its first entry's flags, or the tfhd's default flags, in that order. A shared live
// stream keeps its fragments from the last keyframe on, so that a tile joining it decodes at once.

const NON_SYNC_SAMPLE = 0x00010000;
const TFHD_BASE_DATA_OFFSET = 0x000001;
const TFHD_SAMPLE_DESCRIPTION_INDEX = 0x000002;
const TFHD_DEFAULT_DURATION = 0x000008;
const TFHD_DEFAULT_SIZE = 0x000010;
const TFHD_DEFAULT_FLAGS = 0x000020;
const TRUN_DATA_OFFSET = 0x000001;
const TRUN_FIRST_SAMPLE_FLAGS = 0x000004;
const TRUN_DURATION = 0x000100;
const TRUN_SIZE = 0x000200;
const TRUN_FLAGS = 0x000400;

interface Box {
  readonly type: string;
  /** Offset of the box's payload (after its 8-byte header). */
  readonly start: number;
  readonly end: number;
}

function* boxes(view: DataView, from: number, to: number): Generator<Box> {
  for (let at = from; at + 8 <= to;) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > to) return;
    const type = String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5), view.getUint8(at + 6), view.getUint8(at + 7));
    yield { type, start: at + 8, end: at + size };
    at += size;
  }
}

function child(view: DataView, parent: Box, type: string): Box | undefined {
  for (const box of boxes(view, parent.start, parent.end)) if (box.type === type) return box;
  return undefined;
}

/** True when the fragment's first sample is a keyframe; false when it is not or the fragment cannot be read. */
export function startsWithKeyframe(fragment: Uint8Array): boolean {
  const view = new DataView(fragment.buffer, fragment.byteOffset, fragment.byteLength);
  const moof = [...boxes(view, 0, view.byteLength)].find((box) => box.type === 'moof');
  const traf = moof && child(view, moof, 'traf');
  const tfhd = traf && child(view, traf, 'tfhd');
  const trun = traf && child(view, traf, 'trun');
  if (tfhd === undefined || trun === undefined) return false;
  let flags: number | undefined;
  const tfhdFlags = view.getUint32(tfhd.start) & 0xffffff;
  const trunFlags = view.getUint32(trun.start) & 0xffffff;
  let at = trun.start + 8 + (trunFlags & TRUN_DATA_OFFSET ? 4 : 0);
  if (trunFlags & TRUN_FIRST_SAMPLE_FLAGS) flags = view.getUint32(at);
  else if (trunFlags & TRUN_FLAGS) {
    at += (trunFlags & TRUN_DURATION ? 4 : 0) + (trunFlags & TRUN_SIZE ? 4 : 0);
    flags = view.getUint32(at);
  } else if (tfhdFlags & TFHD_DEFAULT_FLAGS) {
    const optional = [TFHD_BASE_DATA_OFFSET, TFHD_SAMPLE_DESCRIPTION_INDEX, TFHD_DEFAULT_DURATION, TFHD_DEFAULT_SIZE];
    const skip = optional.reduce((bytes, bit) => bytes + (tfhdFlags & bit ? (bit === TFHD_BASE_DATA_OFFSET ? 8 : 4) : 0), 0);
    flags = view.getUint32(tfhd.start + 8 + skip);
  }
  return flags !== undefined && (flags & NON_SYNC_SAMPLE) === 0;
}

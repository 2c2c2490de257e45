// fMP4 reader (ISO/IEC 14496-12): walks boxes, reads the track back from an init segment, and lists the
// fragments of a file (moof + mdat) with their samples' times, flags and byte offsets. A fragment cut short
// (a crash during a write) ends the list; `validEnd` says where the last whole fragment ends.
import { VigieError } from '../../core/errors.js';
import type { AccessUnit, TrackInfo } from '../hub/access-unit.js';
import { splitAvcc } from '../h264/avcc.js';
import { parseAvcDecoderConfig } from '../h264/decoder-config.js';
import { parseHevcDecoderConfig } from './hevc-config.js';

export interface BoxHeader {
  readonly type: string;
  readonly start: number;
  /** Where the payload begins. */
  readonly body: number;
  readonly end: number;
}

export interface Mp4Sample {
  readonly dts90k: number;
  readonly pts90k: number;
  readonly duration90k: number;
  readonly size: number;
  /** Byte offset in the buffer that was parsed. */
  readonly offset: number;
  readonly isKeyframe: boolean;
}

export interface Mp4Fragment {
  readonly sequenceNumber: number;
  /** Where its moof starts and how long moof + mdat are. */
  readonly offset: number;
  readonly byteLength: number;
  readonly samples: readonly Mp4Sample[];
}

function invalid(message: string, context: Record<string, unknown> = {}): VigieError {
  return new VigieError('VIGIE_MP4_INVALID', message, { status: 422, context });
}

/** Top-level boxes between start and end; stops at a box that runs past the end (truncated tail). */
export function* walkBoxes(buf: Uint8Array, start = 0, end = buf.length): Generator<BoxHeader> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = start;
  while (o + 8 <= end) {
    let size = view.getUint32(o);
    const type = String.fromCharCode(buf[o + 4] ?? 0, buf[o + 5] ?? 0, buf[o + 6] ?? 0, buf[o + 7] ?? 0);
    let body = o + 8;
    if (size === 1) {
      if (o + 16 > end) return;
      size = Number(view.getBigUint64(o + 8));
      body = o + 16;
    } else if (size === 0) {
      size = end - o;
    }
    if (size < body - o || o + size > end) return;
    yield { type, start: o, body, end: o + size };
    o += size;
  }
}

function child(buf: Uint8Array, parent: BoxHeader | undefined, path: readonly string[], skip = 0): BoxHeader | undefined {
  let current = parent;
  for (const type of path) {
    if (current === undefined) return undefined;
    let found: BoxHeader | undefined;
    for (const b of walkBoxes(buf, current.body + (current === parent ? skip : 0), current.end)) {
      if (b.type === type) {
        found = b;
        break;
      }
    }
    current = found;
  }
  return current;
}

function topLevel(buf: Uint8Array, type: string): BoxHeader | undefined {
  for (const b of walkBoxes(buf)) if (b.type === type) return b;
  return undefined;
}

/** The video track described by an init segment (or by the moov of a progressive file). */
export function parseInitSegment(buf: Uint8Array): { readonly track: TrackInfo; readonly byteLength: number; readonly timescale: number } {
  const moov = topLevel(buf, 'moov');
  if (moov === undefined) throw invalid('no moov box');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const mdhd = child(buf, moov, ['trak', 'mdia', 'mdhd']);
  if (mdhd === undefined) throw invalid('no mdhd box');
  const timescale = view.getUint32(mdhd.body + ((buf[mdhd.body] ?? 0) === 1 ? 20 : 12));
  const stsd = child(buf, moov, ['trak', 'mdia', 'minf', 'stbl', 'stsd']);
  if (stsd === undefined) throw invalid('no stsd box');
  const entry = walkBoxes(buf, stsd.body + 8, stsd.end).next().value;
  if (entry === undefined || (entry.type !== 'avc1' && entry.type !== 'hvc1' && entry.type !== 'avc3' && entry.type !== 'hev1')) {
    throw invalid('unsupported sample entry', { type: entry?.type });
  }
  const width = view.getUint16(entry.body + 24);
  const height = view.getUint16(entry.body + 26);
  const h264 = entry.type.startsWith('avc');
  const config = child(buf, entry, [h264 ? 'avcC' : 'hvcC'], 78);
  if (config === undefined) throw invalid('no decoder configuration box');
  const record = buf.slice(config.body, config.end);
  const track: TrackInfo = {
    codec: h264 ? 'h264' : 'h265',
    clockRate: timescale,
    payloadType: h264 ? 96 : 97,
    parameterSets: h264 ? parseAvcDecoderConfig(record) : parseHevcDecoderConfig(record),
    width,
    height,
  };
  let byteLength = moov.end;
  for (const b of walkBoxes(buf)) if (b.type === 'ftyp') byteLength = Math.max(byteLength, b.end);
  return { track, byteLength, timescale };
}

function parseTraf(buf: Uint8Array, traf: BoxHeader, moofStart: number): Mp4Sample[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tfhd = child(buf, traf, ['tfhd']);
  if (tfhd === undefined) throw invalid('traf without tfhd');
  const tfhdFlags = view.getUint32(tfhd.body) & 0xffffff;
  let o = tfhd.body + 8;
  let base = moofStart;
  if (tfhdFlags & 0x1) {
    base = Number(view.getBigUint64(o));
    o += 8;
  }
  if (tfhdFlags & 0x2) o += 4;
  let defaultDuration = 0;
  let defaultSize = 0;
  let defaultFlags = 0;
  if (tfhdFlags & 0x8) {
    defaultDuration = view.getUint32(o);
    o += 4;
  }
  if (tfhdFlags & 0x10) {
    defaultSize = view.getUint32(o);
    o += 4;
  }
  if (tfhdFlags & 0x20) defaultFlags = view.getUint32(o);
  const tfdt = child(buf, traf, ['tfdt']);
  let dts = tfdt === undefined ? 0 : buf[tfdt.body] === 1 ? Number(view.getBigUint64(tfdt.body + 4)) : view.getUint32(tfdt.body + 4);
  const samples: Mp4Sample[] = [];
  for (const trun of walkBoxes(buf, traf.body, traf.end)) {
    if (trun.type !== 'trun') continue;
    const version = buf[trun.body] ?? 0;
    const flags = view.getUint32(trun.body) & 0xffffff;
    const count = view.getUint32(trun.body + 4);
    let p = trun.body + 8;
    let dataOffset = base;
    if (flags & 0x1) {
      dataOffset = base + view.getInt32(p);
      p += 4;
    }
    let firstFlags: number | undefined;
    if (flags & 0x4) {
      firstFlags = view.getUint32(p);
      p += 4;
    }
    for (let i = 0; i < count; i += 1) {
      if (p > trun.end) throw invalid('trun shorter than its sample count');
      let duration = defaultDuration;
      let size = defaultSize;
      let sampleFlags = i === 0 && firstFlags !== undefined ? firstFlags : defaultFlags;
      let cto = 0;
      if (flags & 0x100) {
        duration = view.getUint32(p);
        p += 4;
      }
      if (flags & 0x200) {
        size = view.getUint32(p);
        p += 4;
      }
      if (flags & 0x400) {
        sampleFlags = view.getUint32(p);
        p += 4;
      }
      if (flags & 0x800) {
        cto = version === 1 ? view.getInt32(p) : view.getUint32(p);
        p += 4;
      }
      samples.push({ dts90k: dts, pts90k: dts + cto, duration90k: duration, size, offset: dataOffset, isKeyframe: (sampleFlags & 0x10000) === 0 });
      dts += duration;
      dataOffset += size;
    }
  }
  return samples;
}

/** The whole fragments from `start` (after the init segment) and where the last one ends. */
export function parseFragments(buf: Uint8Array, start: number): { readonly fragments: Mp4Fragment[]; readonly validEnd: number } {
  const fragments: Mp4Fragment[] = [];
  let validEnd = start;
  let moof: BoxHeader | undefined;
  for (const b of walkBoxes(buf, start)) {
    if (b.type === 'moof') {
      moof = b;
      continue;
    }
    if (b.type !== 'mdat' || moof === undefined) continue;
    const traf = child(buf, moof, ['traf']);
    const mfhd = child(buf, moof, ['mfhd']);
    if (traf === undefined || mfhd === undefined) break;
    let samples: Mp4Sample[];
    try {
      samples = parseTraf(buf, traf, moof.start);
    } catch {
      break;
    }
    const last = samples[samples.length - 1];
    if (last !== undefined && last.offset + last.size > b.end) break;
    fragments.push({ sequenceNumber: new DataView(buf.buffer, buf.byteOffset).getUint32(mfhd.body + 4), offset: moof.start, byteLength: b.end - moof.start, samples });
    validEnd = b.end;
    moof = undefined;
  }
  return { fragments, validEnd };
}

/** The fragment's samples back as access units (samples and NAL units are views into `buf`). */
export function fragmentAccessUnits(buf: Uint8Array, fragment: Mp4Fragment): AccessUnit[] {
  return fragment.samples.map((s) => {
    const sample = buf.subarray(s.offset, s.offset + s.size);
    return { sample, nalUnits: splitAvcc(sample), dts90k: s.dts90k, pts90k: s.pts90k, wallClockMs: Math.round(s.dts90k / 90), isKeyframe: s.isKeyframe };
  });
}

// Initialization segment of a fragmented MP4 (ISO/IEC 14496-12 §8.8, ISO/IEC 23009-1 "CMAF-like"): ftyp + moov
// with one video track at 90 kHz, an avc1/avcC or hvc1/hvcC sample entry (ISO/IEC 14496-15) and mvex/trex.
import { VigieError } from '../../core/errors.js';
import type { TrackInfo } from '../hub/access-unit.js';
import { writeAvcDecoderConfig } from '../h264/decoder-config.js';
import { h264CodecString } from '../h264/codec-string.js';
import { parseH264Sps } from '../h264/sps.js';
import { box, concat, fourcc, fullBox, u16, u32, UNITY_MATRIX, VIDEO_TIMESCALE, zeros } from './bytes.js';
import { hevcCodecString, writeHevcDecoderConfig } from './hevc-config.js';

export const TRACK_ID = 1;

export interface TrackBoxes {
  /** Movie duration; 0 for a fragmented file. */
  readonly durationMs?: number;
  /** Sample tables for a progressive file; empty ones for a fragmented file. */
  readonly stbl?: readonly Uint8Array[];
}

function parameterSets(track: TrackInfo): NonNullable<TrackInfo['parameterSets']> {
  if (track.parameterSets === undefined) {
    throw new VigieError('VIGIE_MP4_NO_PARAMETER_SETS', 'the track has no parameter sets yet; an MP4 sample entry needs them', { status: 409 });
  }
  return track.parameterSets;
}

/** RFC 6381 codec string for MSE `addSourceBuffer` and HLS CODECS. */
export function codecString(track: TrackInfo): string {
  const sets = parameterSets(track);
  return track.codec === 'h264' ? h264CodecString(sets.sps) : hevcCodecString(sets.sps);
}

function pictureSize(track: TrackInfo): { width: number; height: number } {
  if (track.width !== undefined && track.height !== undefined) return { width: track.width, height: track.height };
  if (track.codec === 'h264') {
    const sps = parseH264Sps(parameterSets(track).sps);
    return { width: sps.width, height: sps.height };
  }
  return { width: 0, height: 0 };
}

function sampleEntry(track: TrackInfo, width: number, height: number): Uint8Array {
  const sets = parameterSets(track);
  const config =
    track.codec === 'h264'
      ? box('avcC', writeAvcDecoderConfig(sets))
      : (() => {
          if (sets.vps === undefined) throw new VigieError('VIGIE_MP4_NO_PARAMETER_SETS', 'an H.265 track needs a VPS', { status: 409 });
          return box('hvcC', writeHevcDecoderConfig({ vps: sets.vps, sps: sets.sps, pps: sets.pps }));
        })();
  const compressor = zeros(32);
  return box(
    track.codec === 'h264' ? 'avc1' : 'hvc1',
    zeros(6),
    u16(1), // data_reference_index
    zeros(16), // pre_defined, reserved, pre_defined[3]
    u16(width),
    u16(height),
    u32(0x00480000), // 72 dpi
    u32(0x00480000),
    u32(0),
    u16(1), // frame_count
    compressor,
    u16(0x0018),
    u16(0xffff),
    config,
  );
}

/** moov for one video track; `boxes.stbl` holds the sample tables of a progressive file. */
export function writeMovie(track: TrackInfo, boxes: TrackBoxes & { readonly fragmented: boolean }): Uint8Array {
  const { width, height } = pictureSize(track);
  const durationMs = Math.round(boxes.durationMs ?? 0);
  const duration90k = Math.round(durationMs * 90);
  const mvhd = fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(durationMs), u32(0x00010000), u16(0x0100), zeros(10), UNITY_MATRIX, zeros(24), u32(TRACK_ID + 1));
  const tkhd = fullBox('tkhd', 0, 3, u32(0), u32(0), u32(TRACK_ID), u32(0), u32(durationMs), zeros(8), u16(0), u16(0), u16(0), u16(0), UNITY_MATRIX, u32(width * 65536), u32(height * 65536));
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(VIDEO_TIMESCALE), u32(duration90k), u16(0x55c4), u16(0));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), fourcc('vide'), zeros(12), fourcc('Vigie video\0'));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const stsd = fullBox('stsd', 0, 0, u32(1), sampleEntry(track, width, height));
  const emptyTables = [fullBox('stts', 0, 0, u32(0)), fullBox('stsc', 0, 0, u32(0)), fullBox('stsz', 0, 0, u32(0), u32(0)), fullBox('stco', 0, 0, u32(0))];
  const stbl = box('stbl', stsd, ...(boxes.stbl ?? emptyTables));
  const minf = box('minf', fullBox('vmhd', 0, 1, zeros(8)), dinf, stbl);
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
  const mvex = boxes.fragmented ? [box('mvex', fullBox('trex', 0, 0, u32(TRACK_ID), u32(1), u32(0), u32(0), u32(0)))] : [];
  return box('moov', mvhd, trak, ...mvex);
}

export function writeFileType(track: TrackInfo, fragmented: boolean): Uint8Array {
  const brands = fragmented ? ['iso6', 'mp41'] : ['isom', 'mp41'];
  return box('ftyp', fourcc(fragmented ? 'iso6' : 'isom'), u32(0x200), ...brands.map(fourcc), fourcc(track.codec === 'h264' ? 'avc1' : 'hvc1'));
}

/** ftyp + moov of a fragmented MP4: what MSE `appendBuffer` takes first and what every recording file starts with. */
export function writeInitSegment(track: TrackInfo): Uint8Array {
  return concat([writeFileType(track, true), writeMovie(track, { fragmented: true })]);
}

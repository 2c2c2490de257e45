// Access units → a fragmented MP4 written by Vigie's muxer, then read back by ffprobe and decoded by ffmpeg.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { AccessUnit, TrackInfo } from '../../src/media/hub/index.js';
import { writeInitSegment, writeMediaFragment } from '../../src/media/mp4/index.js';

const run = promisify(execFile);

/**
 * One fragment per GOP on a timeline that starts at 1 s, as the recorder's files do (decode times start a few
 * frames below 0 when a stream reorders its pictures).
 */
export function fragmentedMp4(track: TrackInfo, units: readonly AccessUnit[]): Uint8Array {
  const parts = [writeInitSegment(track)];
  const timeOffset90k = 90_000 - (units[0]?.dts90k ?? 0);
  let gop: AccessUnit[] = [];
  const flush = (next: AccessUnit | undefined): void => {
    if (gop.length > 0) parts.push(writeMediaFragment(parts.length, gop, next === undefined ? { timeOffset90k } : { timeOffset90k, nextDts90k: next.dts90k }));
    gop = [];
  };
  for (const unit of units) {
    if (unit.isKeyframe) flush(unit);
    gop.push(unit);
  }
  flush(undefined);
  return Buffer.concat(parts);
}

export interface ProbedPackets {
  /** Packet times in file (decode) order, in the file's time base. */
  readonly pts: number[];
  readonly dts: number[];
  /** What ffprobe said beyond the packets (warnings), and what ffmpeg said decoding the whole file (errors). */
  readonly probeWarnings: string;
  readonly decodeErrors: string;
}

export async function probePackets(file: string): Promise<ProbedPackets> {
  const probed = await run('ffprobe', ['-v', 'warning', '-select_streams', 'v:0', '-show_entries', 'packet=pts,dts', '-of', 'csv=p=0', file]);
  const rows = probed.stdout
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
  const decoded = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
  return { pts: rows.map((r) => r[0] ?? NaN), dts: rows.map((r) => r[1] ?? NaN), probeWarnings: probed.stderr, decodeErrors: decoded.stderr };
}

export async function writeAndProbe(file: string, track: TrackInfo, units: readonly AccessUnit[]): Promise<ProbedPackets> {
  await writeFile(file, fragmentedMp4(track, units));
  return probePackets(file);
}

/** Values relative to the first one. */
export function relative(values: readonly number[]): number[] {
  return values.map((v) => v - (values[0] ?? 0));
}

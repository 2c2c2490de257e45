// Test material: a short clip encoded by ffmpeg (with a burned-in frame counter), read back as the track and
// access units the hub would deliver. ffmpeg writes a fragmented MP4, so the units carry real B-frame timing.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AccessUnit, TrackInfo } from '../hub/access-unit.js';
import { fragmentAccessUnits, parseFragments, parseInitSegment } from './reader.js';

const run = promisify(execFile);

export interface ClipOptions {
  readonly codec: 'h264' | 'h265';
  readonly seconds: number;
  readonly width?: number;
  readonly height?: number;
  readonly fps?: number;
  /** Frames between keyframes. */
  readonly gop?: number;
  readonly bFrames?: number;
  /** Cap the bit rate like a camera does (default: whatever the encoder makes of the test pattern). */
  readonly bitrateKbps?: number;
}

export interface Clip {
  readonly track: TrackInfo;
  readonly units: readonly AccessUnit[];
}

export async function encodeClip(options: ClipOptions): Promise<Clip> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-clip-'));
  try {
    const fps = options.fps ?? 25;
    const file = join(dir, 'clip.mp4');
    const size = `${options.width ?? 320}x${options.height ?? 240}`;
    const encoder =
      options.codec === 'h264'
        ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', String(options.bFrames ?? 0), '-profile:v', options.bFrames ? 'main' : 'baseline']
        : ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', `log-level=error:bframes=${options.bFrames ?? 0}`, '-tag:v', 'hvc1'];
    await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${size}:rate=${fps}`,
      '-vf',
      "drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text='%{n}':fontsize=48:fontcolor=white:box=1:boxcolor=black:x=10:y=10",
      '-t',
      String(options.seconds),
      ...encoder,
      ...(options.bitrateKbps === undefined ? [] : ['-b:v', `${options.bitrateKbps}k`, '-maxrate', `${options.bitrateKbps}k`, '-bufsize', `${options.bitrateKbps * 2}k`]),
      '-g',
      String(options.gop ?? fps),
      '-pix_fmt',
      'yuv420p',
      '-video_track_timescale',
      '90000',
      '-movflags',
      'frag_keyframe+empty_moov+default_base_moof',
      '-threads',
      '1',
      file,
    ]);
    const buf = new Uint8Array(await readFile(file));
    const { track, byteLength } = parseInitSegment(buf);
    const units = parseFragments(buf, byteLength).fragments.flatMap((f) => fragmentAccessUnits(buf, f));
    return { track: { ...track, frameRate: fps }, units };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

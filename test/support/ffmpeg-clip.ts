// Test fixtures made on the fly: tiny H.264/H.265 Annex-B clips encoded with ffmpeg, and what ffprobe and ffmpeg's
// own parameter-set parser read from a stream, as the independent answer the SPS parsers are checked against.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitAnnexB } from '../../src/media/h264/index.js';

export interface ProbedVideo {
  readonly width: number;
  readonly height: number;
  /** r_frame_rate as frames per second, to the millisecond like the parsers. */
  readonly frameRate: number;
  readonly hasBFrames: number;
}

/** `frames` pictures of testsrc2 at `rate` (an ffmpeg rate: 25, 30000/1001, 12.5), encoded with `encoder` arguments. */
export function encodeClip(options: { readonly size: string; readonly rate: string; readonly frames: number; readonly encoder: readonly string[] }): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-clip-'));
  try {
    const file = join(dir, 'clip.es');
    const source = `testsrc2=size=${options.size}:rate=${options.rate}`;
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-frames:v', String(options.frames), '-preset', 'ultrafast', ...options.encoder, file]);
    return splitAnnexB(new Uint8Array(readFileSync(file)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ffprobe's view of an Annex-B stream (`format`: h264 or hevc). */
export function probeAnnexB(stream: Uint8Array, format: 'h264' | 'hevc'): ProbedVideo {
  return withFile(stream, (file) => {
    const json = execFileSync('ffprobe', ['-v', 'error', '-f', format, '-show_streams', '-of', 'json', file], { encoding: 'utf8' });
    const probed = (JSON.parse(json) as { streams: { width: number; height: number; r_frame_rate: string; has_b_frames: number }[] }).streams[0];
    if (probed === undefined) throw new Error('ffprobe found no stream');
    const [num, den] = probed.r_frame_rate.split('/').map(Number);
    return { width: probed.width, height: probed.height, frameRate: Math.round(((num ?? 0) / (den ?? 1)) * 1000) / 1000, hasBFrames: probed.has_b_frames };
  });
}

/**
 * The syntax elements of the first SPS in an Annex-B stream as ffmpeg's own parser reads them (trace_headers),
 * by name (`sps_max_num_reorder_pics[0]`); ffmpeg refuses out-of-range values, which throws here.
 */
export function traceFirstSps(stream: Uint8Array, format: 'h264' | 'hevc'): Map<string, number> {
  return withFile(stream, (file) => {
    const run = spawnSync('ffmpeg', ['-v', 'trace', '-f', format, '-i', file, '-c', 'copy', '-bsf:v', 'trace_headers', '-f', 'null', '-'], { encoding: 'utf8' });
    const lines = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('[trace_headers'))
      .map((line) => line.replace(/^\[trace_headers[^\]]*\]\s*/, ''));
    const start = lines.indexOf('Sequence Parameter Set');
    if (run.status !== 0 || start < 0) throw new Error(`ffmpeg could not read the SPS: ${run.stderr.slice(-400)}`);
    const fields = new Map<string, number>();
    for (const line of lines.slice(start + 1)) {
      const field = /^\d+\s+(\S+)\s+[01]+ = (-?\d+)$/.exec(line);
      if (field === null) break;
      fields.set(field[1] ?? '', Number(field[2]));
    }
    return fields;
  });
}

function withFile<T>(bytes: Uint8Array, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-probe-'));
  try {
    const file = join(dir, 'clip.es');
    writeFileSync(file, bytes);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

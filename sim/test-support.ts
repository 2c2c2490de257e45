// Helpers for the simulator's tests: a shared loop cache (generating loops is the slow part, so test files
// and runs reuse it), and real clients — ffprobe, ffmpeg and GStreamer — run with a deadline.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Kept between runs on purpose: a cache, like `<dataDir>/sim-cache`. */
export const TEST_CACHE_DIR = join(tmpdir(), 'vigie-sim-test-cache');

export interface ToolResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export function runTool(command: string, args: readonly string[], timeoutMs: number): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

export interface ProbedStream {
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
}

export async function probeRtsp(url: string): Promise<ProbedStream> {
  const result = await runTool('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,width,height,r_frame_rate', '-of', 'csv=p=0', url], 20_000);
  const [codec = '', width = '0', height = '0', rate = '0/1'] = result.stdout.toString('utf8').trim().split(',');
  const [num = '0', den = '1'] = rate.split('/');
  return { codec, width: Number(width), height: Number(height), fps: Number(num) / Number(den) };
}

/** Decodes `frames` pictures of an RTSP stream as gray planes of the given size. */
export async function grabGrayFrames(url: string, width: number, height: number, frames: number): Promise<Uint8Array[]> {
  const result = await runTool(
    'ffmpeg',
    ['-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-frames:v', String(frames), '-vf', `scale=${width}:${height}`, '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'],
    25_000,
  );
  const size = width * height;
  return Array.from({ length: Math.floor(result.stdout.length / size) }, (_, i) => new Uint8Array(result.stdout.subarray(i * size, (i + 1) * size)));
}

/** Mean absolute difference of two gray pictures of equal size (0–255). */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / Math.max(1, a.length);
}

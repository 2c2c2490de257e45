// One short ffmpeg run on a buffer (a still decoded from a keyframe or a recorded fragment): the input is written
// to its stdin, its stdout collected. Each caller turns a failed run into its own error code.
import { spawn } from 'node:child_process';

/** Kept of ffmpeg's stderr: the end, where its reason is. */
const STDERR_KEPT = 2000;

export interface FfmpegRun {
  /** Exit code (null when killed by a signal). */
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs `ffmpeg -hide_banner -loglevel error ARGS` with `input` on stdin; rejects only when ffmpeg cannot be started. */
export function runFfmpegOnce(args: readonly string[], input: Uint8Array): Promise<FfmpegRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: stderr.trim() }));
    // A decoder that exits early closes its stdin: the close handler above reports why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

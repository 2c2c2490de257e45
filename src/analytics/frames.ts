// Decoded pictures from a camera's sub stream or a file: one ffmpeg child scales them small and writes raw RGB
// frames on its stdout, decoded once for the whole pipeline.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { RgbFrame } from './detector.js';

export interface SourceInfo {
  readonly width: number;
  readonly height: number;
  /** Frames per second of the source (null when unknown, a live stream without a header rate). */
  readonly fps: number | null;
  readonly durationS: number | null;
}

const isLive = (url: string): boolean => /^(rtsp|rtsps|rtmp|http|https|udp|tcp|srt):/i.test(url);

/** The size and rate of a source, or null when ffprobe cannot read it. */
export async function probeSource(url: string, timeoutMs = 15_000): Promise<SourceInfo | null> {
  const args = [
    '-v',
    'error',
    ...(url.startsWith('rtsp') ? ['-rtsp_transport', 'tcp'] : []),
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height,avg_frame_rate,r_frame_rate,nb_frames:format=duration',
    '-of',
    'json',
    url,
  ];
  const stdout = await new Promise<string | null>((resolve) => execFile('ffprobe', args, { timeout: timeoutMs, encoding: 'utf8' }, (error, out) => resolve(error === null ? out : null)));
  if (stdout === null) return null;
  try {
    const parsed = JSON.parse(stdout) as { streams?: Array<Record<string, unknown>>; format?: Record<string, unknown> };
    const stream = parsed.streams?.[0];
    const width = Number(stream?.['width']);
    const height = Number(stream?.['height']);
    if (!(width > 0 && height > 0)) return null;
    const rate = (text: unknown): number | null => {
      if (typeof text !== 'string') return null;
      const [a, b] = text.split('/').map(Number);
      return a !== undefined && b !== undefined && a > 0 && b > 0 ? a / b : null;
    };
    const duration = Number(parsed.format?.['duration']);
    return { width, height, fps: rate(stream?.['avg_frame_rate']) ?? rate(stream?.['r_frame_rate']), durationS: Number.isFinite(duration) && duration > 0 ? duration : null };
  } catch {
    return null;
  }
}

/** The analysis size: at most `maxWidth` wide, even, aspect kept. */
export function analysisSize(info: Pick<SourceInfo, 'width' | 'height'>, maxWidth = 640): { width: number; height: number } {
  const width = Math.min(maxWidth, info.width) & ~1;
  return { width, height: Math.max(2, Math.round((info.height * width) / info.width / 2) * 2) };
}

export interface FrameSourceOptions {
  /** A file or a camera URL; or the codec of an elementary stream written with `write()` (a hub stream). */
  readonly url: string | { readonly pipe: 'h264' | 'hevc' };
  readonly width: number;
  readonly height: number;
  /** Frames per second to decode; undefined = every frame of the source. */
  readonly fps?: number | undefined;
  /** Stop after this many seconds of the source. */
  readonly maxSeconds?: number | undefined;
}

/**
 * Reads frames one by one (`next()` resolves null at the end). Backpressure is ffmpeg's own: while we do not
 * read, its pipe fills and it waits — for a file; for a live stream the caller keeps reading and drops frames.
 */
export class FrameSource {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly frameBytes: number;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private ended = false;
  private waiting: (() => void) | undefined;
  private stderr = '';
  readonly exited: Promise<number | null>;

  constructor(private readonly options: FrameSourceOptions) {
    this.frameBytes = options.width * options.height * 3;
    const filters = [...(options.fps === undefined ? [] : [`fps=${options.fps}`]), `scale=${options.width}:${options.height}`];
    const { url } = options;
    const live = typeof url !== 'string' || isLive(url);
    const args = ['-hide_banner', '-loglevel', 'error'];
    // Live: no input buffering, no decoder reordering delay, one decoding thread (frame threads hold pictures back).
    if (live) args.push('-fflags', 'nobuffer', '-flags', 'low_delay', '-threads', '1');
    if (typeof url === 'string') {
      if (url.startsWith('rtsp')) args.push('-rtsp_transport', 'tcp');
      args.push('-nostdin', '-i', url);
    } else {
      // An elementary stream carries no clock: the arrival time stamps each picture, so fps= keeps real time.
      args.push('-probesize', '32', '-analyzeduration', '0', '-use_wallclock_as_timestamps', '1', '-f', url.pipe, '-i', 'pipe:0');
    }
    args.push(...(options.maxSeconds === undefined ? [] : ['-t', String(options.maxSeconds)]), '-an', '-vf', filters.join(','));
    if (options.fps === undefined) args.push('-fps_mode', 'passthrough');
    args.push('-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1');
    this.child = spawn('ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => undefined);
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffered.push(chunk);
      this.bufferedBytes += chunk.length;
      if (!live && this.bufferedBytes > this.frameBytes * 4) this.child.stdout.pause();
      this.wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => {
        this.ended = true;
        this.wake();
        resolve(code);
      });
      this.child.on('error', () => {
        this.ended = true;
        this.wake();
        resolve(null);
      });
    });
  }

  /** Bytes of the elementary stream (a source opened with `url: { pipe }`). */
  write(bytes: Uint8Array): void {
    if (!this.ended && this.child.stdin.writable) this.child.stdin.write(bytes);
  }

  /** Whether ffmpeg is seconds of pictures behind what was written (the writer should skip to a keyframe). */
  get lagging(): boolean {
    return this.child.stdin.writableLength > 2 * 1024 * 1024;
  }

  /** Ends the input: ffmpeg decodes what it has and exits. */
  endInput(): void {
    this.child.stdin.end();
  }

  get width(): number {
    return this.options.width;
  }

  get height(): number {
    return this.options.height;
  }

  /** ffmpeg's last words, for the reason shown when a camera stops. */
  get errorText(): string {
    return this.stderr.trim();
  }

  /** Frames decoded and waiting to be read. */
  get backlog(): number {
    return Math.floor(this.bufferedBytes / this.frameBytes);
  }

  async next(): Promise<RgbFrame | null> {
    while (this.bufferedBytes < this.frameBytes) {
      if (this.ended) return null;
      this.child.stdout.resume();
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    const all = this.buffered.length === 1 ? (this.buffered[0] as Buffer) : Buffer.concat(this.buffered);
    const data = new Uint8Array(all.subarray(0, this.frameBytes));
    const rest = all.subarray(this.frameBytes);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.bufferedBytes = rest.length;
    if (this.bufferedBytes < this.frameBytes * 2) this.child.stdout.resume();
    return { width: this.options.width, height: this.options.height, data: Uint8Array.from(data) };
  }

  /** Drops every complete frame waiting but the newest (a live camera when the detector lags). */
  skipToNewest(): void {
    const extra = this.backlog - 1;
    if (extra <= 0) return;
    const all = Buffer.concat(this.buffered).subarray(extra * this.frameBytes);
    this.buffered = [all];
    this.bufferedBytes = all.length;
  }

  close(): void {
    if (!this.ended) this.child.kill('SIGKILL');
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}

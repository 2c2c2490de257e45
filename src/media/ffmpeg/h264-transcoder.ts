// Re-encodes one hub stream to H.264 with an ffmpeg child process and publishes the result as another hub
// stream (for browsers that cannot decode H.265). Annex-B goes in on stdin, Annex-B H.264 with access unit
// delimiters comes out on stdout; pictures keep their order (no B-frames out, passthrough frame timing), so
// each output picture takes the next input timestamp in presentation order.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { VigieError } from '../../core/errors.js';
import { H264_NAL, h264NalType, h264TrackInfo, joinAnnexB } from '../h264/index.js';
import { lengthPrefixed, type AccessUnit, type StreamPublisher, type StreamSource, type Subscription, type TrackInfo } from '../hub/index.js';
import { AnnexBAccessUnitReader } from './annex-b-reader.js';

export interface H264TranscoderOptions {
  readonly source: StreamSource;
  readonly sourceKey: string;
  /** Publishes the derived stream; called on start. */
  readonly publish: () => StreamPublisher;
  /** The process failed or exited by itself; it is restarted while the transcoder runs. */
  readonly onError: (error: VigieError) => void;
  readonly ffmpegPath?: string;
  readonly restartDelayMs?: number;
}

type Timing = Pick<AccessUnit, 'pts90k' | 'wallClockMs'>;

/** x264 at its cheapest and with no reordering delay: one live encode per watched H.265 stream. */
const ENCODE_ARGS = ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-bf', '0', '-g', '50', '-x264-params', 'aud=1', '-fps_mode', 'passthrough'];

export class H264Transcoder {
  readonly #options: H264TranscoderOptions;
  #publisher: StreamPublisher | undefined;
  #subscription: Subscription | undefined;
  #process: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  #reader = new AnnexBAccessUnitReader();
  /** Input timestamps not yet matched with an output picture, in presentation order. */
  #timings: Timing[] = [];
  #sourceTrack: TrackInfo | undefined;
  #outputSps: Uint8Array | undefined;
  #outputPps: Uint8Array | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(options: H264TranscoderOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#publisher = this.#options.publish();
    this.#subscription = this.#options.source.subscribe(
      this.#options.sourceKey,
      {
        label: `h264 transcoder ${this.#options.sourceKey}`,
        // Each picture is copied into the bytes written to ffmpeg's stdin.
        borrowsUnits: true,
        start: (track) => this.#restartFor(track),
        accept: (unit) => this.#feed(unit),
        stop: () => this.#stopProcess(),
      },
      { startAt: 'last-keyframe', maxQueuedBytes: 8 * 1024 * 1024 },
    );
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    if (this.#restartTimer !== undefined) clearTimeout(this.#restartTimer);
    this.#subscription?.close();
    this.#subscription = undefined;
    this.#stopProcess();
    this.#publisher?.end();
    this.#publisher = undefined;
  }

  #restartFor(track: TrackInfo): void {
    this.#sourceTrack = track;
    this.#stopProcess();
    this.#spawn();
  }

  #spawn(): void {
    const track = this.#sourceTrack;
    if (!this.#running || track === undefined) return;
    const input = track.codec === 'h265' ? 'hevc' : 'h264';
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-probesize',
      '32',
      '-analyzeduration',
      '0',
      '-threads',
      '1',
      '-f',
      input,
      '-i',
      'pipe:0',
      '-an',
      ...ENCODE_ARGS,
      '-flush_packets',
      '1',
      '-f',
      'h264',
      'pipe:1',
    ];
    const child = spawn(this.#options.ffmpegPath ?? 'ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#process = child;
    this.#reader = new AnnexBAccessUnitReader();
    this.#timings = [];
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (this.#process === child) for (const picture of this.#reader.push(chunk)) this.#emit(picture.nalUnits);
    });
    // A closed pipe while ffmpeg exits is reported by 'exit'.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => this.#options.onError(new VigieError('VIGIE_FFMPEG_SPAWN_FAILED', `cannot run ffmpeg: ${error.message}`, { cause: error })));
    child.on('exit', (code, signal) => {
      if (this.#process !== child) return;
      this.#process = undefined;
      if (!this.#running) return;
      this.#options.onError(new VigieError('VIGIE_FFMPEG_EXITED', `ffmpeg transcoder for ${this.#options.sourceKey} exited (${code ?? signal}): ${stderr.trim()}`, { context: { code, signal } }));
      this.#restartTimer = setTimeout(() => this.#spawn(), this.#options.restartDelayMs ?? 1000);
      this.#restartTimer.unref();
    });
  }

  #feed(unit: AccessUnit): void {
    const child = this.#process;
    const track = this.#sourceTrack;
    if (child === undefined || track === undefined || !child.stdin.writable) return;
    const sets = track.parameterSets;
    // Parameter sets before every keyframe, so the decoder starts whether the camera sends them in band or not.
    const nals = unit.isKeyframe && sets !== undefined ? [...(sets.vps === undefined ? [] : [sets.vps]), sets.sps, sets.pps, ...unit.nalUnits] : unit.nalUnits;
    insertSorted(this.#timings, { pts90k: unit.pts90k, wallClockMs: unit.wallClockMs });
    child.stdin.write(joinAnnexB(nals));
  }

  #emit(nals: readonly Uint8Array[]): void {
    const timing = this.#timings.shift();
    const publisher = this.#publisher;
    if (timing === undefined || publisher === undefined) return;
    const picture: Uint8Array[] = [];
    let isKeyframe = false;
    for (const nal of nals) {
      const type = h264NalType(nal);
      if (type === H264_NAL.sps) this.#outputSps = nal;
      else if (type === H264_NAL.pps) this.#outputPps = nal;
      else {
        if (type === H264_NAL.sliceIdr) isKeyframe = true;
        picture.push(nal);
      }
    }
    if (isKeyframe && this.#outputSps !== undefined && this.#outputPps !== undefined) {
      publisher.setTrack(h264TrackInfo(96, 90000, { sps: this.#outputSps, pps: this.#outputPps }));
    }
    if (this.#outputSps === undefined || picture.length === 0) return;
    publisher.push({ ...lengthPrefixed(picture), dts90k: timing.pts90k, pts90k: timing.pts90k, wallClockMs: timing.wallClockMs, isKeyframe });
  }

  #stopProcess(): void {
    const child = this.#process;
    if (child === undefined) return;
    this.#process = undefined;
    child.stdin.end();
    child.kill('SIGKILL');
  }
}

function insertSorted(timings: Timing[], timing: Timing): void {
  let i = timings.length;
  while (i > 0 && (timings[i - 1] as Timing).pts90k > timing.pts90k) i -= 1;
  timings.splice(i, 0, timing);
}

// One masked camera stream, in one of two shapes:
// - fixed masks (picture polygons that never move): ONE ffmpeg decodes, masks and encodes. The mask is rendered
//   once by `fillPolygons` (maskPlanes: 255 on every covered Y, U and V sample) and handed to ffmpeg on a third
//   pipe as one raw yuv420p picture; `maskedmerge` blends the camera's picture towards black by it on every
//   frame. No raw picture crosses a pipe or Node.
// - per-picture masks (PTZ: polygons that follow the head): ffmpeg decodes to raw yuv420p on a pipe, Node fills
//   the polygons projected for that picture's arrival on the Y/U/V planes, a second ffmpeg encodes.
// Encoding is x264, or NVENC when present. Only the encoder's output leaves this class: the camera's own pictures
// are never published. Any failure of a process or pipe is final for the pipeline (the session it serves ends;
// no fallback).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { VigieError } from '../core/errors.js';
import { AnnexBAccessUnitReader } from '../media/ffmpeg/index.js';
import { H264_NAL, h264NalType, h264TrackInfo, joinAnnexB } from '../media/h264/index.js';
import { lengthPrefixed, type AccessUnit, type TrackInfo } from '../media/hub/index.js';
import type { MaskEncoder } from './encoder.js';
import { fillPolygons, MASK_C, MASK_Y, maskPlanes, type Point } from './geometry.js';
import { TransitDelay } from './transit-delay.js';

/**
 * `arrivedMs`: when the camera's picture reached Vigie (the masks' clock; the camera's own is not trusted);
 * `lateMs`: how much later than the stream's quickest transit it came (see TransitDelay).
 */
type Timing = Pick<AccessUnit, 'pts90k' | 'wallClockMs'> & { readonly arrivedMs: number; readonly lateMs: number };
type Child = ChildProcess & { readonly stdin: Writable; readonly stdout: Readable; readonly stderr: Readable };
type Polygons = ReadonlyArray<readonly Point[]>;

/**
 * Camera pictures fed whose masked picture has not come out yet, beyond which pictures are dropped (counted) until
 * the next keyframe rather than memory grown: 3 s at 25 frames/s, more than the burst of a session's start (the
 * pictures since the last keyframe) and less than a viewer would wait for.
 */
const MAX_IN_FLIGHT_FRAMES = 75;

export interface MaskPipelineOptions {
  readonly label: string;
  readonly track: TrackInfo;
  readonly encoder: MaskEncoder;
  /**
   * `fixed`: the same polygons (picture fractions) on every picture, burned in by one ffmpeg. `per-picture`: the
   * polygons covering the picture that reached Vigie at `atMs`, `lateMs` later than the stream's usual transit
   * (Node fills each decoded picture).
   */
  readonly masking: { readonly kind: 'fixed'; readonly polygons: Polygons } | { readonly kind: 'per-picture'; readonly polygonsAt: (atMs: number, lateMs: number) => Polygons };
  readonly onUnit: (unit: AccessUnit) => void;
  readonly onTrack: (track: TrackInfo) => void;
  readonly onFailure: (error: VigieError) => void;
  readonly ffmpegPath?: string | undefined;
}

export interface MaskPipelineStats {
  readonly framesIn: number;
  readonly framesMasked: number;
  readonly framesOut: number;
  readonly framesDropped: number;
}

export class MaskPipeline {
  readonly #options: MaskPipelineOptions;
  readonly #width: number;
  readonly #height: number;
  readonly #frameBytes: number;
  #decoder: Child | undefined;
  #encoder: Child | undefined;
  #decodeTimings: Timing[] = [];
  #encodeTimings: Timing[] = [];
  readonly #transit = new TransitDelay();
  #frame: Uint8Array;
  #filled = 0;
  #reader = new AnnexBAccessUnitReader();
  #sps: Uint8Array | undefined;
  #pps: Uint8Array | undefined;
  #started = false;
  /** A picture was dropped: the decoder is fed again from the next keyframe (a P picture without its reference would decode as garbage). */
  #skipping = false;
  #stopped = false;
  #failed = false;
  #stats = { framesIn: 0, framesMasked: 0, framesOut: 0, framesDropped: 0 };

  constructor(options: MaskPipelineOptions) {
    this.#options = options;
    const { width, height } = options.track;
    if (width === undefined || height === undefined || width % 2 !== 0 || height % 2 !== 0) {
      throw new VigieError('VIGIE_MASK_PIPELINE_FAILED', `${options.label}: the picture size is unknown or odd (${width}×${height})`);
    }
    this.#width = width;
    this.#height = height;
    this.#frameBytes = (width * height * 3) / 2;
    this.#frame = new Uint8Array(this.#frameBytes);
  }

  get track(): TrackInfo {
    return this.#options.track;
  }

  get stats(): MaskPipelineStats {
    return { ...this.#stats };
  }

  start(): void {
    const track = this.#options.track;
    const ffmpeg = this.#options.ffmpegPath ?? 'ffmpeg';
    const size = `${this.#width}x${this.#height}`;
    const quiet = ['-hide_banner', '-loglevel', 'error', '-nostdin'];
    const decode = [
      // Measured: with `-fflags nobuffer` this ffmpeg (5.1) held ~2 s of pictures; slice threading keeps it near 3 frames.
      ...['-probesize', '32', '-analyzeduration', '0', '-flags', 'low_delay', '-thread_type', 'slice', '-threads', '1'],
      ...['-f', track.codec === 'h265' ? 'hevc' : 'h264', '-i', 'pipe:0'],
    ];
    const encode = [...this.#options.encoder.args, ...['-flush_packets', '1', '-f', 'h264', 'pipe:1']];
    const masking = this.#options.masking;
    if (masking.kind === 'fixed') {
      // Input 1 is the mask, one picture on fd 3; maskedmerge repeats its last picture of a finished input.
      // The black is the mask's picture turned to MASK_Y/MASK_C by lutyuv (computed once: its input is one picture).
      const graph = `[1:v]split[m][k];[k]lutyuv=y=${MASK_Y}:u=${MASK_C}:v=${MASK_C}[black];[0:v]format=yuv420p[camera];[camera][black][m]maskedmerge[out]`;
      const child = this.#spawn(
        ffmpeg,
        [
          ...quiet,
          ...decode,
          ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', size, '-i', 'pipe:3'],
          ...['-filter_complex', graph, '-filter_complex_threads', '1', '-map', '[out]', '-an', '-vsync', 'passthrough'],
          ...encode,
        ],
        1,
      );
      const maskPipe = child.stdio[3] as Writable;
      maskPipe.on('error', () => child.kill('SIGKILL')); // as for stdin: the exit says why
      maskPipe.end(maskPlanes(this.#width, this.#height, masking.polygons));
      this.#decoder = child;
      this.#encoder = child;
    } else {
      this.#decoder = this.#spawn(ffmpeg, [...quiet, ...decode, '-an', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1']);
      const rate = String(track.frameRate ?? 25);
      // Raw input needs no probing: its size and rate are given.
      const raw = ['-probesize', '32', '-analyzeduration', '0', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', size, '-framerate', rate, '-i', 'pipe:0'];
      this.#encoder = this.#spawn(ffmpeg, [...quiet, ...raw, ...encode]);
      const decoder = this.#decoder;
      const encoder = this.#encoder;
      decoder.stdout.on('data', (chunk: Buffer) => this.#decoded(chunk));
      // Raw pictures wait in the decoder while the encoder is behind (a session's start bursts the pictures since
      // the last keyframe): the backlog is bounded where pictures are fed, in compressed form.
      encoder.stdin.on('drain', () => decoder.stdout.resume());
    }
    this.#encoder.stdout.on('data', (chunk: Buffer) => {
      for (const picture of this.#reader.push(chunk)) this.#emit(picture.nalUnits);
    });
  }

  /** A camera picture (lent for the call: it is copied into the decoder's pipe). */
  feed(unit: AccessUnit): void {
    const decoder = this.#decoder;
    if (decoder === undefined || this.#failed || this.#stopped) return;
    if (!this.#started) {
      if (!unit.isKeyframe) return;
      this.#started = true;
    }
    this.#stats.framesIn += 1;
    if (unit.isKeyframe) this.#skipping = false;
    if (this.#skipping || this.#decodeTimings.length + this.#encodeTimings.length >= MAX_IN_FLIGHT_FRAMES) {
      this.#skipping = true;
      this.#stats.framesDropped += 1;
      return;
    }
    const sets = this.#options.track.parameterSets;
    const nals = unit.isKeyframe && sets !== undefined ? [...(sets.vps === undefined ? [] : [sets.vps]), sets.sps, sets.pps, ...unit.nalUnits] : unit.nalUnits;
    // One process: each picture fed comes out encoded, in presentation order (no B-frames out).
    const arrivedMs = Date.now();
    const timing = { pts90k: unit.pts90k, wallClockMs: unit.wallClockMs, arrivedMs, lateMs: this.#transit.lateMs(arrivedMs, unit.dts90k) };
    insertSorted(this.#options.masking.kind === 'fixed' ? this.#encodeTimings : this.#decodeTimings, timing);
    decoder.stdin.write(joinAnnexB(nals));
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const child of new Set([this.#decoder, this.#encoder])) {
      if (child === undefined) continue;
      child.stdin.destroy();
      child.kill('SIGKILL');
    }
  }

  /** `extraPipes`: pipes beyond stdio (fd 3…), written by the caller. */
  #spawn(ffmpeg: string, args: string[], extraPipes = 0): Child {
    const child = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe', ...Array<'pipe'>(extraPipes).fill('pipe')] }) as Child;
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-2000);
    });
    // A broken pipe means ffmpeg is gone or going: its exit, reported below, says why (an EPIPE would not).
    child.stdin.on('error', () => child.kill('SIGKILL'));
    child.on('error', (error) => this.#fail(`cannot run ffmpeg: ${error.message}`));
    child.on('exit', (code, signal) => this.#fail(`ffmpeg exited (${code ?? signal}): ${stderr.trim()}`));
    return child;
  }

  #decoded(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.#failed && !this.#stopped) {
      const take = Math.min(chunk.length - offset, this.#frameBytes - this.#filled);
      this.#frame.set(chunk.subarray(offset, offset + take), this.#filled);
      this.#filled += take;
      offset += take;
      if (this.#filled === this.#frameBytes) {
        this.#masked(this.#frame);
        // The pipe write holds the frame until the encoder reads it: the next one gets fresh memory.
        this.#frame = new Uint8Array(this.#frameBytes);
        this.#filled = 0;
      }
    }
  }

  #masked(frame: Uint8Array): void {
    const timing = this.#decodeTimings.shift();
    const encoder = this.#encoder;
    const masking = this.#options.masking;
    if (timing === undefined || encoder === undefined || masking.kind !== 'per-picture') return;
    fillPolygons(frame, this.#width, this.#height, masking.polygonsAt(timing.arrivedMs, timing.lateMs));
    this.#stats.framesMasked += 1;
    this.#encodeTimings.push(timing);
    if (!encoder.stdin.write(frame)) this.#decoder?.stdout.pause();
  }

  #emit(nals: readonly Uint8Array[]): void {
    const timing = this.#encodeTimings.shift();
    if (timing === undefined || this.#failed || this.#stopped) return;
    const picture: Uint8Array[] = [];
    let isKeyframe = false;
    for (const nal of nals) {
      const type = h264NalType(nal);
      if (type === H264_NAL.sps) this.#sps = nal;
      else if (type === H264_NAL.pps) this.#pps = nal;
      else {
        if (type === H264_NAL.sliceIdr) isKeyframe = true;
        picture.push(nal);
      }
    }
    if (isKeyframe && this.#sps !== undefined && this.#pps !== undefined) this.#options.onTrack(h264TrackInfo(96, 90000, { sps: this.#sps, pps: this.#pps }));
    if (this.#sps === undefined || picture.length === 0) return;
    this.#stats.framesOut += 1;
    if (this.#options.masking.kind === 'fixed') this.#stats.framesMasked += 1;
    this.#options.onUnit({ ...lengthPrefixed(picture), dts90k: timing.pts90k, pts90k: timing.pts90k, wallClockMs: timing.wallClockMs, isKeyframe });
  }

  #fail(reason: string): void {
    if (this.#failed || this.#stopped) return;
    this.#failed = true;
    this.stop();
    this.#options.onFailure(new VigieError('VIGIE_MASK_PIPELINE_FAILED', `${this.#options.label}: ${reason}`, { status: 503 }));
  }
}

function insertSorted(timings: Timing[], timing: Timing): void {
  let i = timings.length;
  while (i > 0 && (timings[i - 1] as Timing).pts90k > timing.pts90k) i -= 1;
  timings.splice(i, 0, timing);
}

// Mask tests: hub pictures collected and decoded by a real ffmpeg into luma planes, and pixel counts over regions.
import { runToCompletion } from '../../../sim/ffmpeg-process.js';
import { joinAnnexB } from '../../../src/media/h264/index.js';
import type { AccessUnit, StreamConsumer, TrackInfo } from '../../../src/media/hub/index.js';

/** Keeps copies of every picture of a hub stream (from its first keyframe), with the track's parameter sets. */
export class PictureCollector implements StreamConsumer {
  readonly label = 'mask test collector';
  readonly annexB: Uint8Array[] = [];
  readonly tracks: TrackInfo[] = [];
  readonly wallClocks: number[] = [];
  pictures = 0;
  #track: TrackInfo | undefined;
  #started = false;

  start(track: TrackInfo): void {
    this.#track = track;
    this.tracks.push(track);
  }

  accept(unit: AccessUnit): void {
    const sets = this.#track?.parameterSets;
    if (!this.#started && !unit.isKeyframe) return;
    this.#started = true;
    const nals = unit.isKeyframe && sets !== undefined ? [sets.sps, sets.pps, ...unit.nalUnits] : unit.nalUnits;
    this.annexB.push(joinAnnexB(nals));
    this.wallClocks.push(unit.wallClockMs);
    this.pictures += 1;
  }

  stop(): void {}
}

/** Every picture of an H.264 Annex-B stream as its luma plane (width×height bytes each). */
export async function decodeLuma(stream: Uint8Array | readonly Uint8Array[], width: number, height: number, format = 'h264'): Promise<Uint8Array[]> {
  const input = stream instanceof Uint8Array ? stream : Buffer.concat(stream.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
  const raw = await runToCompletion('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', format, '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, 'pipe:1'], input);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + width * height <= raw.length; offset += width * height) frames.push(new Uint8Array(raw.subarray(offset, offset + width * height)));
  return frames;
}

/** Decodes any file ffmpeg reads (an MP4 segment, an export) into luma planes. */
export async function decodeFileLuma(path: string, width: number, height: number): Promise<Uint8Array[]> {
  const raw = await runToCompletion('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, 'pipe:1']);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + width * height <= raw.length; offset += width * height) frames.push(new Uint8Array(raw.subarray(offset, offset + width * height)));
  return frames;
}

export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Pixels of `rect` (fractions; shrunk by `insetPx`) brighter than the mask's black: they leaked. */
export function uncoveredPixels(luma: Uint8Array, width: number, height: number, rect: Rect, insetPx = 2, threshold = 40): number {
  let count = 0;
  const x0 = Math.ceil(rect.x0 * width) + insetPx;
  const x1 = Math.floor(rect.x1 * width) - insetPx;
  const y0 = Math.ceil(rect.y0 * height) + insetPx;
  const y1 = Math.floor(rect.y1 * height) - insetPx;
  for (let y = Math.max(0, y0); y < Math.min(height, y1); y += 1) for (let x = Math.max(0, x0); x < Math.min(width, x1); x += 1) if ((luma[y * width + x] as number) > threshold) count += 1;
  return count;
}

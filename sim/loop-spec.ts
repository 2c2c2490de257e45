// The pre-encoded loops a simulator serves: codec, picture size, rate and GOP, and how ffmpeg makes them.
import type { VideoCodec } from '../src/media/hub/index.js';
import { frameOverlayFilters } from './frame-overlay.js';

export type LoopRole = 'main' | 'sub';

export interface LoopSpec {
  readonly codec: VideoCodec;
  readonly role: LoopRole;
  /** Largest picture; a clip keeps its aspect ratio inside it. */
  readonly maxWidth: number;
  readonly maxHeight: number;
  /** 25 or 12.5: the simulator's single 25 Hz tick drives both. */
  readonly fps: number;
  readonly gopFrames: number;
  readonly bitrateKbps: number;
  readonly seconds: number;
}

export const LOOP_SECONDS = 10;
/** One tick of the shared scheduler; every loop rate divides it. */
export const TICK_HZ = 25;

export function loopSpec(codec: VideoCodec, role: LoopRole): LoopSpec {
  return role === 'main'
    ? { codec, role, maxWidth: 1280, maxHeight: 720, fps: 25, gopFrames: 50, bitrateKbps: 2000, seconds: LOOP_SECONDS }
    : { codec, role, maxWidth: 640, maxHeight: 360, fps: 12.5, gopFrames: 25, bitrateKbps: 300, seconds: LOOP_SECONDS };
}

/** A clip's pictures, capped to the spec's size with the aspect ratio kept (even dimensions). */
export function clipSize(spec: LoopSpec, width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, spec.maxWidth / width, spec.maxHeight / height);
  const even = (value: number): number => Math.max(2, 2 * Math.round((value * scale) / 2));
  return { width: even(width), height: even(height) };
}

function encoderArgs(spec: LoopSpec): string[] {
  const bitrate = `${spec.bitrateKbps}k`;
  const rate = ['-b:v', bitrate, '-maxrate', bitrate, '-bufsize', `${spec.bitrateKbps * 2}k`, '-pix_fmt', 'yuv420p', '-an'];
  const gop = `keyint=${spec.gopFrames}:min-keyint=${spec.gopFrames}:scenecut=0`;
  return spec.codec === 'h264'
    ? ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '0', '-x264-params', `aud=1:${gop}`, ...rate, '-f', 'h264']
    : ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', `aud=1:${gop}:bframes=0:repeat-headers=1:log-level=error`, ...rate, '-f', 'hevc'];
}

/** ffmpeg arguments for the synthetic scene (testsrc2 with the frame counter) at the spec's full size. */
export function syntheticLoopArgs(spec: LoopSpec, output: string): string[] {
  const size = `${spec.maxWidth}x${spec.maxHeight}`;
  const source = `testsrc2=size=${size}:rate=${spec.fps},${frameOverlayFilters(spec.maxWidth, spec.maxHeight, `VIGIE SIM ${spec.role}`)}`;
  return ['-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', source, '-t', String(spec.seconds), ...encoderArgs(spec), output];
}

/** ffmpeg arguments that turn a clip into a loop of the spec's format (at most 60 s of it). */
export function clipLoopArgs(spec: LoopSpec, input: string, size: { width: number; height: number }, output: string): string[] {
  const filters = `fps=${spec.fps},scale=${size.width}:${size.height},${frameOverlayFilters(size.width, size.height, `VIGIE SIM ${spec.role}`)}`;
  return ['-hide_banner', '-nostdin', '-y', '-i', input, '-t', '60', '-vf', filters, ...encoderArgs(spec), output];
}

/** Part of a cache file name that changes whenever the encoding would. */
export function specKey(spec: LoopSpec): string {
  return `${spec.codec}-${spec.role}-${spec.maxWidth}x${spec.maxHeight}-${spec.fps}fps-g${spec.gopFrames}-${spec.bitrateKbps}k-${spec.seconds}s-v1`;
}

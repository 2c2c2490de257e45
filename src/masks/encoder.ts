// The encoder of masked pictures: a hardware H.264 encoder when ffmpeg has one that works on this machine
// (NVENC: the GPU encodes, the CPUs only decode and mask), x264 at its cheapest otherwise.
import { spawnSync } from 'node:child_process';

export interface MaskEncoder {
  readonly name: 'libx264' | 'h264_nvenc';
  /** ffmpeg output arguments: H.264 Annex-B with access unit delimiters, no B-frames, a keyframe every 2 s. */
  readonly args: readonly string[];
}

export const X264: MaskEncoder = {
  name: 'libx264',
  args: ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-threads', '1', '-bf', '0', '-g', '50', '-x264-params', 'aud=1'],
};

export const NVENC: MaskEncoder = {
  name: 'h264_nvenc',
  args: ['-c:v', 'h264_nvenc', '-preset', 'p1', '-tune', 'ull', '-zerolatency', '1', '-bf', '0', '-g', '50', '-aud', '1'],
};

/** Tries one small NVENC encode; `VIGIE_MASK_ENCODER=libx264` forces x264. */
export function detectMaskEncoder(ffmpegPath = 'ffmpeg'): MaskEncoder {
  if (process.env['VIGIE_MASK_ENCODER'] === 'libx264') return X264;
  const probe = spawnSync(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=256x144:rate=25', '-frames:v', '2', ...NVENC.args, '-f', 'null', '-'], {
    timeout: 10_000,
  });
  return probe.status === 0 ? NVENC : X264;
}

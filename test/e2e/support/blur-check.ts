// Whether an access request's export blurred everything but the requester's box: the sharpness (mean gradient)
// of the picture's top band, outside the box, against the box's centre, in the export's first frame and in a
// sharp still of the same footage. Pictures are scaled to 640×360 grey by ffmpeg.
import { execFileSync } from 'node:child_process';

const [W, H] = [640, 360];

function gray(file: string): Buffer {
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-frames:v', '1', '-vf', `scale=${W}:${H}`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
}

function sharpness(pixels: Buffer, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.floor(y0 * H); y < Math.floor(y1 * H) - 1; y += 1) {
    for (let x = Math.floor(x0 * W); x < Math.floor(x1 * W) - 1; x += 1) {
      const p = pixels[y * W + x] as number;
      sum += Math.abs((pixels[y * W + x + 1] as number) - p) + Math.abs((pixels[(y + 1) * W + x] as number) - p);
      count += 1;
    }
  }
  return sum / count;
}

export interface BlurMeasure {
  /** Top band of the picture (y < 0.18): outside a box centred on the picture. */
  readonly outside: number;
  /** Centre of the picture (0.3…0.7): inside that box. */
  readonly inside: number;
}

/** Sharpness outside and inside a box covering at least the picture's centre (0.3…0.7) and not its top band. */
export function measureBlur(file: string): BlurMeasure {
  const pixels = gray(file);
  return { outside: sharpness(pixels, 0, 0, 1, 0.18), inside: sharpness(pixels, 0.3, 0.3, 0.7, 0.7) };
}

/** Why the blurred export does not look blurred outside the box and sharp inside it; null when it does. */
export function blurProblem(sharp: BlurMeasure, blurred: BlurMeasure): string | null {
  const figures = JSON.stringify({ sharp, blurred });
  if (!(sharp.outside > 1)) return `the footage has no detail outside the box: ${figures}`;
  if (!(blurred.outside < sharp.outside * 0.35)) return `outside the box is not blurred: ${figures}`;
  if (!(blurred.inside > sharp.inside * 0.6)) return `the requester's box is not sharp: ${figures}`;
  return null;
}

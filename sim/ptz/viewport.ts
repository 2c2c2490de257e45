// The PTZ picture: the part of the scene the head points at, scaled to the output size by nearest neighbour.
// Zoom 0 shows half the scene's width, zoom 1 an eighth; pan −1…1 sweeps left to right, tilt +1 looks up.
import type { PtzPosition } from './ptz-state.js';
import type { Scene } from './scene.js';

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const WIDEST = 1 / 2;
const NARROWEST = 1 / 8;

export function viewportFor(scene: Scene, position: PtzPosition): Viewport {
  const fraction = WIDEST + (NARROWEST - WIDEST) * position.zoom;
  const width = Math.round(scene.width * fraction);
  const height = Math.round(scene.height * fraction);
  const x = Math.round(((position.pan + 1) / 2) * (scene.width - width));
  const y = Math.round(((1 - position.tilt) / 2) * (scene.height - height));
  return { x, y, width, height };
}

/** Renders yuv420p frames of outWidth×outHeight (both even); each frame is new, since a pipe write keeps a
 *  reference to it until the encoder has read it. */
export class ViewportRenderer {
  readonly #scene: Scene;
  readonly #outWidth: number;
  readonly #outHeight: number;
  readonly #columns: Int32Array;

  constructor(scene: Scene, outWidth: number, outHeight: number) {
    this.#scene = scene;
    this.#outWidth = outWidth;
    this.#outHeight = outHeight;
    this.#columns = new Int32Array(outWidth);
  }

  render(view: Viewport): Uint8Array {
    const { width: sw, height: sh, yuv } = this.#scene;
    const out = new Uint8Array((this.#outWidth * this.#outHeight * 3) / 2);
    this.#plane(out, yuv, 0, sw, view.x, view.y, view.width, view.height, 0, this.#outWidth, this.#outHeight);
    const chromaIn = sw * sh;
    const chromaOut = this.#outWidth * this.#outHeight;
    const half = (v: number): number => Math.floor(v / 2);
    for (const plane of [0, 1]) {
      this.#plane(
        out,
        yuv,
        chromaIn + (plane * chromaIn) / 4,
        sw / 2,
        half(view.x),
        half(view.y),
        half(view.width),
        half(view.height),
        chromaOut + (plane * chromaOut) / 4,
        this.#outWidth / 2,
        this.#outHeight / 2,
      );
    }
    return out;
  }

  #plane(out: Uint8Array, src: Uint8Array, srcBase: number, srcStride: number, x: number, y: number, w: number, h: number, dstBase: number, outW: number, outH: number): void {
    const columns = this.#columns;
    for (let i = 0; i < outW; i += 1) columns[i] = x + Math.floor((i * w) / outW);
    for (let row = 0; row < outH; row += 1) {
      const srcRow = srcBase + (y + Math.floor((row * h) / outH)) * srcStride;
      const dstRow = dstBase + row * outW;
      for (let i = 0; i < outW; i += 1) out[dstRow + i] = src[srcRow + (columns[i] ?? 0)] ?? 0;
    }
  }
}

// A PTZ camera: the head's position selects a viewport over the scene; on every other tick Node renders that
// viewport and feeds it to a real-time ffmpeg encoder, whose output becomes both the main and sub stream.
import type { Logger } from '../../src/core/logger.js';
import type { VideoCodec } from '../../src/media/hub/index.js';
import { runToCompletion } from '../ffmpeg-process.js';
import { LiveEncoder } from '../live-encoder.js';
import { realtimeEncoderArgs } from '../live-camera.js';
import { PrivacyMasks } from '../onvif/privacy-masks.js';
import type { SimStream } from '../sim-stream.js';
import { PtzState } from './ptz-state.js';
import type { Scene } from './scene.js';
import { ViewportRenderer, viewportFor, type Viewport } from './viewport.js';

export const PTZ_WIDTH = 640;
export const PTZ_HEIGHT = 360;
const FPS = 12.5;
const TICKS_PER_FRAME = 2;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
/** Each picture carries its number as a barcode (12 bits, then their complement) so a test reads its pose back. */
export const PTZ_BARCODE = { bits: 12, cell: 10, x: 10, y: 340 } as const;
const POSE_LOG = 4096;

export class PtzCamera {
  readonly camera: number;
  readonly state = new PtzState();
  /** ONVIF Media2 privacy masks, burned into every picture before the encoder (and the snapshot). */
  readonly privacyMasks = new PrivacyMasks();
  readonly #scene: Scene;
  readonly #renderer: ViewportRenderer;
  readonly #encoder: LiveEncoder;
  #frames = 0;
  readonly #viewports: Viewport[] = [];
  readonly #renderedAt: number[] = [];

  constructor(options: { camera: number; codec: VideoCodec; scene: Scene; streams: readonly SimStream[]; logger: Logger }) {
    this.camera = options.camera;
    this.#scene = options.scene;
    this.#renderer = new ViewportRenderer(options.scene, PTZ_WIDTH, PTZ_HEIGHT);
    const label = `drawtext=fontfile=${FONT}:text='PTZ cam${options.camera}  %{localtime\\:%X}':x=10:y=10:fontsize=24:fontcolor=white:box=1:boxcolor=black@0.7`;
    this.#encoder = new LiveEncoder({
      label: `cam${options.camera} ptz`,
      codec: options.codec,
      fps: FPS,
      args: ['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${PTZ_WIDTH}x${PTZ_HEIGHT}`, '-r', String(FPS), '-i', 'pipe:0', '-vf', label, ...realtimeEncoderArgs(options.codec, 25, 800)],
      stdin: true,
      streams: options.streams,
      logger: options.logger,
    });
    // The encoder needs a first picture before it can produce the keyframe that `ready` waits for.
    this.#encoder.write(this.#render());
  }

  ready(): Promise<void> {
    return this.#encoder.ready();
  }

  onTick(tick: number): void {
    if (tick % TICKS_PER_FRAME === 0) this.#encoder.write(this.#render());
  }

  /** A JPEG of what the camera sees now. */
  async snapshot(): Promise<Buffer> {
    const frame = this.#render();
    return runToCompletion(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${PTZ_WIDTH}x${PTZ_HEIGHT}`, '-i', 'pipe:0', '-frames:v', '1', '-f', 'mjpeg', 'pipe:1'],
      frame,
    );
  }

  close(): void {
    this.#encoder.close();
  }

  /** The viewport picture number `frame` (as read by readPtzBarcode) showed, among the last 4096. */
  viewportOfFrame(frame: number): Viewport | undefined {
    return this.#viewports[frame % POSE_LOG];
  }

  /** When picture number `frame` was rendered (ms since the epoch). */
  renderedAtOfFrame(frame: number): number | undefined {
    return this.#renderedAt[frame % POSE_LOG];
  }

  #render(): Uint8Array {
    const viewport = viewportFor(this.#scene, this.state.position());
    const frame = this.#frames++ % POSE_LOG;
    this.#viewports[frame] = viewport;
    this.#renderedAt[frame] = Date.now();
    const picture = this.#renderer.render(viewport);
    this.privacyMasks.applyTo(picture, PTZ_WIDTH, PTZ_HEIGHT);
    const { bits, cell, x, y } = PTZ_BARCODE;
    for (let k = 0; k < 2 * bits; k += 1) {
      const on = k < bits ? (frame >> k) & 1 : ((frame >> (k - bits)) & 1) ^ 1;
      for (let row = y; row < y + cell; row += 1) picture.fill(on === 1 ? 235 : 16, row * PTZ_WIDTH + x + k * cell, row * PTZ_WIDTH + x + (k + 1) * cell);
    }
    return picture;
  }
}

/** The picture number from a decoded PTZ picture's luma, undefined when the barcode does not check. */
export function readPtzBarcode(gray: Uint8Array, width: number): number | undefined {
  const { bits, cell, x, y } = PTZ_BARCODE;
  const bit = (k: number): number => ((gray[(y + cell / 2) * width + x + k * cell + cell / 2] ?? 0) > 128 ? 1 : 0);
  let value = 0;
  for (let k = 0; k < bits; k += 1) {
    if (bit(k) === bit(k + bits)) return undefined;
    value |= bit(k) << k;
  }
  return value;
}

// A PTZ camera: the head's position selects a viewport over the scene; on every other tick Node renders that
// viewport and feeds it to a real-time ffmpeg encoder, whose output becomes both the main and sub stream.
import type { Logger } from '../../src/core/logger.js';
import type { VideoCodec } from '../../src/media/hub/index.js';
import { runToCompletion } from '../ffmpeg-process.js';
import { LiveEncoder } from '../live-encoder.js';
import { realtimeEncoderArgs } from '../live-camera.js';
import type { SimStream } from '../sim-stream.js';
import { PtzState } from './ptz-state.js';
import type { Scene } from './scene.js';
import { ViewportRenderer, viewportFor } from './viewport.js';

export const PTZ_WIDTH = 640;
export const PTZ_HEIGHT = 360;
const FPS = 12.5;
const TICKS_PER_FRAME = 2;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';

export class PtzCamera {
  readonly camera: number;
  readonly state = new PtzState();
  readonly #scene: Scene;
  readonly #renderer: ViewportRenderer;
  readonly #encoder: LiveEncoder;

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

  #render(): Uint8Array {
    return this.#renderer.render(viewportFor(this.#scene, this.state.position()));
  }
}

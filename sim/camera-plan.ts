// Which camera is what: cam1…camP are PTZ, the next L are live, the rest play loops (a clip given several
// times is spread round-robin over them); the last `h265Cameras` cameras (or all with codec h265) are H.265.
import { VigieError } from '../src/core/errors.js';
import type { VideoCodec } from '../src/media/hub/index.js';

export type CameraKind = 'loop' | 'live' | 'ptz';

export interface CameraPlan {
  readonly camera: number;
  readonly kind: CameraKind;
  readonly codec: VideoCodec;
  /** The clip a loop camera plays, or undefined for the synthetic scene. */
  readonly clip: string | undefined;
}

export interface PlanOptions {
  readonly cameras: number;
  readonly ptz?: number | undefined;
  readonly live?: number | undefined;
  readonly clips?: readonly string[] | undefined;
  readonly codec?: VideoCodec | undefined;
  readonly h265Cameras?: number | undefined;
}

export const MAX_CAMERAS = 2000;

function count(name: string, value: number | undefined, max: number): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > max) throw new VigieError('VIGIE_SIM_OPTIONS', `${name} must be an integer between 0 and ${max}, got ${String(value)}`, { status: 400 });
  return n;
}

export function planCameras(options: PlanOptions): CameraPlan[] {
  const cameras = count('cameras', options.cameras, MAX_CAMERAS);
  const ptz = count('ptz', options.ptz, cameras);
  const live = count('live', options.live, cameras - ptz);
  const h265 = options.codec === 'h265' ? cameras : count('h265 cameras', options.h265Cameras, cameras);
  const clips = options.clips ?? [];
  const plans: CameraPlan[] = [];
  let loopIndex = 0;
  for (let camera = 1; camera <= cameras; camera += 1) {
    const kind: CameraKind = camera <= ptz ? 'ptz' : camera <= ptz + live ? 'live' : 'loop';
    const clip = kind === 'loop' && clips.length > 0 ? clips[loopIndex++ % clips.length] : undefined;
    plans.push({ camera, kind, codec: camera > cameras - h265 ? 'h265' : 'h264', clip });
  }
  return plans;
}

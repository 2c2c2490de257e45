// One simulated camera: its two streams and what feeds them (two loop players, a live encoder or a PTZ
// head), its faults, and for PTZ cameras the ONVIF view of it.
import { VigieError } from '../src/core/errors.js';
import type { Logger } from '../src/core/logger.js';
import type { Hub } from '../src/media/hub/index.js';
import type { CameraPlan } from './camera-plan.js';
import { CameraFaults, type FaultKind } from './faults.js';
import { startLiveCamera } from './live-camera.js';
import type { LiveEncoder } from './live-encoder.js';
import type { LoopLibrary } from './loop-library.js';
import { LoopPlayer } from './loop-player.js';
import type { OnvifDeviceContext } from './onvif/device-context.js';
import type { PreparedLoop } from './prepared-loop.js';
import { PTZ_HEIGHT, PTZ_WIDTH, PtzCamera } from './ptz/ptz-camera.js';
import type { Scene } from './ptz/scene.js';
import { SimStream } from './sim-stream.js';

/** Keyframe phase step between cameras: co-prime with the GOP lengths so keyframes spread over the ticks. */
const PHASE_STEP = 7;

interface LoopPair {
  readonly main: LoopPlayer;
  readonly sub: LoopPlayer;
  readonly mainLoop: PreparedLoop;
  readonly subLoop: PreparedLoop;
}

export class SimulatedCamera {
  readonly plan: CameraPlan;
  readonly faults = new CameraFaults();
  readonly #main: SimStream;
  readonly #sub: SimStream;
  #loops: LoopPair | undefined;
  #live: LiveEncoder | undefined;
  #ptz: PtzCamera | undefined;

  private constructor(plan: CameraPlan, hub: Hub) {
    this.plan = plan;
    this.#main = new SimStream(`cam${plan.camera}/main`, this.faults, hub);
    this.#sub = new SimStream(`cam${plan.camera}/sub`, this.faults, hub);
  }

  static async create(plan: CameraPlan, deps: { hub: Hub; library: LoopLibrary; scene: Scene | undefined; logger: Logger }): Promise<SimulatedCamera> {
    const camera = new SimulatedCamera(plan, deps.hub);
    const streams = [camera.#main, camera.#sub];
    if (plan.kind === 'loop') {
      const [mainLoop, subLoop] = await Promise.all([deps.library.get(plan.codec, 'main', plan.clip), deps.library.get(plan.codec, 'sub', plan.clip)]);
      const phase = plan.camera * PHASE_STEP;
      camera.#loops = { main: new LoopPlayer(camera.#main, mainLoop, phase), sub: new LoopPlayer(camera.#sub, subLoop, phase), mainLoop, subLoop };
    } else if (plan.kind === 'live') {
      camera.#live = startLiveCamera({ camera: plan.camera, codec: plan.codec, streams, logger: deps.logger });
    } else if (deps.scene !== undefined) {
      camera.#ptz = new PtzCamera({ camera: plan.camera, codec: plan.codec, scene: deps.scene, streams, logger: deps.logger });
    }
    return camera;
  }

  /** Resolves when every stream has a track (live encoders have produced their first keyframe). */
  async ready(): Promise<void> {
    await (this.#live ?? this.#ptz)?.ready();
  }

  stream(role: 'main' | 'sub'): SimStream {
    return role === 'main' ? this.#main : this.#sub;
  }

  onTick(tick: number, nowMs: number): void {
    this.#loops?.main.onTick(tick, nowMs);
    this.#loops?.sub.onTick(tick, nowMs);
    this.#ptz?.onTick(tick);
  }

  fault(kind: FaultKind): void {
    if (kind === 'drop') {
      this.#main.drop();
      this.#sub.drop();
      this.#loops?.main.restart();
      this.#loops?.sub.restart();
    }
    if (kind === 'stall') this.faults.stalled = true;
    if (kind === 'garbage') this.faults.garbage = true;
    if (kind === 'masks-ignored') {
      if (this.#ptz === undefined) throw new VigieError('VIGIE_SIM_FAULT_UNSUPPORTED', `camera ${this.plan.camera} (${this.plan.kind}) has no privacy masks`, { status: 400 });
      this.#ptz.privacyMasks.ignoring = true;
    }
    if (kind === 'resolution') {
      const loops = this.#loops;
      if (loops === undefined) throw new VigieError('VIGIE_SIM_FAULT_UNSUPPORTED', `camera ${this.plan.camera} (${this.plan.kind}) cannot change resolution`, { status: 400 });
      loops.main.switchLoop(loops.subLoop);
      loops.sub.switchLoop(loops.mainLoop);
    }
  }

  restore(): void {
    this.faults.clear();
    if (this.#ptz !== undefined) this.#ptz.privacyMasks.ignoring = false;
    this.#loops?.main.switchLoop(this.#loops.mainLoop);
    this.#loops?.sub.switchLoop(this.#loops.subLoop);
  }

  onvifDevice(baseUrl: string, rtspBase: string): OnvifDeviceContext | undefined {
    const ptz = this.#ptz;
    if (ptz === undefined) return undefined;
    const encoding = this.plan.codec === 'h264' ? 'H264' : 'H265';
    const profile = (token: 'main' | 'sub') => ({ token, width: PTZ_WIDTH, height: PTZ_HEIGHT, fps: 12.5, encoding, bitrateKbps: 800, streamUri: `${rtspBase}/${token}` }) as const;
    return { camera: this.plan.camera, baseUrl, profiles: [profile('main'), profile('sub')], ptz: ptz.state, privacyMasks: ptz.privacyMasks };
  }

  /** The PTZ head and picture log of a PTZ camera (tests drive and check it). */
  get ptz(): PtzCamera | undefined {
    return this.#ptz;
  }

  snapshot(): Promise<Buffer> | undefined {
    return this.#ptz?.snapshot();
  }

  close(): void {
    this.#live?.close();
    this.#ptz?.close();
    this.#main.close();
    this.#sub.close();
  }
}

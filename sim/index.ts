// Vigie's camera simulator: N cameras with a main and a sub stream each over Vigie's own RTSP server at
// rtsp://HOST:PORT/cam<N>/main and /cam<N>/sub, PTZ cameras with an ONVIF service, live cameras with the wall
// clock in the picture, and fault injection. One shared tick drives every loop camera.
import { VigieError } from '../src/core/errors.js';
import { silentLogger, type Logger } from '../src/core/logger.js';
import { type VideoCodec, Hub } from '../src/media/hub/index.js';
import { planCameras, type CameraKind } from './camera-plan.js';
import { SimulatedCamera } from './simulated-camera.js';
import { startControlServer } from './control-server.js';
import type { FaultKind } from './faults.js';
import { FrameScheduler } from './frame-scheduler.js';
import { LoopLibrary } from './loop-library.js';
import { TICK_HZ } from './loop-spec.js';
import { loadScene } from './ptz/scene.js';
import type { PtzCamera } from './ptz/ptz-camera.js';
export { PTZ_WINDOW, SCENE_HEIGHT, SCENE_WIDTH } from './ptz/scene.js';
export { PTZ_HEIGHT, PTZ_WIDTH, readPtzBarcode, type PtzCamera } from './ptz/ptz-camera.js';
export { viewportFor, type Viewport } from './ptz/viewport.js';
import { startRtspEndpoint } from './rtsp-endpoint.js';
import type { Credentials } from './onvif/ws-security.js';
import { startDiscoveryResponder } from './onvif/discovery.js';

export type { FaultKind } from './faults.js';
export { FAULT_KINDS } from './faults.js';
export { readFrameBarcode } from './frame-overlay.js';
export { SIM_ERRORS } from './errors.js';

export interface SimulatorOptions {
  readonly cameras: number;
  /** RTSP port; 0 picks a free one. */
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** ONVIF and fault-control HTTP port; default 0 (a free one). */
  readonly controlPort?: number;
  /** WS-Discovery responder's UDP port for the PTZ cameras (3702 is the standard one; 0 a free one); absent: none. */
  readonly discoveryPort?: number;
  readonly clips?: readonly string[];
  readonly live?: number;
  readonly ptz?: number;
  /** Codec of every camera (default h264)… */
  readonly codec?: VideoCodec;
  /** …or only the last N cameras in H.265. */
  readonly h265Cameras?: number;
  /** "user:pass" or credentials: RTSP (Digest and Basic) and ONVIF (WS-Security) then require them. */
  readonly auth?: string | Credentials;
  readonly cacheDir: string;
  readonly logger?: Logger;
}

export interface SimulatorCameraUrls {
  readonly camera: number;
  readonly kind: CameraKind;
  readonly codec: VideoCodec;
  readonly main: string;
  readonly sub: string;
  /** ONVIF device service, for PTZ cameras. */
  readonly onvif?: string;
}

export interface Simulator {
  readonly urls: readonly SimulatorCameraUrls[];
  readonly rtspPort: number;
  readonly onvifPort: number;
  /** A PTZ camera's head and picture log, for tests that move it directly. */
  ptz(camera: number): PtzCamera | undefined;
  /** UDP port of the WS-Discovery responder, when started (options.discoveryPort). */
  readonly discoveryPort?: number;
  fault(camera: number, kind: FaultKind): void;
  restore(camera: number): void;
  close(): Promise<void>;
}

export function parseAuth(auth: string | Credentials | undefined): Credentials | undefined {
  if (auth === undefined || typeof auth !== 'string') return auth;
  const colon = auth.indexOf(':');
  if (colon <= 0) throw new VigieError('VIGIE_SIM_OPTIONS', 'auth must be "user:password"', { status: 400 });
  return { username: auth.slice(0, colon), password: auth.slice(colon + 1) };
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const credentials = parseAuth(options.auth);
  const plans = planCameras(options);
  const library = new LoopLibrary(options.cacheDir);
  // Everything ffmpeg must render on first use, at once: the PTZ scene and every loop the cameras play.
  const loops = plans.filter((plan) => plan.kind === 'loop').flatMap((plan) => [library.get(plan.codec, 'main', plan.clip), library.get(plan.codec, 'sub', plan.clip)]);
  const [scene] = await Promise.all([plans.some((plan) => plan.kind === 'ptz') ? loadScene(options.cacheDir) : undefined, ...loops]);
  const hub = new Hub({ onConsumerError: (key, label, error) => logger.warn({ err: error, stream: key, consumer: label }, 'simulator client failed') });
  const cameras = await Promise.all(plans.map((plan) => SimulatedCamera.create(plan, { hub, library, scene, logger })));
  const byNumber = new Map(cameras.map((camera) => [camera.plan.camera, camera]));
  const camera = (n: number): SimulatedCamera => {
    const found = byNumber.get(n);
    if (found === undefined) throw new VigieError('VIGIE_SIM_NO_CAMERA', `no camera ${n}`, { status: 404 });
    return found;
  };
  const closers: Array<() => Promise<void> | void> = [() => hub.close(), () => cameras.forEach((c) => c.close())];
  try {
    await Promise.all(cameras.map((c) => c.ready()));
    const scheduler = new FrameScheduler(TICK_HZ);
    for (const c of cameras) scheduler.add((tick, now) => c.onTick(tick, now));
    scheduler.start();
    closers.push(() => scheduler.stop());

    const rtsp = await startRtspEndpoint({ host, port: options.port, credentials, hub, logger, exists: (path) => PATH.test(path) && byNumber.has(Number(PATH.exec(path)?.[1])) });
    closers.push(() => rtsp.close());
    const fault = (n: number, kind: FaultKind): void => {
      camera(n).fault(kind);
      logger.info({ camera: n, fault: kind }, 'simulator fault injected');
    };
    const restore = (n: number): void => {
      camera(n).restore();
      logger.info({ camera: n }, 'simulator camera restored');
    };
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const control = await startControlServer({
      host,
      port: options.controlPort ?? 0,
      credentials,
      logger,
      target: {
        // Stream URIs name the host the ONVIF client reached, so that they work from another machine too.
        onvifDevice: (n, baseUrl) => byNumber.get(n)?.onvifDevice(baseUrl, rtspUrl(new URL(baseUrl).hostname, rtsp.port, n)),
        snapshot: (n) => byNumber.get(n)?.snapshot(),
        fault,
        restore,
      },
    });
    closers.push(() => control.close());
    const urls = cameras.map((c): SimulatorCameraUrls => {
      const base = rtspUrl(shownHost, rtsp.port, c.plan.camera);
      const onvif = c.plan.kind === 'ptz' ? { onvif: `http://${shownHost}:${control.port}/onvif/cam${c.plan.camera}/device_service` } : {};
      return { camera: c.plan.camera, kind: c.plan.kind, codec: c.plan.codec, main: `${base}/main`, sub: `${base}/sub`, ...onvif };
    });
    const discovery =
      options.discoveryPort === undefined
        ? undefined
        : await startDiscoveryResponder({
            host,
            port: options.discoveryPort,
            logger,
            devices: () => urls.flatMap((u) => (u.onvif === undefined ? [] : [{ camera: u.camera, xaddr: u.onvif }])),
          });
    if (discovery !== undefined) closers.push(() => discovery.close());
    logger.info({ cameras: cameras.length, rtspPort: rtsp.port, onvifPort: control.port, discoveryPort: discovery?.port }, 'camera simulator started');
    let closing: Promise<void> | undefined;
    return {
      urls,
      rtspPort: rtsp.port,
      onvifPort: control.port,
      ptz: (n) => byNumber.get(n)?.ptz,
      ...(discovery === undefined ? {} : { discoveryPort: discovery.port }),
      fault,
      restore,
      close: () => (closing ??= closeAll(closers)),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

const PATH = /^cam(\d+)\/(?:main|sub)$/;

function rtspUrl(host: string, port: number, camera: number): string {
  return `rtsp://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}/cam${camera}`;
}

async function closeAll(closers: Array<() => Promise<void> | void>): Promise<void> {
  for (const close of closers.reverse()) await close();
}

// The PTZ camera through the `onvif` npm package (an independent ONVIF client): connection with WS-Security,
// profiles and stream URI, moves, presets, refused credentials; the picture really moves; fault control over HTTP.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { startSimulator, type Simulator } from './index.js';
import { grabGrayFrames, meanAbsDiff, TEST_CACHE_DIR } from './test-support.js';

interface OnvifCam {
  profiles: Array<{ $: { token: string } }>;
  getStreamUri(options: { protocol: string; profileToken?: string }, callback: (error: Error | null, media: { uri: string }) => void): void;
  getSnapshotUri(options: object, callback: (error: Error | null, media: { uri: string }) => void): void;
  continuousMove(options: { x: number; y: number; zoom: number }, callback: (error: Error | null, value: unknown) => void): void;
  absoluteMove(options: { x: number; y: number; zoom: number }, callback: (error: Error | null, value: unknown) => void): void;
  stop(options: object, callback: (error: Error | null, value: unknown) => void): void;
  getStatus(options: object, callback: (error: Error | null, status: { position: { x: number; y: number; zoom: number }; moveStatus: { panTilt: string } }) => void): void;
  setPreset(options: { presetName: string }, callback: (error: Error | null, value: unknown) => void): void;
  getPresets(options: object, callback: (error: Error | null, presets: Record<string, { $: { token: string } }>) => void): void;
  gotoPreset(options: { preset: string }, callback: (error: Error | null, value: unknown) => void): void;
}
type CamConstructor = new (options: Record<string, unknown>, callback: (error: Error | null) => void) => OnvifCam;
const { Cam } = createRequire(import.meta.url)('onvif') as { Cam: CamConstructor };

const AUTH = { username: 'operator', password: 'ptz-pass' };

function connect(port: number, password: string): Promise<OnvifCam> {
  return new Promise((resolve, reject) => {
    const cam: OnvifCam = new Cam({ hostname: '127.0.0.1', port, path: '/onvif/cam1/device_service', username: AUTH.username, password, timeout: 10_000 }, (error) =>
      error ? reject(error) : resolve(cam),
    );
  });
}

function call<T>(invoke: (callback: (error: Error | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => invoke((error, value) => (error ? reject(error) : resolve(value))));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PTZ camera over ONVIF', { timeout: 120_000 }, () => {
  let sim: Simulator;
  let cam: OnvifCam;
  const status = () => call<{ position: { x: number; y: number; zoom: number }; moveStatus: { panTilt: string } }>((cb) => cam.getStatus({}, cb));
  const idle = async () => {
    for (let i = 0; i < 100 && (await status()).moveStatus.panTilt !== 'IDLE'; i += 1) await sleep(100);
  };

  before(async () => {
    sim = await startSimulator({ cameras: 2, ptz: 1, port: 0, auth: AUTH, cacheDir: TEST_CACHE_DIR });
    cam = await connect(sim.onvifPort, AUTH.password);
  });
  after(async () => {
    await sim?.close();
  });

  test('connects with WS-Security and lists the main and sub profiles with their RTSP URIs', async () => {
    assert.equal(sim.urls[0]?.onvif, `http://127.0.0.1:${sim.onvifPort}/onvif/cam1/device_service`);
    assert.equal(sim.urls[1]?.onvif, undefined);
    assert.deepEqual(
      cam.profiles.map((p) => p.$.token),
      ['main', 'sub'],
    );
    assert.equal((await call<{ uri: string }>((cb) => cam.getStreamUri({ protocol: 'RTSP' }, cb))).uri, sim.urls[0]?.main);
    assert.equal((await call<{ uri: string }>((cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: 'sub' }, cb))).uri, sim.urls[0]?.sub);
    assert.match((await call<{ uri: string }>((cb) => cam.getSnapshotUri({}, cb))).uri, /\/onvif\/cam1\/snapshot\.jpg$/);
  });

  test('a wrong password is refused', async () => {
    await assert.rejects(connect(sim.onvifPort, 'wrong'), /not authorized/i);
  });

  test('ContinuousMove then Stop pans the head; a preset brings it back', async () => {
    await call((cb) => cam.absoluteMove({ x: 0, y: 0, zoom: 0 }, cb));
    await idle();
    await call((cb) => cam.setPreset({ presetName: 'centre' }, cb));
    await call((cb) => cam.continuousMove({ x: 0.8, y: -0.5, zoom: 0 }, cb));
    await sleep(600);
    await call((cb) => cam.stop({}, cb));
    const moved = (await status()).position;
    assert.ok(moved.x > 0.1 && moved.y < -0.05, `moved to ${JSON.stringify(moved)}`);
    const presets = await call<Record<string, { $: { token: string } }>>((cb) => cam.getPresets({}, cb));
    const token = presets['centre']?.$.token ?? '';
    await call((cb) => cam.gotoPreset({ preset: token }, cb));
    await idle();
    assert.deepEqual((await status()).position, { x: 0, y: 0, zoom: 0 });
  });

  test('the picture pans and zooms with the head', async () => {
    const lastFrame = async (): Promise<Uint8Array> => {
      // 30 frames at 12.5 fps: well past the keyframe cache, so the last one shows the head's current view.
      const frames = await grabGrayFrames(sim.urls[0]?.main.replace('rtsp://', `rtsp://${AUTH.username}:${AUTH.password}@`) ?? '', 64, 36, 30);
      assert.equal(frames.length, 30);
      return frames[29] ?? new Uint8Array();
    };
    await call((cb) => cam.absoluteMove({ x: -1, y: 1, zoom: 0 }, cb));
    await idle();
    const before = await lastFrame();
    const still = await lastFrame();
    await call((cb) => cam.absoluteMove({ x: 1, y: -1, zoom: 1 }, cb));
    await idle();
    const after = await lastFrame();
    assert.ok(meanAbsDiff(before, still) < 8, `a still head gives a still picture (${meanAbsDiff(before, still)})`);
    assert.ok(meanAbsDiff(before, after) > 20, `the view changed (${meanAbsDiff(before, after)})`);
  });

  test('serves a JPEG snapshot and a fault-control endpoint', async () => {
    const basic = `Basic ${Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64')}`;
    const snapshot = await fetch(`http://127.0.0.1:${sim.onvifPort}/onvif/cam1/snapshot.jpg`, { headers: { authorization: basic } });
    assert.equal(snapshot.status, 200);
    assert.deepEqual([...new Uint8Array(await snapshot.arrayBuffer()).subarray(0, 2)], [0xff, 0xd8]);
    assert.equal((await fetch(`http://127.0.0.1:${sim.onvifPort}/onvif/cam1/snapshot.jpg`)).status, 401);
    const post = (path: string, body: unknown) => fetch(`http://127.0.0.1:${sim.onvifPort}${path}`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await post('/sim/cam2/fault', { kind: 'stall' })).status, 200);
    assert.equal((await post('/sim/cam2/restore', {})).status, 200);
    assert.equal((await post('/sim/cam2/fault', { kind: 'melt' })).status, 400);
    assert.equal((await post('/sim/cam1/fault', { kind: 'resolution' })).status, 400);
    assert.equal((await post('/sim/cam9/fault', { kind: 'stall' })).status, 404);
  });
});

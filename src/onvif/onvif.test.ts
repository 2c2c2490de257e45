// Vigie's ONVIF client against the simulator's PTZ camera, cross-checked with the `onvif` npm package (an
// independent implementation) reading the same device; clear French errors for bad credentials, a device that
// does not answer, garbage, SOAP faults; WS-Discovery on loopback.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { isVigieError } from '../core/errors.js';
import { OnvifClient, inspectOnvifDevice, probeOnvifDevices, WS_DISCOVERY_GROUP } from './index.js';

interface NpmCam {
  profiles: Array<{ $: { token: string } }>;
  getStreamUri(options: { protocol: string; profileToken?: string }, callback: (error: Error | null, media: { uri: string }) => void): void;
  getSnapshotUri(options: { profileToken?: string }, callback: (error: Error | null, media: { uri: string }) => void): void;
  getStatus(options: object, callback: (error: Error | null, status: { position: { x: number; y: number; zoom: number }; moveStatus: { panTilt: string } }) => void): void;
  getPresets(options: object, callback: (error: Error | null, presets: Record<string, { $: { token: string }; PTZPosition: { panTilt: { $: { x: number; y: number } } } }>) => void): void;
}
type CamConstructor = new (options: Record<string, unknown>, callback: (error: Error | null) => void) => NpmCam;
const { Cam } = createRequire(import.meta.url)('onvif') as { Cam: CamConstructor };

// ASCII: the `onvif` npm package hashes a non-ASCII password otherwise than UTF-8 (the simulator and Vigie use UTF-8).
const AUTH = { username: 'admin-onvif', password: 'securite-ptz' };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const call = <T>(invoke: (callback: (error: Error | null, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => invoke((error, value) => (error ? reject(error) : resolve(value))));

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isVigieError(error), `expected a VigieError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.ok(!error.message.includes(AUTH.password), 'the password never appears in a message');
    return error.message;
  }
  assert.fail(`expected ${code}`);
}

describe('ONVIF client', { timeout: 180_000 }, () => {
  let sim: Simulator;
  let deviceUrl: string;
  const client = (): OnvifClient => new OnvifClient({ url: deviceUrl, credentials: AUTH, timeoutMs: 10_000 });

  before(async () => {
    sim = await startSimulator({ cameras: 2, ptz: 1, port: 0, auth: AUTH, discoveryPort: 0, cacheDir: TEST_CACHE_DIR });
    deviceUrl = sim.urls[0]?.onvif ?? '';
    assert.ok(deviceUrl !== '');
  });
  after(async () => {
    await sim?.close();
  });

  test('inspects the PTZ camera: identity, profiles, main and sub RTSP URIs, snapshot, PTZ limits', async () => {
    const seen = await inspectOnvifDevice(deviceUrl, AUTH, 10_000);
    assert.equal(seen.device.manufacturer, 'Vigie');
    assert.equal(seen.device.serialNumber, 'SIM-1');
    assert.deepEqual(seen.profiles.map((p) => p.token).sort(), ['main', 'sub']);
    assert.equal(seen.mainProfile, 'main');
    assert.equal(seen.subProfile, 'sub');
    assert.equal(seen.mainUri, sim.urls[0]?.main);
    assert.equal(seen.subUri, sim.urls[0]?.sub);
    assert.equal(seen.snapshotUri, `http://127.0.0.1:${sim.onvifPort}/onvif/cam1/snapshot.jpg`);
    assert.deepEqual(seen.ptz, { pan: { min: -1, max: 1 }, tilt: { min: -1, max: 1 }, zoom: { min: 0, max: 1 }, maxPresets: 32, homeSupported: true });
  });

  test('moves, status, presets and home change the head as the `onvif` npm package also reads it', async () => {
    const ours = client();
    const npm = await new Promise<NpmCam>((resolve, reject) => {
      const cam: NpmCam = new Cam({ hostname: '127.0.0.1', port: sim.onvifPort, path: '/onvif/cam1/device_service', username: AUTH.username, password: AUTH.password, timeout: 10_000 }, (error) =>
        error ? reject(error) : resolve(cam),
      );
    });
    // Both read the same profiles and URIs.
    assert.deepEqual(
      npm.profiles.map((p) => p.$.token),
      (await ours.getProfiles()).map((p) => p.token),
    );
    for (const token of ['main', 'sub']) {
      assert.equal((await call<{ uri: string }>((cb) => npm.getStreamUri({ protocol: 'RTSP', profileToken: token }, cb))).uri, await ours.getStreamUri(token));
    }
    assert.equal((await call<{ uri: string }>((cb) => npm.getSnapshotUri({ profileToken: 'main' }, cb))).uri, await ours.getSnapshotUri('main'));

    const idle = async (): Promise<void> => {
      for (let i = 0; i < 100 && (await ours.getStatus('main')).moving; i += 1) await sleep(100);
    };
    await ours.absoluteMove('main', { pan: 0.4, tilt: -0.2, zoom: 0.5 });
    await idle();
    const status = await ours.getStatus('main');
    assert.deepEqual([status.pan, status.tilt, status.zoom, status.moving], [0.4, -0.2, 0.5, false]);
    const theirs = await call<{ position: { x: number; y: number; zoom: number }; moveStatus: { panTilt: string } }>((cb) => npm.getStatus({}, cb));
    assert.deepEqual([theirs.position.x, theirs.position.y, theirs.position.zoom, theirs.moveStatus.panTilt], [status.pan, status.tilt, status.zoom, 'IDLE']);

    await ours.relativeMove('main', { pan: -0.1, tilt: 0.1 });
    await idle();
    const moved = await ours.getStatus('main');
    assert.ok(Math.abs(moved.pan - 0.3) < 1e-3 && Math.abs(moved.tilt + 0.1) < 1e-3, JSON.stringify(moved));

    await ours.continuousMove('main', { pan: 1 });
    await sleep(400);
    assert.equal((await ours.getStatus('main')).moving, true);
    await ours.stop('main');
    const stopped = await ours.getStatus('main');
    assert.equal(stopped.moving, false);
    assert.ok(stopped.pan > moved.pan, 'the continuous move panned right');

    const token = await ours.setPreset('main', 'Entrée mairie');
    const presets = await ours.getPresets('main');
    const preset = presets.find((p) => p.token === token);
    assert.equal(preset?.name, 'Entrée mairie');
    assert.ok(Math.abs((preset?.position?.pan ?? 9) - stopped.pan) < 1e-3);
    const npmPresets = await call<Record<string, { $: { token: string }; PTZPosition: { panTilt: { $: { x: number; y: number } } } }>>((cb) => npm.getPresets({}, cb));
    assert.equal(npmPresets['Entrée mairie']?.$.token, token, 'the npm client sees the preset Vigie stored');
    assert.equal(npmPresets['Entrée mairie']?.PTZPosition.panTilt.$.x, preset?.position?.pan, 'and reads the same position');

    await ours.gotoHomePosition('main');
    await idle();
    assert.deepEqual(await ours.getStatus('main').then((s) => [s.pan, s.tilt, s.zoom]), [0, 0, 0]);
    await ours.gotoPreset('main', token);
    await idle();
    assert.ok(Math.abs((await ours.getStatus('main')).pan - stopped.pan) < 1e-3);
    await ours.removePreset('main', token);
    assert.equal(
      (await ours.getPresets('main')).some((p) => p.token === token),
      false,
    );
  });

  test('bad credentials, SOAP faults, a fixed camera and a silent device give French errors', async () => {
    const wrong = new OnvifClient({ url: deviceUrl, credentials: { username: AUTH.username, password: 'faux' }, timeoutMs: 5000 });
    assert.match(await rejectsWith(wrong.getDeviceInformation(), 'VIGIE_ONVIF_AUTH'), /refuse l'identifiant ou le mot de passe/);
    assert.match(await rejectsWith(client().gotoPreset('main', 'nope'), 'VIGIE_ONVIF_FAULT'), /a refusé la commande \(erreur SOAP « NoToken » \)|NoToken/);
    // cam2 is a fixed camera: no ONVIF device at its path.
    const fixed = new OnvifClient({ url: deviceUrl.replace('/cam1/', '/cam2/'), credentials: AUTH, timeoutMs: 5000 });
    await rejectsWith(fixed.getDeviceInformation(), 'VIGIE_ONVIF_BAD_RESPONSE');
    // A closed port.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    assert.match(await rejectsWith(new OnvifClient({ url: `127.0.0.1:${closedPort}`, credentials: AUTH, timeoutMs: 2000 }).getProfiles(), 'VIGIE_ONVIF_UNREACHABLE'), /ne répond pas/);
    await rejectsWith(
      Promise.resolve().then(() => new OnvifClient({ url: 'ftp://x' })),
      'VIGIE_ONVIF_ADDRESS_INVALID',
    );
  });

  test('garbage XML and a device that never answers', async () => {
    let mode: 'garbage' | 'silent' = 'garbage';
    const server: Server = createServer((request, response) => {
      request.resume();
      if (mode === 'garbage') response.end('<s:Envelope><s:Body><oops></s:Envelope>');
      // silent: never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/onvif/device_service`;
    try {
      await rejectsWith(new OnvifClient({ url, timeoutMs: 3000 }).getDeviceInformation(), 'VIGIE_ONVIF_BAD_RESPONSE');
      mode = 'silent';
      await rejectsWith(new OnvifClient({ url, timeoutMs: 1000 }).getDeviceInformation(), 'VIGIE_ONVIF_UNREACHABLE');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('WS-Discovery: a unicast probe on loopback finds the PTZ camera', async () => {
    assert.ok(sim.discoveryPort !== undefined);
    const found = await probeOnvifDevices({ localAddress: '127.0.0.1', target: '127.0.0.1', port: sim.discoveryPort, waitMs: 1500 });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.xaddrs, [deviceUrl]);
    assert.equal(found[0]?.name, 'Vigie-sim-cam1');
    assert.equal(found[0]?.from, '127.0.0.1');
  });

  test('WS-Discovery: a multicast probe on lo (where the kernel routes it)', async (t) => {
    const found = await probeOnvifDevices({ localAddress: '127.0.0.1', target: WS_DISCOVERY_GROUP, port: sim.discoveryPort ?? 0, waitMs: 1500 }).catch(() => undefined);
    if (found === undefined || found.length === 0) {
      t.skip('multicast on lo is not routed on this machine (unicast discovery is tested above)');
      return;
    }
    assert.deepEqual(found[0]?.xaddrs, [deviceUrl]);
  });
});

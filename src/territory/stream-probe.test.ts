import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { NARROW_FIELD_FLOOR, WIDE_FIELD_FLOOR, floorFor } from './legal-floors.js';
import { probeStream } from './stream-probe.js';

const AUTH = { username: 'installer', password: 'p@ss:w/rd' };

describe("stream probe (Vigie's RTSP client against the simulator)", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ cameras: 1, port: 0, auth: AUTH, cacheDir: TEST_CACHE_DIR });
  });
  after(() => sim.close());

  it('measures the main stream and finds it above the narrow-field floor', async () => {
    const camera = sim.urls[0];
    assert.ok(camera);
    const result = await probeStream({ url: camera.main, ...AUTH }, NARROW_FIELD_FLOOR);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.codec, 'h264');
    assert.deepEqual([result.width, result.height], [1280, 720]);
    assert.equal(result.frameRate, 25);
    assert.ok(result.profile !== null && result.bitrateKbps !== null && result.bitrateKbps > 0, `profile ${result.profile}, ${result.bitrateKbps} kb/s`);
    assert.deepEqual(result.belowFloor, []);
  });

  it('finds the 640×360 sub stream below the narrow-field floor and above the wide-field one', async () => {
    const sub = sim.urls[0]?.sub ?? '';
    const narrow = await probeStream({ url: sub, ...AUTH }, NARROW_FIELD_FLOOR);
    assert.ok(narrow.ok);
    assert.deepEqual([narrow.width, narrow.height, narrow.belowFloor], [640, 360, ['resolution']]);
    const wide = await probeStream({ url: sub, ...AUTH }, WIDE_FIELD_FLOOR);
    assert.ok(wide.ok);
    assert.deepEqual(wide.belowFloor, []);
  });

  it('reports wrong credentials, a wrong path and a closed port as reasons, never with the password', async () => {
    const main = sim.urls[0]?.main ?? '';
    const wrong = await probeStream({ url: main, username: 'installer', password: 'nope' }, WIDE_FIELD_FLOOR);
    assert.deepEqual(wrong, { ok: false, failure: 'unauthorized' });
    const missing = await probeStream({ url: main.replace('/cam1/', '/cam9/'), ...AUTH }, WIDE_FIELD_FLOOR);
    assert.equal(missing.ok, false);
    assert.ok(!JSON.stringify(missing).includes('p@ss'));
    const closed = await probeStream({ url: 'rtsp://127.0.0.1:9/x' }, WIDE_FIELD_FLOOR, { timeoutMs: 5000 });
    assert.deepEqual(closed, { ok: false, failure: 'unreachable' });
  });

  it('applies the narrow-field floor except to traffic-regulation cameras', () => {
    assert.equal(floorFor({ narrowField: true, purposes: ['crime-prevention'] }).class, 'narrow');
    assert.equal(floorFor({ narrowField: true, purposes: ['traffic-regulation'] }).class, 'wide');
    assert.equal(floorFor({ narrowField: false, purposes: ['crime-prevention'] }).class, 'wide');
  });
});

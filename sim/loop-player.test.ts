// The loop player's timeline on the shared tick, with a hand-made loop (no encoder needed): keyframe pre-roll,
// monotonic 90 kHz timestamps across loop wraps, restart at a keyframe, and a switch of loop (track change).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lengthPrefixed, type AccessUnit, type TrackInfo, Hub } from '../src/media/hub/index.js';
import { CameraFaults } from './faults.js';
import { LoopPlayer } from './loop-player.js';
import type { PreparedLoop } from './prepared-loop.js';
import { SimStream } from './sim-stream.js';

function fakeLoop(frames: number, gop: number, fps: number, width: number): PreparedLoop {
  const track: TrackInfo = { codec: 'h264', clockRate: 90_000, payloadType: 96, parameterSets: undefined, width, height: width / 2, frameRate: fps };
  const pictures = Array.from({ length: frames }, (_, i) => ({ ...lengthPrefixed([Uint8Array.of(i % gop === 0 ? 0x65 : 0x41, i)]), isKeyframe: i % gop === 0, rtpPackets: [] }));
  return { codec: 'h264', track, pictures, fps, label: `fake ${width}` };
}

function collect(hub: Hub, key: string): { units: AccessUnit[]; tracks: TrackInfo[] } {
  const seen = { units: [] as AccessUnit[], tracks: [] as TrackInfo[] };
  hub.subscribe(
    key,
    { label: 'test', start: (track) => seen.tracks.push(track), accept: (unit) => void seen.units.push(unit), stop: () => undefined },
    { startAt: 'next-keyframe', maxQueuedBytes: 1 << 30 },
  );
  return seen;
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('starts with the pictures since the last keyframe, then one picture per frame with growing timestamps across wraps', async () => {
  const hub = new Hub();
  const stream = new SimStream('cam1/main', new CameraFaults(), hub);
  const seen = collect(hub, 'cam1/main');
  const player = new LoopPlayer(stream, fakeLoop(20, 10, 25, 1280), 13);
  for (let tick = 100; tick < 160; tick += 1) player.onTick(tick, tick * 40);
  await flush();
  const indices = seen.units.map((unit) => unit.nalUnits[0]?.[1]);
  assert.deepEqual(indices.slice(0, 5), [10, 11, 12, 13, 14], 'pre-roll from keyframe 10 up to the phase');
  assert.equal(seen.units.length, 3 + 60);
  assert.ok(seen.units[0]?.isKeyframe);
  for (let i = 1; i < seen.units.length; i += 1) {
    assert.equal((seen.units[i]?.dts90k ?? 0) - (seen.units[i - 1]?.dts90k ?? 0), 3600, `frame ${i} advances by 40 ms`);
    assert.equal(indices[i], ((indices[i - 1] ?? 0) + 1) % 20);
  }
  assert.equal(seen.units.filter((unit) => unit.isKeyframe).length, 1 + 6);
  stream.close();
});

test('a 12.5 fps loop publishes on every other tick; restart and switch resume at a keyframe', async () => {
  const hub = new Hub();
  const stream = new SimStream('cam1/sub', new CameraFaults(), hub);
  const seen = collect(hub, 'cam1/sub');
  const slow = fakeLoop(10, 5, 12.5, 640);
  const player = new LoopPlayer(stream, slow, 2);
  for (let tick = 0; tick < 10; tick += 1) player.onTick(tick, tick * 40);
  player.restart();
  for (let tick = 10; tick < 14; tick += 1) player.onTick(tick, tick * 40);
  const other = fakeLoop(10, 5, 25, 1280);
  player.switchLoop(other);
  for (let tick = 14; tick < 17; tick += 1) player.onTick(tick, tick * 40);
  await flush();
  const indices = seen.units.map((unit) => unit.nalUnits[0]?.[1]);
  assert.deepEqual(indices, [0, 1, 2, 3, 4, 5, 6, 0, 1, 0, 1, 2]);
  // 2 pre-roll frames of 80 ms put tick t at (t + 4) × 40 ms.
  assert.deepEqual(
    seen.units.map((unit) => unit.dts90k).slice(-5),
    [10, 12, 14, 15, 16].map((tick) => (tick + 4) * 3600),
  );
  assert.deepEqual(
    seen.tracks.map((track) => track.width),
    [640, 1280],
  );
  stream.close();
});

test('a stalled camera publishes nothing and a garbage camera publishes noise', async () => {
  const hub = new Hub();
  const faults = new CameraFaults();
  const stream = new SimStream('cam1/main', faults, hub);
  const seen = collect(hub, 'cam1/main');
  const player = new LoopPlayer(stream, fakeLoop(10, 5, 25, 1280), 0);
  player.onTick(0, 0);
  faults.stalled = true;
  player.onTick(1, 40);
  faults.clear();
  faults.garbage = true;
  player.onTick(2, 80);
  await flush();
  assert.equal(seen.units.length, 2);
  assert.notDeepEqual(seen.units[1]?.nalUnits[0], Uint8Array.of(0x41, 2));
  assert.equal(seen.units[1]?.rtpPackets?.[0]?.[0], 0x80, 'still an RTP version 2 header');
  stream.close();
});

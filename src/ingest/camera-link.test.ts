import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { Hub, lengthPrefixed, type AccessUnit, type TrackInfo } from '../media/hub/index.js';
import { CameraLink } from './camera-link.js';
import type { StreamStateChange } from './health.js';
import type { OpenSession, SessionEvents } from './source-session.js';

const track: TrackInfo = { codec: 'h264', clockRate: 90000, payloadType: 96, parameterSets: undefined, width: 640, height: 360, frameRate: 25 };
const unit = (i: number): AccessUnit => ({ ...lengthPrefixed([new Uint8Array(100)]), dts90k: i * 3600, pts90k: i * 3600, wallClockMs: Date.now(), isKeyframe: i % 25 === 0 });

/** Scripted sessions, one per connection attempt: how the camera behaves each time. */
function scripted(attempts: Array<(events: SessionEvents, end: (reason?: unknown) => void) => void | Error>): { open: OpenSession; opened: () => number } {
  let index = 0;
  const open: OpenSession = async (_target, events) => {
    const script = attempts[Math.min(index, attempts.length - 1)];
    index += 1;
    let end: (reason?: unknown) => void = () => undefined;
    const ended = new Promise<unknown>((resolve) => (end = resolve));
    const failure = script?.(events, end);
    if (failure instanceof Error) throw failure;
    return { track, ended, counters: () => ({ framesLost: 0, malformedPackets: 0 }), close: () => end(undefined) };
  };
  return { open, opened: () => index };
}

it('reconnects with backoff after rejected credentials and a dropped connection, reporting each state', async () => {
  const hub = new Hub();
  const changes: StreamStateChange[] = [];
  const errors: string[] = [];
  const camera = scripted([
    () => new VigieError('VIGIE_RTSP_AUTH_REJECTED', 'DESCRIBE answered 401 Unauthorized', { status: 401 }),
    (events, end) => {
      for (let i = 0; i < 30; i += 1) events.unit(unit(i));
      setTimeout(() => end(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })), 20);
    },
    (events) => {
      for (let i = 0; i < 5; i += 1) events.unit(unit(i));
    },
  ]);
  const link = new CameraLink({
    cameraId: 'cam-1',
    stream: 'main',
    target: { url: 'rtsp://127.0.0.1:1/cam1/main', username: 'u', password: 'secret' },
    hub,
    openSession: camera.open,
    clock: systemClock,
    backoff: { initialMs: 10, maxMs: 40 },
    onStateChange: (change) => changes.push(change),
    onSessionError: (error) => errors.push(`${error.kind}: ${error.message}`),
  });
  const received: AccessUnit[] = [];
  hub.subscribe('cam-1/main', { label: 'test', start: () => undefined, accept: (u) => void received.push(u), stop: () => undefined }, { startAt: 'next-keyframe', maxQueuedBytes: 1e6 });
  link.start();
  for (let waited = 0; camera.opened() < 3 && waited < 2000; waited += 10) await sleep(10);
  await sleep(20);
  assert.equal(camera.opened(), 3);
  assert.deepEqual(errors, ['auth-rejected: the camera rejected the credentials: DESCRIBE answered 401 Unauthorized', 'closed-by-camera: the camera closed the connection: read ECONNRESET']);
  assert.deepEqual(
    changes.map((c) => `${c.from}→${c.to}`),
    ['idle→offline', 'offline→online', 'online→offline', 'offline→online'],
  );
  assert.equal(changes[2]?.error?.kind, 'closed-by-camera');
  assert.equal(received.length, 35, 'every unit of both sessions reached the hub');
  const health = link.health();
  assert.equal(health.state, 'online');
  assert.equal(health.reconnects, 2);
  assert.equal(health.framesReceived, 35);
  assert.equal(health.width, 640);
  assert.ok(!JSON.stringify(health).includes('secret'));
  await link.stop();
  assert.equal(link.health().state, 'idle');
  assert.equal(hub.stats().length, 1, 'the subscriber stays; the publisher is gone');
  assert.equal(hub.streamStats('cam-1/main')?.hasPublisher, false);
});

it('closes a session that stops sending and classifies it as a timeout', async () => {
  const hub = new Hub();
  const errors: string[] = [];
  const camera = scripted([(events) => events.unit(unit(0))]);
  let nowMs = 1_000_000;
  const link = new CameraLink({
    cameraId: 'cam-2',
    stream: 'main',
    target: { url: 'rtsp://127.0.0.1:1/x' },
    hub,
    openSession: camera.open,
    clock: { now: () => nowMs },
    stallTimeoutMs: 5_000,
    backoff: { initialMs: 10, maxMs: 10 },
    onStateChange: () => undefined,
    onSessionError: (error) => errors.push(error.kind),
  });
  link.start();
  await sleep(10);
  nowMs += 3_000;
  link.tick();
  assert.equal(link.health().state, 'degraded', 'late frames');
  nowMs += 3_000;
  link.tick();
  await sleep(5);
  assert.deepEqual(errors, ['timeout']);
  assert.equal(link.health().lastError?.message.startsWith('the camera did not answer in time: no picture for 6 s'), true);
  await link.stop();
});

it('reconnects at once to a new address, without reporting an error', async () => {
  const hub = new Hub();
  const urls: string[] = [];
  const errors: string[] = [];
  const open: OpenSession = async (target, events) => {
    urls.push(target.url);
    let end: (reason?: unknown) => void = () => undefined;
    const ended = new Promise<unknown>((resolve) => (end = resolve));
    setTimeout(() => events.unit(unit(0)), 5);
    return { track, ended, counters: () => ({ framesLost: 0, malformedPackets: 0 }), close: () => end(undefined) };
  };
  const link = new CameraLink({
    cameraId: 'cam-3',
    stream: 'main',
    target: { url: 'rtsp://old/x' },
    hub,
    openSession: open,
    clock: systemClock,
    onStateChange: () => undefined,
    onSessionError: (e) => errors.push(e.kind),
  });
  link.start();
  await sleep(20);
  link.retarget({ url: 'rtsp://new/x' });
  await sleep(20);
  assert.deepEqual(urls, ['rtsp://old/x', 'rtsp://new/x']);
  assert.deepEqual(errors, []);
  assert.equal(link.health().reconnects, 0);
  assert.equal(link.health().state, 'online');
  await link.stop();
});

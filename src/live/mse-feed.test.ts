import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFragments } from '../media/mp4/index.js';
import type { AccessUnit, TrackInfo } from '../media/hub/index.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { MseFeed } from './mse-feed.js';

class SocketWithBacklog {
  bufferedAmount = 0;
  readonly sent: Array<string | Uint8Array> = [];
  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
}

const shifted = (unit: AccessUnit, by90k: number): AccessUnit => ({ ...unit, dts90k: unit.dts90k + by90k, pts90k: unit.pts90k + by90k });

it('skips to the next keyframe when the socket backs up, and the timeline has no hole', async () => {
  const { track, units } = await encodeClip({ codec: 'h264', seconds: 3, gop: 25 });
  const socket = new SocketWithBacklog();
  const feed = new MseFeed({ label: 'viewer', socket, maxBufferedBytes: 1000, onStop: () => undefined });
  feed.start(track as TrackInfo);
  assert.equal(JSON.parse(socket.sent[0] as string).type, 'init');
  units.slice(0, 10).forEach((u) => feed.accept(u));
  socket.bufferedAmount = 5000;
  units.slice(10, 20).forEach((u) => feed.accept(u));
  socket.bufferedAmount = 0;
  units.slice(20, 60).forEach((u) => feed.accept(u));
  const stats = feed.stats();
  assert.equal(stats.fragmentsSent, 10 + 35, 'resumed at the keyframe of picture 25');
  assert.equal(stats.picturesSkipped, 15);
  const binaries = socket.sent.slice(2).filter((f): f is Uint8Array => typeof f !== 'string');
  const fragments = binaries.map((f) => parseFragments(f, 0).fragments[0]);
  const samples = fragments.map((f) => f?.samples[0]);
  assert.equal(samples[10]?.isKeyframe, true);
  // Continuous decode times across the skip: the browser never waits at a gap.
  for (let i = 1; i < samples.length; i += 1) assert.equal(samples[i]?.dts90k, (samples[i - 1]?.dts90k ?? 0) + 3600, `sample ${i}`);
  // A source restarting its timeline (camera reconnect) continues after the last picture too.
  feed.accept(shifted(units[50] as AccessUnit, -1_000_000));
  const last = parseFragments(socket.sent.at(-1) as Uint8Array, 0).fragments[0]?.samples[0];
  assert.equal(last?.dts90k, (samples.at(-1)?.dts90k ?? 0) + 3600);
});

it('waits for a track with parameter sets before sending anything', async () => {
  const { track, units } = await encodeClip({ codec: 'h264', seconds: 1, gop: 25 });
  const socket = new SocketWithBacklog();
  const feed = new MseFeed({ label: 'viewer', socket, onStop: () => undefined });
  feed.start({ ...track, parameterSets: undefined });
  units.slice(0, 5).forEach((u) => feed.accept(u));
  assert.equal(socket.sent.length, 0);
  feed.start(track);
  units.slice(0, 5).forEach((u) => feed.accept(u));
  assert.equal(socket.sent.filter((s) => typeof s !== 'string').length, 1 + 5);
});

it('maps the media timeline to wall-clock time before each keyframe', async () => {
  const { track, units } = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
  const socket = new SocketWithBacklog();
  const feed = new MseFeed({ label: 'viewer', socket, onStop: () => undefined });
  feed.start(track);
  const wallStart = 1_790_000_000_000;
  units.slice(0, 30).forEach((u) => feed.accept({ ...u, wallClockMs: wallStart + u.dts90k / 90 }));
  const clocks = socket.sent.filter((s): s is string => typeof s === 'string' && JSON.parse(s).type === 'clock').map((s) => JSON.parse(s) as { mediaMs: number; wallClockMs: number });
  assert.equal(clocks.length, 2, 'one per keyframe (pictures 0 and 25)');
  assert.deepEqual(clocks[0], { type: 'clock', mediaMs: 0, wallClockMs: wallStart + (units[0]?.dts90k ?? 0) / 90 });
  assert.equal((clocks[1]?.wallClockMs ?? 0) - (clocks[0]?.wallClockMs ?? 0), (clocks[1]?.mediaMs ?? 0) - (clocks[0]?.mediaMs ?? 0), 'the media and wall-clock timelines advance together');
});

it('keyframes only: sends the keyframes alone, at their real times, with their clock', async () => {
  const { track, units } = await encodeClip({ codec: 'h264', seconds: 4, gop: 25 });
  const socket = new SocketWithBacklog();
  const feed = new MseFeed({ label: 'viewer', socket, keyframesOnly: true, onStop: () => undefined });
  feed.start(track);
  units.forEach((u) => feed.accept(u));
  const samples = socket.sent
    .slice(2)
    .filter((f): f is Uint8Array => typeof f !== 'string')
    .map((f) => parseFragments(f, 0).fragments[0]?.samples[0]);
  assert.equal(samples.length, units.filter((u) => u.isKeyframe).length, 'one fragment per keyframe');
  assert.ok(samples.every((s) => s?.isKeyframe === true));
  // Each keyframe where it belongs (a GOP after the previous one) and one picture long: the player seeks to each.
  for (let i = 1; i < samples.length; i += 1) assert.equal(samples[i]?.dts90k, (samples[i - 1]?.dts90k ?? 0) + 25 * 3600, `sample ${i}`);
  assert.ok(samples.every((s) => s?.duration90k === 3600));
  assert.equal(socket.sent.filter((s) => typeof s === 'string' && JSON.parse(s).type === 'clock').length, samples.length, 'a clock message before each keyframe');
});

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
  const fragments = socket.sent.slice(2).map((f) => parseFragments(f as Uint8Array, 0).fragments[0]);
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
  assert.equal(socket.sent.length, 2 + 5);
});

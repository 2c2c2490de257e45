import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hub } from './hub.js';
import { lengthPrefixed, type AccessUnit, type SampleStorage, type TrackInfo } from './access-unit.js';
import type { StopReason, StreamConsumer } from './stream-consumer.js';

const track: TrackInfo = { codec: 'h264', clockRate: 90000, payloadType: 96, parameterSets: { sps: new Uint8Array([0x67, 1, 2]), pps: new Uint8Array([0x68, 3]) }, width: 1280, height: 720 };

function unit(index: number, gop: number, bytes = 1000): AccessUnit {
  return { ...lengthPrefixed([new Uint8Array(bytes)]), dts90k: index * 3600, pts90k: index * 3600, wallClockMs: index * 40, isKeyframe: index % gop === 0 };
}

class Recorder implements StreamConsumer {
  readonly label: string;
  readonly units: AccessUnit[] = [];
  readonly tracks: TrackInfo[] = [];
  readonly stops: StopReason[] = [];
  readonly #delayMs: number;
  constructor(label: string, delayMs = 0) {
    this.label = label;
    this.#delayMs = delayMs;
  }
  start(t: TrackInfo): void {
    this.tracks.push(t);
  }
  accept(u: AccessUnit): void | Promise<void> {
    this.units.push(u);
    if (this.#delayMs > 0) return sleep(this.#delayMs);
    return undefined;
  }
  stop(reason: StopReason): void {
    this.stops.push(reason);
  }
}

const options = { startAt: 'last-keyframe', maxQueuedBytes: 1_000_000 } as const;

/** Lets the subscribers' drain loops (started with setImmediate, ahead of this one) run, however late the loop is. */
const drained = async (): Promise<void> => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
};

describe('Hub', () => {
  it('a slow consumer drops until the next keyframe while the ingest and a fast consumer are not slowed', async () => {
    const hub = new Hub();
    const publisher = hub.publish('cam/main');
    publisher.setTrack(track);
    const fast = new Recorder('fast');
    const slow = new Recorder('slow', 20);
    hub.subscribe('cam/main', fast, options);
    const slowSub = hub.subscribe('cam/main', slow, { startAt: 'last-keyframe', maxQueuedBytes: 10_000 });
    const pushMs: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      const started = performance.now();
      publisher.push(unit(i, 25));
      pushMs.push(performance.now() - started);
      if (i % 25 === 24) await sleep(1);
    }
    await sleep(30);
    assert.equal(fast.units.length, 500, 'the fast consumer got every unit');
    assert.deepEqual(
      fast.units.map((u) => u.dts90k),
      Array.from({ length: 500 }, (_, i) => i * 3600),
    );
    // A median, not a maximum: on a shared machine any single call may be preempted.
    const medianPushMs = pushMs.sort((a, b) => a - b)[250] ?? Infinity;
    assert.ok(medianPushMs < 0.2, `push took ${medianPushMs} ms (median)`);
    const stats = slowSub.stats();
    assert.ok(stats.unitsDropped > 300, `slow consumer dropped ${stats.unitsDropped}`);
    assert.ok(stats.queuedBytes <= 10_000);
    // After each gap the slow consumer resumes on a keyframe.
    for (let i = 1; i < slow.units.length; i += 1) {
      const previous = slow.units[i - 1];
      const current = slow.units[i];
      assert.ok(previous !== undefined && current !== undefined);
      if (current.dts90k - previous.dts90k !== 3600) assert.ok(current.isKeyframe, `resumed at ${current.dts90k} without a keyframe`);
    }
    assert.equal(hub.streamStats('cam/main')?.unitsDropped, stats.unitsDropped);
    slowSub.close();
    assert.deepEqual(slow.stops, ['unsubscribed']);
  });

  it('a new subscriber gets the cached GOP at once, and next-keyframe waits', async () => {
    const hub = new Hub();
    const publisher = hub.publish('cam/main');
    publisher.setTrack(track);
    for (let i = 0; i < 33; i += 1) publisher.push(unit(i, 25));
    const cached = new Recorder('cached');
    const waiting = new Recorder('waiting');
    hub.subscribe('cam/main', cached, options);
    hub.subscribe('cam/main', waiting, { startAt: 'next-keyframe', maxQueuedBytes: 1_000_000 });
    await drained();
    assert.deepEqual(cached.tracks, [track]);
    assert.equal(cached.units.length, 8);
    assert.equal(cached.units[0]?.isKeyframe, true);
    assert.equal(waiting.units.length, 0);
    for (let i = 33; i < 60; i += 1) publisher.push(unit(i, 25));
    await drained();
    assert.equal(waiting.units[0]?.dts90k, 50 * 3600);
    assert.equal(cached.units.length, 8 + 27);
  });

  it('the GOP cache is bounded in bytes', async () => {
    const hub = new Hub({ gopCacheMaxBytes: 5000 });
    const publisher = hub.publish('cam/main');
    publisher.setTrack(track);
    for (let i = 0; i < 10; i += 1) publisher.push(unit(i, 100));
    assert.equal(hub.streamStats('cam/main')?.gopCacheBytes, 0);
    const late = new Recorder('late');
    hub.subscribe('cam/main', late, options);
    await drained();
    assert.equal(late.units.length, 0);
  });

  it('a track change restarts consumers at the next keyframe; the same track again is a no-op', async () => {
    const hub = new Hub();
    const publisher = hub.publish('cam/main');
    const consumer = new Recorder('c');
    hub.subscribe('cam/main', consumer, options);
    publisher.setTrack(track);
    publisher.push(unit(0, 25));
    publisher.setTrack({ ...track, parameterSets: { sps: new Uint8Array([0x67, 1, 2]), pps: new Uint8Array([0x68, 3]) } });
    const bigger = { ...track, width: 1920, height: 1080, parameterSets: { sps: new Uint8Array([0x67, 9]), pps: new Uint8Array([0x68, 3]) } };
    publisher.setTrack(bigger);
    publisher.push(unit(1, 25));
    publisher.push(unit(25, 25));
    await drained();
    assert.deepEqual(consumer.tracks, [track, bigger]);
    assert.deepEqual(
      consumer.units.map((u) => u.dts90k),
      [0, 25 * 3600],
    );
  });

  it('end drains queued units, then stops with source-ended; a throwing consumer is closed and reported', async () => {
    const failures: string[] = [];
    const hub = new Hub({ onConsumerError: (key, label) => failures.push(`${key} ${label}`) });
    const publisher = hub.publish('cam/main');
    publisher.setTrack(track);
    const consumer = new Recorder('c');
    const thrower: StreamConsumer = { label: 'thrower', start: () => undefined, accept: () => Promise.reject(new Error('disk full')), stop: () => undefined };
    hub.subscribe('cam/main', consumer, options);
    hub.subscribe('cam/main', thrower, options);
    publisher.push(unit(0, 25));
    publisher.push(unit(1, 25));
    publisher.end();
    await drained();
    assert.equal(consumer.units.length, 2);
    assert.deepEqual(consumer.stops, ['source-ended']);
    assert.deepEqual(failures, ['cam/main thrower']);
    assert.equal(hub.stats().length, 0, 'an ended stream with no subscriber is forgotten');
    publisher.push(unit(2, 25));
    assert.equal(consumer.units.length, 2, 'an ended publisher pushes nothing');
    assert.throws(() => hub.publish('cam/main').push(unit(2, 25)), { code: 'VIGIE_HUB_NO_TRACK' });
  });

  it('a second publisher on the same key is refused', () => {
    const hub = new Hub();
    hub.publish('cam/main');
    assert.throws(() => hub.publish('cam/main'), { code: 'VIGIE_HUB_ALREADY_PUBLISHED' });
  });

  it('an on-demand source starts with the first subscriber and stops after the last one leaves', async () => {
    const hub = new Hub();
    const events: string[] = [];
    const withdraw = hub.declareOnDemand('cam/sub', { start: () => events.push('start'), stop: () => events.push('stop') }, { stopAfterMs: 30 });
    assert.deepEqual([hub.streamStats('cam/sub')?.onDemand, hub.streamStats('cam/sub')?.running], [true, false], 'known before it first runs');
    const a = hub.subscribe('cam/sub', new Recorder('a'), options);
    const b = hub.subscribe('cam/sub', new Recorder('b'), options);
    assert.deepEqual(events, ['start']);
    a.close();
    b.close();
    await sleep(10);
    const c = hub.subscribe('cam/sub', new Recorder('c'), options);
    c.close();
    assert.deepEqual(events, ['start'], 'a subscriber within the linger keeps it running');
    await sleep(60);
    assert.deepEqual(events, ['start', 'stop']);
    assert.equal(hub.streamStats('cam/sub')?.running, false);
    hub.subscribe('cam/sub', new Recorder('d'), options);
    assert.deepEqual(events, ['start', 'stop', 'start']);
    withdraw();
    assert.deepEqual(events, ['start', 'stop', 'start', 'stop']);
    assert.equal(hub.streamStats('cam/sub')?.onDemand, false);
  });

  it('holds units only while they are cached or queued, and for good for a consumer that keeps them', async () => {
    // One storage per unit, counting its holds: the publisher's own hold is released right after push.
    const holds = new Map<number, number>();
    const held = (index: number, gop: number): AccessUnit => {
      holds.set(index, 1);
      const storage: SampleStorage = {
        retain: () => holds.set(index, (holds.get(index) ?? 0) + 1),
        release: () => holds.set(index, (holds.get(index) ?? 0) - 1),
      };
      return { ...unit(index, gop), storage };
    };
    const hub = new Hub();
    const publisher = hub.publish('cam/main');
    publisher.setTrack(track);
    const push = (index: number, gop = 5): void => {
      const u = held(index, gop);
      publisher.push(u);
      u.storage?.release();
    };
    const borrower = new Recorder('borrower', 5);
    const keeper = new Recorder('keeper');
    const borrowing: StreamConsumer = { label: 'borrower', start: (t) => borrower.start(t), accept: (u) => borrower.accept(u), stop: (r) => borrower.stop(r), borrowsUnits: true };
    hub.subscribe('cam/main', borrowing, options);
    const keeping = hub.subscribe('cam/main', keeper, options);
    for (let i = 0; i < 7; i += 1) push(i);
    assert.ok(
      [...holds.values()].every((n) => n >= 2),
      'queued for both consumers',
    );
    await sleep(100);
    assert.equal(borrower.units.length, 7);
    // The cache holds the GOP from unit 5; the consumer that does not borrow holds all it was given.
    assert.deepEqual(
      [...holds.entries()],
      [
        [0, 1],
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
        [5, 2],
        [6, 2],
      ],
    );
    keeping.close();
    push(10);
    assert.equal(holds.get(5), 1, 'the next keyframe replaced the cached GOP');
    await sleep(30);
    assert.equal(holds.get(10), 1, 'only the cache holds the delivered keyframe');

    // A subscriber closed with units still queued lets go of them; the end of the stream empties the cache.
    const slow: StreamConsumer = { label: 'slow', start: () => undefined, accept: () => sleep(1000), stop: () => undefined, borrowsUnits: true };
    const leaving = hub.subscribe('cam/main', slow, { startAt: 'next-keyframe', maxQueuedBytes: 3500 });
    for (let i = 15; i < 21; i += 1) push(i);
    leaving.close();
    await sleep(100);
    publisher.end();
    await sleep(30);
    const expected = [...holds.keys()].map((index) => [index, index <= 6 ? 1 : 0]);
    assert.deepEqual([...holds.entries()], expected, 'only what the consumer that keeps units was given stays held');
  });
});

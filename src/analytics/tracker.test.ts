import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assign } from './hungarian.js';
import { Tracker } from './tracker.js';
import type { RawDetection } from './detector.js';

const person = (x: number, y: number, score = 0.8): RawDetection => ({ className: 'person', score, x, y, w: 0.05, h: 0.15 });

describe('hungarian assignment', () => {
  it('finds the cheapest pairing, rectangular, never a forbidden pair', () => {
    assert.deepEqual(
      assign([
        [4, 1, 3],
        [2, 0, 5],
        [3, 2, 2],
      ]),
      [1, 0, 2],
    );
    assert.deepEqual(
      assign([
        [1, 1e6],
        [1e6, 1e6],
      ]),
      [0, -1],
    );
    assert.deepEqual(assign([[5], [1]]), [-1, 0]);
    assert.deepEqual(assign([]), []);
  });
});

describe('tracker', () => {
  it('keeps stable ids for two people walking past each other', () => {
    const tracker = new Tracker();
    const ids = new Map<string, Set<number>>([
      ['a', new Set()],
      ['b', new Set()],
    ]);
    for (let f = 0; f < 50; f++) {
      const t = f * 100;
      const a = person(0.1 + f * 0.015, 0.4);
      const b = person(0.85 - f * 0.015, 0.42);
      const seen = tracker.update(t, [a, b]);
      for (const track of seen) ids.get(track.box.y === a.y ? 'a' : 'b')?.add(track.id);
      if (f > 2) assert.equal(seen.length, 2);
    }
    assert.equal(ids.get('a')?.size, 1);
    assert.equal(ids.get('b')?.size, 1);
    assert.notDeepEqual([...(ids.get('a') ?? [])], [...(ids.get('b') ?? [])]);
  });

  it('coasts through an occlusion and keeps the id', () => {
    const tracker = new Tracker();
    let id: number | undefined;
    for (let f = 0; f < 60; f++) {
      const x = 0.1 + f * 0.01;
      const hidden = f >= 20 && f < 32; // 1.2 s behind a pillar
      const seen = tracker.update(f * 100, hidden ? [] : [person(x, 0.5)]);
      if (f === 10) id = seen[0]?.id;
      if (!hidden && f > 10) assert.equal(seen[0]?.id, id, `frame ${f}`);
    }
    assert.ok(id !== undefined);
  });

  it('gives the id back on re-entry near where the person left, a new id to someone far away', () => {
    const tracker = new Tracker();
    let id: number | undefined;
    for (let f = 0; f < 10; f++) id = tracker.update(f * 100, [person(0.9 + f * 0.002, 0.5)])[0]?.id;
    for (let f = 10; f < 25; f++) tracker.update(f * 100, []);
    const back = tracker.update(2500, [person(0.915, 0.5)]);
    assert.equal(back[0]?.id, id);
    const other = tracker.update(2600, [person(0.915, 0.5), person(0.1, 0.1)]);
    tracker.update(2700, [person(0.915, 0.5), person(0.1, 0.1)]);
    const all = tracker.update(2800, [person(0.915, 0.5), person(0.1, 0.1)]);
    assert.equal(other.length, 1);
    assert.equal(all.length, 2);
    assert.notEqual(all[1]?.id, id);
  });

  it('measures speed and direction', () => {
    const tracker = new Tracker();
    let last;
    for (let f = 0; f < 20; f++) last = tracker.update(f * 200, [person(0.5, 0.1 + f * 0.02)])[0];
    assert.ok(last !== undefined);
    assert.ok(Math.abs(last.vy - 0.1) < 0.01, `vy ${last.vy}`);
    assert.ok(Math.abs(last.vx) < 0.01);
  });

  it('drops a tentative track seen once (a false detection)', () => {
    const tracker = new Tracker();
    tracker.update(0, [person(0.5, 0.5)]);
    for (let f = 1; f < 10; f++) tracker.update(f * 100, []);
    assert.equal(tracker.all().length, 0);
  });
});

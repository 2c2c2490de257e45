// The abandoned-object rule on synthetic still blobs (what static-objects.ts reports) and tracks: an object left
// by its owner who walks away fires once, after stillS and unattendedS, and ends when the object is taken away;
// an owner staying, a person standing still, a parked car, a too-big blob, a blob nobody brought do not fire.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleEngine, type FrameStats } from './rules.js';
import type { StaticBlob } from './static-objects.js';
import type { Track } from './tracker.js';
import type { AnalyticsEvent, RuleSetting } from './model.js';
import type { Box } from './geometry.js';

const CALM: FrameStats = { sharpness: 20, brightness: 120, contrast: 40, flameFraction: 0, smokeFraction: 0, motionFraction: 0.01, sceneChange: 0.01 };
const RULE: RuleSetting[] = [{ rule: 'abandoned_object' }];

function track(id: number, className: string, box: Box, atMs: number, history: Array<{ atMs: number; box: Box }>, vx = 0): Track {
  return {
    id,
    className,
    confidence: 0.8,
    peak: 0.8,
    box,
    steadySize: { w: box.w, h: box.h },
    vx,
    vy: 0,
    firstMs: 0,
    lastSeenMs: atMs,
    hits: 10,
    confirmed: true,
    seen: true,
    history,
    colours: [],
    classVotes: new Map(),
  };
}

/** A person walking: their box at time t, and a history of the last 20 s at 5 frames/s. */
function walker(id: number, at: (t: number) => Box | null, t: number): Track | null {
  const box = at(t);
  if (box === null) return null;
  const history: Array<{ atMs: number; box: Box }> = [];
  for (let s = Math.max(0, t - 20_000); s <= t; s += 200) {
    const b = at(s);
    if (b !== null) history.push({ atMs: s, box: b });
  }
  const before = at(t - 200);
  return track(id, 'person', box, t, history, before === null ? 0 : (box.x - before.x) / 0.2);
}

const BAG_BOX: Box = { x: 0.5, y: 0.7, w: 0.05, h: 0.06 };
const bagBlob = (stillSinceMs: number, over: Partial<StaticBlob> = {}): StaticBlob => ({ id: 1, box: BAG_BOX, area: 0.002, stillSinceMs, ...over });
/** The owner: stands beside the bag until `leaveMs`, then walks right, leaving the picture at about leaveMs + 6 s. */
const owner =
  (leaveMs: number) =>
  (t: number): Box | null => {
    const x = 0.44 + Math.max(0, t - leaveMs) * 0.0001;
    return x > 1 ? null : { x, y: 0.5, w: 0.06, h: 0.28 };
  };

interface Scene {
  tracks: Track[];
  blobs: StaticBlob[];
}

function run(seconds: number, scene: (t: number) => Scene, settings = RULE): AnalyticsEvent[] {
  const engine = new RuleEngine('cam', settings);
  const events: AnalyticsEvent[] = [];
  for (let t = 0; t <= seconds * 1000; t += 200) {
    const { tracks, blobs } = scene(t);
    events.push(...engine.observe({ atMs: t, tracks, stats: CALM, aspect: 16 / 9, staticObjects: blobs }).closed);
  }
  return [...events, ...engine.flush()];
}

const present = <T>(v: T | null): v is T => v !== null;

describe('abandoned_object on still blobs', () => {
  it('an object left by its owner who walks away fires once, after stillS and unattendedS, and ends when it is taken away', () => {
    // Put down at 2 s, owner beside it until 6 s, walks away; taken away at 40 s.
    const events = run(50, (t) => ({
      tracks: [walker(7, owner(6000), t)].filter(present),
      blobs: t >= 3000 && t < 40_000 ? [bagBlob(2000)] : [],
    }));
    assert.equal(events.length, 1, JSON.stringify(events));
    const e = events[0] as AnalyticsEvent;
    // Out of reach (1.5 heights = 0.42 of the picture's height) about 2.5 s after leaving, then 5 s alone.
    assert.ok(e.startMs >= 10_000 && e.startMs <= 16_000, `start ${e.startMs}`);
    assert.ok(e.endMs < 40_000 && e.endMs >= 39_000, `end ${e.endMs}`);
    assert.equal(e.boxes[0]?.label, 'objet');
    assert.equal(e.confidence, 0.5);
  });

  it('waits for stillS from when the object became still', () => {
    const events = run(40, (t) => ({ tracks: [walker(7, owner(3000), t)].filter(present), blobs: t >= 3000 ? [bagBlob(2000)] : [] }), [{ rule: 'abandoned_object', thresholds: { stillS: 20 } }]);
    assert.equal(events.length, 1);
    assert.ok((events[0]?.startMs ?? 0) >= 22_000, `start ${events[0]?.startMs}`);
  });

  it('an owner staying beside it, or coming back, keeps it attended', () => {
    const stays = run(40, (t) => ({ tracks: [walker(7, owner(1e9), t)].filter(present), blobs: t >= 3000 ? [bagBlob(2000)] : [] }));
    assert.equal(stays.length, 0);
    // Leaves at 6 s, back beside it from 9 s (before unattendedS has run out), for good.
    const back = (t: number): Box => ({ x: t < 6000 || t >= 9000 ? 0.44 : 0.44 + (t < 7500 ? t - 6000 : 9000 - t) * 0.0002, y: 0.5, w: 0.06, h: 0.28 });
    assert.equal(run(40, (t) => ({ tracks: [walker(7, back, t)].filter(present), blobs: t >= 3000 ? [bagBlob(2000)] : [] })).length, 0);
  });

  it('a person standing still (the blob is their body) is not an object', () => {
    const body: Box = { x: 0.5, y: 0.4, w: 0.06, h: 0.3 };
    const person = (t: number): Box | null => (t < 1000 ? { ...body, x: 0.3 + t * 0.0002 } : t < 20_000 ? body : null);
    // The person stops at 1 s and the detector loses them at 20 s: the blob of their body stays.
    const events = run(45, (t) => ({ tracks: [walker(3, person, t)].filter(present), blobs: t >= 2000 ? [{ id: 1, box: body, area: 0.012, stillSinceMs: 1000 }] : [] }));
    assert.equal(events.length, 0);
  });

  it('a parked car (a vehicle track over the blob) is not an object, even when its driver walks away', () => {
    const car: Box = { x: 0.4, y: 0.6, w: 0.1, h: 0.08 };
    const events = run(40, (t) => ({
      tracks: [walker(7, owner(6000), t), t < 12_000 ? track(9, 'car', car, t, [{ atMs: t, box: car }]) : null].filter(present),
      blobs: t >= 3000 ? [{ id: 1, box: car, area: 0.008, stillSinceMs: 2000 }] : [],
    }));
    assert.equal(events.length, 0);
  });

  it('object size is bounded by minArea and maxArea (editable)', () => {
    const scene = (area: number) => (t: number) => ({
      tracks: [walker(7, owner(6000), t)].filter(present),
      blobs: t >= 3000 ? [bagBlob(2000, { area, box: { ...BAG_BOX, w: Math.sqrt(area * 1.2), h: Math.sqrt(area / 1.2) } })] : [],
    });
    assert.equal(run(30, scene(0.05)).length, 0, 'too big: a vehicle or a change of the scene');
    assert.equal(run(30, scene(0.0002)).length, 0, 'too small');
    assert.equal(run(30, scene(0.05), [{ rule: 'abandoned_object', thresholds: { maxArea: 0.1 } }]).length, 1);
  });

  it('a blob nobody brought does not fire by itself; a bag recognised on it does, with more confidence', () => {
    assert.equal(run(30, (t) => ({ tracks: [], blobs: t >= 3000 ? [bagBlob(2000)] : [] })).length, 0);
    const bag = (t: number): Track => track(5, 'suitcase', { ...BAG_BOX, x: BAG_BOX.x + 0.005 }, t, [{ atMs: 2000, box: BAG_BOX }], 0);
    const events = run(30, (t) => ({ tracks: t >= 2000 ? [{ ...bag(t), firstMs: 2000 }] : [], blobs: t >= 3000 ? [bagBlob(2000)] : [] }));
    assert.equal(events.length, 1);
    assert.equal(events[0]?.boxes[0]?.label, 'suitcase');
    assert.ok((events[0]?.confidence ?? 0) > 0.5);
  });

  it('only inside the zone', () => {
    const zone: RuleSetting = {
      rule: 'abandoned_object',
      zone: [
        [0, 0],
        [0.3, 0],
        [0.3, 0.3],
        [0, 0.3],
      ],
    };
    assert.equal(run(40, (t) => ({ tracks: [walker(7, owner(6000), t)].filter(present), blobs: t >= 3000 ? [bagBlob(2000)] : [] }), [zone]).length, 0);
  });
});

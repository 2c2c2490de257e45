// The aggression rule's cue from people's boxes (no pose needed): synthetic person boxes as the detector would give
// them, fed frame after frame with the moving cells, the way the pipeline hands them to the rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoxMotion, closeGroup } from './box-motion.js';
import { RuleEngine, type FrameStats } from './rules.js';
import type { Box } from './geometry.js';
import type { AnalyticsEvent } from './model.js';

const ASPECT = 16 / 9;
const CALM: FrameStats = { sharpness: 20, brightness: 120, contrast: 40, flameFraction: 0, smokeFraction: 0, motionFraction: 0.01, sceneChange: 0.01 };
const EVERYTHING_MOVES: Box[] = [{ x: 0, y: 0, w: 1, h: 1 }];

/** A person box of height `h` centred on (cx, cy). */
const person = (cx: number, cy: number, h = 0.3, w = 0.1): Box => ({ x: cx - w / 2, y: cy - h / 2, w, h });

/** Two people tangling: boxes jerking back and forth and changing shape around one place. */
function tussle(t: number): Box[] {
  const k = t / 125;
  const jerk = k % 2 === 0 ? 1 : -1;
  return [person(0.47 + 0.03 * jerk, 0.5, 0.3 - 0.05 * (k % 3), 0.1 + 0.04 * (k % 2)), person(0.55 - 0.02 * jerk, 0.5 + 0.02 * jerk, 0.28, 0.12 - 0.03 * (k % 2))];
}

/** Runs the aggression rule at 8 frames/s for `seconds`, with the person boxes `people(t)` and no pose found. */
function run(seconds: number, people: (t: number) => Box[], moving: Box[] = EVERYTHING_MOVES): AnalyticsEvent[] {
  const engine = new RuleEngine('cam', [{ rule: 'aggression' }]);
  const events: AnalyticsEvent[] = [];
  for (let t = 0; t <= seconds * 1000; t += 125) events.push(...engine.observe({ atMs: t, tracks: [], poses: [], people: people(t), moving, stats: CALM, aspect: ASPECT }).closed);
  return [...events, ...engine.flush()];
}

describe('box motion', () => {
  it('a box walking in a straight line is straight; one jerking in place is not, and is more active', () => {
    const walk = new BoxMotion(1000);
    const jerk = new BoxMotion(1000);
    let walked = null;
    let jerked = null;
    for (let t = 0; t <= 1000; t += 125) {
      walked = walk.update('a', t, person(0.2 + t / 10_000, 0.5), EVERYTHING_MOVES, ASPECT);
      jerked = jerk.update('a', t, tussle(t)[0] as Box, EVERYTHING_MOVES, ASPECT);
    }
    assert.ok(walked !== null && jerked !== null);
    assert.ok(walked.straightness > 0.95, `walking straightness ${walked.straightness}`);
    assert.ok(jerked.straightness < 0.3, `jerking straightness ${jerked.straightness}`);
    assert.ok(jerked.activity > 3 * walked.activity, `activity ${jerked.activity} vs ${walked.activity}`);
    assert.equal(jerked.moving, 1);
  });

  it('needs three samples, and forgets what it has not seen within the window', () => {
    const motion = new BoxMotion(500);
    assert.equal(motion.update('a', 0, person(0.5, 0.5), [], ASPECT), null);
    assert.equal(motion.update('a', 100, person(0.5, 0.5), [], ASPECT), null);
    assert.notEqual(motion.update('a', 200, person(0.5, 0.5), [], ASPECT), null);
    motion.prune(1000);
    assert.equal(motion.update('a', 1000, person(0.5, 0.5), [], ASPECT), null);
  });

  it('groups the boxes linked by closeness, the largest group first', () => {
    const group = closeGroup([person(0.1, 0.5), person(0.5, 0.5), person(0.55, 0.5), person(0.62, 0.5)], ASPECT, 1);
    assert.equal(group.length, 3);
    assert.equal(closeGroup([person(0.1, 0.5), person(0.9, 0.5)], ASPECT, 1).length, 1);
  });
});

describe('aggression without poses', () => {
  it('two people tangling in place, the picture moving around them, fires', () => {
    const events = run(3, tussle);
    assert.equal(events.length, 1);
    // Entangled people may make one box of the two.
    assert.ok((events[0]?.boxes.length ?? 0) >= 1);
  });

  it('two people walking side by side, or standing together, do not fire', () => {
    assert.equal(run(3, (t) => [person(0.2 + t / 5000, 0.5), person(0.28 + t / 5000, 0.5)]).length, 0);
    assert.equal(run(3, () => [person(0.45, 0.5), person(0.53, 0.5)]).length, 0);
  });

  it('boxes jerking where no pixel moves (the detector hesitating on still people) do not fire', () => {
    assert.equal(run(3, tussle, []).length, 0);
  });

  it('one person alone, however agitated, does not fire', () => {
    assert.equal(run(3, (t) => [tussle(t)[0] as Box]).length, 0);
  });
});

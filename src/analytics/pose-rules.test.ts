// The pose rules (person_on_ground, aggression) on synthetic bodies: 17 COCO keypoints built from a posture, fed as
// the poses of each frame, the way the pipeline hands them to the rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodySize, limbSpeed, torsoAngle } from './bodies.js';
import { RuleEngine, type FrameStats } from './rules.js';
import type { Pose } from './detector.js';
import type { AnalyticsEvent, RuleName } from './model.js';
import type { Box } from './geometry.js';

const ASPECT = 16 / 9;
const CALM: FrameStats = { sharpness: 20, brightness: 120, contrast: 40, flameFraction: 0, smokeFraction: 0, motionFraction: 0.01, sceneChange: 0.01 };

/** Keypoints of a standing body, [across, down] in body heights from the body's centre. */
const STANDING: ReadonlyArray<readonly [number, number]> = [
  [0, -0.45],
  [-0.02, -0.47],
  [0.02, -0.47],
  [-0.05, -0.46],
  [0.05, -0.46], // nose, eyes, ears
  [-0.12, -0.32],
  [0.12, -0.32], // shoulders
  [-0.15, -0.15],
  [0.15, -0.15], // elbows
  [-0.16, 0],
  [0.16, 0], // wrists
  [-0.08, 0],
  [0.08, 0], // hips
  [-0.08, 0.22],
  [0.08, 0.22], // knees
  [-0.08, 0.45],
  [0.08, 0.45], // ankles
];

interface Posture {
  /** Centre, normalised picture coordinates. */
  readonly at: readonly [number, number];
  /** Height of the standing body, in picture heights. */
  readonly height: number;
  /** Tilt of the whole body from the vertical, degrees (90: lying). */
  readonly tilt?: number;
  /** Moves wrists and elbows by this much (body heights) across and up. */
  readonly arms?: number;
}

function body({ at, height, tilt = 0, arms = 0 }: Posture): Pose {
  const rad = (tilt * Math.PI) / 180;
  const keypoints = STANDING.map(([dx, dy], k): readonly [number, number, number] => {
    const lx = dx + (k >= 7 && k <= 10 ? arms * (k % 2 === 0 ? 1 : -1) : 0);
    const ly = dy - (k >= 7 && k <= 10 ? Math.abs(arms) : 0);
    const rx = lx * Math.cos(rad) - ly * Math.sin(rad);
    const ry = lx * Math.sin(rad) + ly * Math.cos(rad);
    return [at[0] + (rx * height) / ASPECT, at[1] + ry * height, 0.8];
  });
  const xs = keypoints.map((k) => k[0]);
  const ys = keypoints.map((k) => k[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { score: 0.7, keypoints, x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

/** Runs one rule for `seconds` at 5 frames/s; `scene(t)` gives the poses at t ms (undefined: nobody looked) and the moving cells. */
function run(rule: RuleName, seconds: number, scene: (t: number) => Pose[] | undefined, moving: (t: number) => Box[] = () => []): AnalyticsEvent[] {
  const engine = new RuleEngine('cam', [{ rule }]);
  const events: AnalyticsEvent[] = [];
  for (let t = 0; t <= seconds * 1000; t += 200) events.push(...engine.observe({ atMs: t, tracks: [], poses: scene(t), moving: moving(t), stats: CALM, aspect: ASPECT }).closed);
  return [...events, ...engine.flush()];
}

/** The whole picture moving (as the pipeline's motion cells would say around people moving fast). */
const EVERYTHING_MOVES = (): Box[] => [{ x: 0, y: 0, w: 1, h: 1 }];

describe('body measures', () => {
  it('torso angle: 0 upright, 90 lying, whatever the picture aspect', () => {
    assert.ok((torsoAngle(body({ at: [0.5, 0.5], height: 0.4 }), ASPECT) as number) < 1);
    assert.ok(Math.abs((torsoAngle(body({ at: [0.5, 0.5], height: 0.4, tilt: 90 }), ASPECT) as number) - 90) < 1);
  });

  it('body size does not shrink when the body lies down', () => {
    const standing = bodySize(body({ at: [0.5, 0.5], height: 0.4 }), ASPECT);
    const lying = bodySize(body({ at: [0.5, 0.5], height: 0.4, tilt: 90 }), ASPECT);
    assert.ok(Math.abs(standing - lying) / standing < 0.05);
  });

  it('limb speed is relative to the body: walking is slow, swinging arms is fast', () => {
    const walked = limbSpeed(body({ at: [0.5, 0.5], height: 0.4 }), body({ at: [0.53, 0.5], height: 0.4 }), 0.2, ASPECT) as number;
    const swung = limbSpeed(body({ at: [0.5, 0.5], height: 0.4 }), body({ at: [0.5, 0.5], height: 0.4, arms: 0.25 }), 0.2, ASPECT) as number;
    assert.ok(walked < 0.05, `walking ${walked}`);
    assert.ok(swung > 1, `swinging ${swung}`);
  });
});

describe('person_on_ground on poses', () => {
  it('a fall (upright, then lying and staying down) fires once, after the fall', () => {
    const events = run('person_on_ground', 6, (t) => [t < 2000 ? body({ at: [0.5, 0.5], height: 0.4 }) : body({ at: [0.5, 0.68], height: 0.4, tilt: 85 })]);
    assert.equal(events.length, 1);
    assert.ok((events[0]?.startMs ?? 0) >= 2000);
  });

  it('someone standing, or bending down for a moment, does not fire', () => {
    assert.equal(run('person_on_ground', 6, () => [body({ at: [0.5, 0.5], height: 0.4 })]).length, 0);
    assert.equal(run('person_on_ground', 6, (t) => [body({ at: [0.5, 0.5], height: 0.4, tilt: t >= 2000 && t < 2400 ? 80 : 0 })]).length, 0);
  });

  it('someone already lying needs the full hold time; frames nobody looked at do not reset it', () => {
    const lying = (): Pose[] => [body({ at: [0.5, 0.7], height: 0.4, tilt: 90 })];
    assert.equal(run('person_on_ground', 1, lying).length, 0);
    assert.equal(run('person_on_ground', 4, (t) => (t % 1000 === 0 ? lying() : undefined)).length, 1);
  });
});

describe('aggression on poses', () => {
  const swinging = (t: number, at: readonly [number, number]): Pose => body({ at, height: 0.4, arms: (t / 200) % 2 === 0 ? 0 : 0.25 });

  it('two close people swinging their arms, the picture moving around them, fires', () => {
    const events = run('aggression', 3, (t) => [swinging(t, [0.45, 0.5]), swinging(t + 200, [0.55, 0.5])], EVERYTHING_MOVES);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.boxes.length, 2);
  });

  it('one person alone swinging the arms (sport, dance) does not fire', () => {
    assert.equal(run('aggression', 3, (t) => [swinging(t, [0.45, 0.5]), body({ at: [0.95, 0.5], height: 0.4 })], EVERYTHING_MOVES).length, 0);
  });

  it('two people walking side by side does not fire', () => {
    const walking = (t: number): Pose[] => [body({ at: [0.2 + t / 10_000, 0.5], height: 0.4 }), body({ at: [0.3 + t / 10_000, 0.5], height: 0.4 })];
    assert.equal(run('aggression', 3, walking, EVERYTHING_MOVES).length, 0);
  });

  it('keypoints jumping on still people (no pixel moving around them) do not fire', () => {
    assert.equal(run('aggression', 3, (t) => [swinging(t, [0.45, 0.5]), swinging(t + 200, [0.55, 0.5])]).length, 0);
  });
});

// Areas that keep moving in place around people (churn.ts), and the aggression rule's cue built on them: the cells of
// a 32 × 18 motion grid as the picture analyser gives them, frame after frame at 8 frames/s.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Churn } from './churn.js';
import { RuleEngine, type FrameStats } from './rules.js';
import type { Box } from './geometry.js';
import type { AnalyticsEvent } from './model.js';

const COLS = 32;
const ROWS = 18;
const ASPECT = 16 / 9;
const CALM: FrameStats = { sharpness: 20, brightness: 120, contrast: 40, flameFraction: 0, smokeFraction: 0, motionFraction: 0.01, sceneChange: 0.01 };

const cell = (col: number, row: number): Box => ({ x: col / COLS, y: row / ROWS, w: 1 / COLS, h: 1 / ROWS });

/** The grid cells of columns [c0, c1) and rows [r0, r1) kept by `keep` (all by default). */
function cells(c0: number, c1: number, r0: number, r1: number, keep: (col: number, row: number) => boolean = () => true): Box[] {
  const out: Box[] = [];
  for (let col = Math.max(0, Math.floor(c0)); col < Math.min(COLS, c1); col++) for (let row = Math.max(0, r0); row < Math.min(ROWS, r1); row++) if (keep(col, row)) out.push(cell(col, row));
  return out;
}

/** A person box `cols` cells wide and `rows` tall from cell (col, row). */
const person = (col: number, row: number, cols = 3, rows = 7): Box => ({ x: col / COLS, y: row / ROWS, w: cols / COLS, h: rows / ROWS });

/** Frame `k` of two people scuffling over columns 12–19, rows 6–14: most of those cells move, never quite the same ones. */
const scuffle = (k: number): Box[] => cells(12, 20, 6, 14, (col, row) => (col * 7 + row * 3 + k) % 8 !== 0);
const fighters = [person(12, 7), person(16, 6)];

function areasAfter(seconds: number, frame: (k: number) => { moving: Box[]; people: Box[] }): ReturnType<Churn['update']> {
  const churn = new Churn({ windowMs: 1500, share: 0.7 });
  let areas: ReturnType<Churn['update']> = [];
  for (let k = 0; k * 125 <= seconds * 1000; k++) {
    const { moving, people } = frame(k);
    areas = churn.update(k * 125, moving, people);
  }
  return areas;
}

describe('churn', () => {
  it('two people scuffling keep an area larger than one of them moving', () => {
    const areas = areasAfter(2, (k) => ({ moving: scuffle(k), people: fighters }));
    assert.equal(areas.length, 1);
    assert.ok((areas[0]?.persons ?? 0) >= 2, `persons ${areas[0]?.persons}`);
    assert.equal(areas[0]?.people.length, 2 * 13);
  });

  it('says nothing before half its window is seen', () => {
    assert.deepEqual(
      areasAfter(0.5, (k) => ({ moving: scuffle(k), people: fighters })),
      [],
    );
  });

  it('a person walking past leaves no area that kept moving', () => {
    // 0.7 body heights per second: 5 cells per second, the moving cells are the person's.
    const walker = (k: number): Box => person(2 + (5 * k) / 8, 6);
    const areas = areasAfter(3, (k) => {
      const at = walker(k);
      return { moving: cells(at.x * COLS, at.x * COLS + 3, 6, 13), people: [at] };
    });
    assert.deepEqual(areas, []);
  });

  it('needs somebody on the area: leaves in the wind move alone', () => {
    assert.deepEqual(
      areasAfter(2, (k) => ({ moving: scuffle(k), people: [person(1, 1)] })),
      [],
    );
  });

  it('a camera that moves, or noise churning all over the picture, singles nobody out', () => {
    assert.deepEqual(
      areasAfter(2, () => ({ moving: cells(0, COLS, 0, ROWS), people: fighters })),
      [],
    );
    const noise = (k: number): Box[] => cells(0, COLS, 0, ROWS, (col, row) => (col < 10 || col > 22) && (col + row + k) % 5 !== 0);
    assert.deepEqual(
      areasAfter(2, (k) => ({ moving: [...noise(k), ...scuffle(k)], people: fighters })),
      [],
    );
  });
});

/** Runs the aggression rule at 8 frames/s with no body found by the pose model: only person boxes and moving cells. */
function run(seconds: number, frame: (k: number) => { moving: Box[]; people: Box[] }): AnalyticsEvent[] {
  const engine = new RuleEngine('cam', [{ rule: 'aggression' }]);
  const events: AnalyticsEvent[] = [];
  for (let k = 0; k * 125 <= seconds * 1000; k++) events.push(...engine.observe({ atMs: k * 125, tracks: [], poses: [], ...frame(k), stats: CALM, aspect: ASPECT }).closed);
  return [...events, ...engine.flush()];
}

describe('aggression from churn', () => {
  it('people found by their boxes only (no pose, boxes still), the area around them churning, fires', () => {
    const events = run(3, (k) => ({ moving: scuffle(k), people: fighters }));
    assert.equal(events.length, 1);
    assert.equal(events[0]?.boxes.length, 2);
    assert.ok((events[0]?.startMs ?? Infinity) <= 1000, `start ${events[0]?.startMs}`);
  });

  it('two people chatting, only their hands moving, do not fire', () => {
    const hands = (k: number): Box[] => cells(14, 17, 10, 11, (col) => (col + k) % 3 !== 0);
    assert.equal(run(3, (k) => ({ moving: hands(k), people: fighters })).length, 0);
  });
});

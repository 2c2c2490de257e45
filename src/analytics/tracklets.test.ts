import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkTracklets, type TrackRow } from './tracklets.js';

const FPS = 10;
const H = 100;

/** A walker's box (pixels) at `frame`: feet moving from `x0` by `step` pixels a frame, on a row at `y`. */
const walker = (id: number, frame: number, x0: number, step: number, y = 200): TrackRow => ({ frame, id, box: { x: x0 + frame * step, y, w: 40, h: H }, confidence: 0.8 });

/** The output ids of the rows matching `who`'s boxes, frame by frame: one person should keep one id. */
function idsOf(rows: readonly TrackRow[], who: (frame: number) => TrackRow): Set<number> {
  const ids = new Set<number>();
  for (const row of rows) {
    const expected = who(row.frame);
    if (Math.abs(row.box.x - expected.box.x) < 1 && Math.abs(row.box.y - expected.box.y) < 1) ids.add(row.id);
  }
  return ids;
}

describe('offline tracklet linking', () => {
  it('gives two walkers their ids back when the online tracker swapped them where they crossed', () => {
    // A walks right, B walks left, on nearly the same row; they cross about frame 20. The detector saw one box for
    // both on frames 18–22, and the tracker then handed A's id to B and B's to A.
    const a = (f: number): TrackRow => walker(1, f, 0, 10, 200);
    const b = (f: number): TrackRow => walker(2, f, 400, -10, 205);
    const rows: TrackRow[] = [];
    for (let f = 0; f <= 40; f++) {
      const swapped = f > 22;
      if (f >= 18 && f <= 22) {
        rows.push({ ...a(f), id: 1 });
        continue;
      }
      rows.push({ ...a(f), id: swapped ? 2 : 1 }, { ...b(f), id: swapped ? 1 : 2 });
    }
    const linked = linkTracklets(rows, { fps: FPS });
    const idsA = idsOf(linked, a);
    const idsB = idsOf(linked, b);
    assert.equal(idsA.size, 1, `A's ids: ${[...idsA].join(', ')}`);
    assert.equal(idsB.size, 1, `B's ids: ${[...idsB].join(', ')}`);
    assert.notDeepEqual([...idsA], [...idsB]);
  });

  it('fills a short gap of one walker by interpolation, and keeps the rows it was given', () => {
    const a = (f: number): TrackRow => walker(7, f, 0, 10);
    const rows = [...Array.from({ length: 10 }, (_, f) => a(f)), ...Array.from({ length: 10 }, (_, k) => ({ ...a(k + 15), id: 9 }))];
    const linked = linkTracklets(rows, { fps: FPS });
    assert.deepEqual(
      linked.map((row) => row.frame),
      Array.from({ length: 25 }, (_, f) => f),
    );
    assert.equal(new Set(linked.map((row) => row.id)).size, 1);
    const filled = linked.find((row) => row.frame === 12);
    assert.ok(filled !== undefined && Math.abs(filled.box.x - 120) < 1e-9, `frame 12 at x ${filled?.box.x}`);
  });

  it('does not join a track that ends with one that begins elsewhere or later than the re-entry window', () => {
    const a = (f: number): TrackRow => walker(1, f, 0, 10);
    // Appears 1 s later far ahead of where A was heading.
    const far = (f: number): TrackRow => ({ ...walker(2, f, 700, 10), id: 2 });
    // Appears where A was heading, but 4 s later.
    const late = (f: number): TrackRow => ({ ...walker(3, f, 0, 10), id: 3 });
    const rows = [...Array.from({ length: 10 }, (_, f) => a(f)), ...Array.from({ length: 10 }, (_, k) => far(k + 20)), ...Array.from({ length: 10 }, (_, k) => late(k + 50))];
    const linked = linkTracklets(rows, { fps: FPS });
    assert.equal(new Set(linked.map((row) => row.id)).size, 3);
    assert.equal(linked.length, rows.length, 'nothing is filled between different people');
  });

  it('keeps one id for a still person the tracker held across a longer gap', () => {
    const still = (f: number): TrackRow => walker(4, f, 300, 0);
    const rows = [...Array.from({ length: 5 }, (_, f) => still(f)), ...Array.from({ length: 5 }, (_, k) => still(k + 60))];
    const linked = linkTracklets(rows, { fps: FPS });
    assert.equal(new Set(linked.map((row) => row.id)).size, 1);
    assert.equal(linked.length, rows.length, 'a gap longer than the window is not filled');
  });
});

describe('offline tracklet linking over a long file', () => {
  it('keeps one id per walker for ten minutes of walkers in twelve lanes, each track broken in two', () => {
    const rows: TrackRow[] = [];
    let walkers = 0;
    for (let start = 0; start < 6000; start += 5, walkers++) {
      const lane = walkers % 12;
      const step = lane % 2 === 0 ? 12 : -12;
      for (let k = 0; k < 60; k++) {
        if (k === 30 || k === 31) continue;
        rows.push({ frame: start + k, id: 2 * walkers + (k < 30 ? 0 : 1), box: { x: (step > 0 ? 0 : 700) + k * step, y: 50 + lane * 120, w: 40, h: H }, confidence: 0.8 });
      }
    }
    const linked = linkTracklets(rows, { fps: FPS });
    assert.equal(new Set(linked.map((row) => row.id)).size, walkers);
    assert.equal(linked.length, walkers * 60, 'each walker’s two missing frames are filled');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StaticForeground, type StaticBlob } from './static-objects.js';

const W = 320;
const H = 240;

/** A textured pavement: fixed pattern plus fixed grain, 60..180. */
const PAVEMENT = (() => {
  const grey = new Float32Array(W * H);
  let seed = 7;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      grey[y * W + x] = 120 + 35 * Math.sin(x / 9) * Math.cos(y / 13) + ((seed % 21) - 10);
    }
  return grey;
})();

interface Square {
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly value: number;
}

/** The pavement under a gain, with squares drawn over it (a dark bag: value 35 with a lighter strap). */
function picture(squares: readonly Square[], gain = 1, noise = 0, frame = 0): Float32Array {
  const grey = PAVEMENT.map((v) => v * gain);
  for (const s of squares) for (let y = s.y; y < s.y + s.size; y++) for (let x = s.x; x < s.x + s.size; x++) grey[y * W + x] = (y - s.y === Math.floor(s.size / 3) ? s.value + 40 : s.value) * gain;
  if (noise > 0) for (let i = 0; i < grey.length; i++) grey[i] = (grey[i] as number) + noise * Math.sin(i * 12.9898 + frame * 78.233);
  return grey;
}

/** Feeds pictures at 5 frames/s for `seconds`; returns the blobs of each instant. */
function run(seconds: number, scene: (t: number) => Float32Array, model = new StaticForeground({ width: W, height: H })): Map<number, StaticBlob[]> {
  const out = new Map<number, StaticBlob[]>();
  for (let t = 0; t <= seconds * 1000; t += 200) out.set(t, model.update(scene(t), t));
  return out;
}

const BAG: Square = { x: 150, y: 120, size: 22, value: 35 };
const sizeOf = (s: Square): number => (s.size * s.size) / (W * H);

describe('static foreground on synthetic pictures', () => {
  it('an object put down and left is one still blob at its place, with the time it became still, until it is taken away', () => {
    const blobs = run(30, (t) => picture(t >= 2000 && t < 20_000 ? [BAG] : []));
    assert.equal(blobs.get(3000)?.length, 0, 'not yet still long enough to be judged');
    const at10 = blobs.get(10_000) ?? [];
    assert.equal(at10.length, 1);
    const blob = at10[0] as StaticBlob;
    assert.ok(Math.abs(blob.box.x - BAG.x / W) < 0.02 && Math.abs(blob.box.y - BAG.y / H) < 0.02, JSON.stringify(blob.box));
    assert.ok(Math.abs(blob.box.w - BAG.size / W) < 0.03 && Math.abs(blob.area - sizeOf(BAG)) < sizeOf(BAG) * 0.4, JSON.stringify(blob));
    assert.equal(blob.stillSinceMs, 2000);
    assert.equal(blobs.get(19_800)?.[0]?.id, blob.id, 'the same blob keeps its id');
    assert.equal(blobs.get(21_000)?.length, 0, 'taken away: gone');
    assert.equal(blobs.get(30_000)?.length, 0);
  });

  it('a moving object, and camera noise, make no still blob', () => {
    const moving = run(20, (t) => picture([{ ...BAG, x: 20 + Math.floor(t / 200) * 3 }], 1, 6, t));
    for (const [t, b] of moving) assert.equal(b.length, 0, `at ${t} ms: ${JSON.stringify(b)}`);
  });

  it('a global change of brightness is no object, and the object left stays seen through it', () => {
    const lights = run(20, (t) => picture([], t < 5000 ? 1 : t < 12_000 ? 1.4 : 0.7));
    for (const [t, b] of lights) assert.equal(b.length, 0, `at ${t} ms: ${JSON.stringify(b)}`);
    const both = run(20, (t) => picture(t >= 1000 ? [BAG] : [], t < 10_000 ? 1 : 1.3));
    assert.equal(both.get(16_000)?.length, 1);
    assert.equal(both.get(16_000)?.[0]?.stillSinceMs, 1000, 'still since it was put down, not since the lights changed');
  });

  it('a picture that changes everywhere at once (camera moved) is learned again, not taken for an object', () => {
    const elsewhere = PAVEMENT.map((_, i) => (Math.floor((i % W) / 16) % 2 === 0 ? 40 : 210));
    const b = run(20, (t) => (t < 3000 ? picture([]) : elsewhere));
    for (const [t, blobs] of b) assert.equal(blobs.length, 0, `at ${t} ms`);
  });

  it('a patch of light or shadow over the pavement (its texture kept) is no object', () => {
    const lit = run(20, (t) => {
      const grey = picture([]);
      if (t >= 2000) for (let y = 100; y < 150; y++) for (let x = 100; x < 160; x++) grey[y * W + x] = (grey[y * W + x] as number) * 0.55;
      return grey;
    });
    for (const [t, b] of lit) assert.equal(b.length, 0, `at ${t} ms: ${JSON.stringify(b)}`);
  });

  it('an object present from the start and taken away leaves no ghost', () => {
    const ghost = run(25, (t) => picture(t < 3000 ? [BAG] : []));
    for (const [t, b] of ghost) assert.equal(b.length, 0, `at ${t} ms: ${JSON.stringify(b)}`);
  });

  it('an object left for good is taken into the background after absorbMs', () => {
    const model = new StaticForeground({ width: W, height: H, absorbMs: 15_000 });
    const b = run(30, (t) => picture(t >= 2000 ? [BAG] : []), model);
    assert.equal(b.get(10_000)?.length, 1);
    assert.equal(b.get(25_000)?.length, 0);
  });
});

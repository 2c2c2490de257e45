// The map's grouping of markers: every camera in exactly one spot, and no two spots drawn touching, whatever the
// spread (random territories of a few hundred cameras, some packed into a town centre, some in the same place).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CameraState } from '../../web/src/api/contracts.js';
import { clusterMarkers, spotRadius, type Placed } from '../../web/src/map/clusters.js';
import { scaleOf } from '../../web/src/map/projection.js';

interface Marker {
  readonly id: string;
  readonly state: CameraState;
}

const STATES: readonly CameraState[] = ['online', 'degraded', 'offline', 'unknown', 'idle'];

/** A seeded pseudo-random generator (mulberry32), so that a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` cameras around Chartres (world units): a third packed in a town centre, a few pairs on one pole. */
function territory(seed: number, count: number): Array<Placed<Marker>> {
  const next = random(seed);
  const centre = { x: 0.50414, y: 0.34577 };
  return Array.from({ length: count }, (_, i) => {
    const spread = i % 3 === 0 ? 0.00005 : 0.0008;
    const at = i % 17 === 1 ? { x: centre.x + 0.0001, y: centre.y } : { x: centre.x + (next() - 0.5) * spread, y: centre.y + (next() - 0.5) * spread };
    return { camera: { id: `cam-${String(i).padStart(4, '0')}`, state: STATES[i % STATES.length] ?? 'online' }, at };
  });
}

test('every camera is in exactly one spot and no two spots touch, at every zoom', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const markers = territory(seed, 400);
    for (let zoom = 11; zoom <= 19; zoom += 0.5) {
      const spots = clusterMarkers(markers, zoom);
      const ids = spots.flatMap((spot) => spot.members.map((m) => m.camera.id)).sort();
      assert.deepEqual(ids, markers.map((m) => m.camera.id).sort(), `seed ${seed}, zoom ${zoom}: each camera once`);
      const scale = scaleOf(zoom);
      for (const [i, a] of spots.entries()) {
        for (const b of spots.slice(i + 1)) {
          const apart = Math.hypot(a.at.x - b.at.x, a.at.y - b.at.y) * scale;
          const drawn = spotRadius(a.members.length) + spotRadius(b.members.length);
          assert.ok(
            apart >= drawn,
            `seed ${seed}, zoom ${zoom}: spots ${a.key} (${a.members.length}) and ${b.key} (${b.members.length}) ${apart.toFixed(1)} px apart, drawn ${drawn.toFixed(1)} px wide together`,
          );
        }
      }
    }
  }
});

test('a spot is keyed by its first camera, takes its worst state, and sits at its members’ centre', () => {
  const at = (x: number): { x: number; y: number } => ({ x, y: 0.3 });
  const markers: Array<Placed<Marker>> = [
    { camera: { id: 'b', state: 'offline' }, at: at(0.5) },
    { camera: { id: 'a', state: 'online' }, at: at(0.5 + 1e-7) },
    { camera: { id: 'z', state: 'online' }, at: at(0.6) },
  ];
  const spots = clusterMarkers(markers, 14);
  const group = spots.find((spot) => spot.members.length === 2);
  assert.equal(spots.length, 2);
  assert.equal(group?.key, 'a');
  assert.equal(group?.state, 'offline');
  assert.ok(Math.abs((group?.at.x ?? 0) - (0.5 + 5e-8)) < 1e-12);
});

test('spots drawn larger as they hold more cameras, a lone marker smallest, and no larger than 22 px', () => {
  assert.ok(spotRadius(1) < spotRadius(2));
  assert.ok(spotRadius(2) < spotRadius(50));
  assert.equal(spotRadius(100_000), 22);
});

// The camera topology: the suggestion from positions and fields of view (pure), and the stored topology on both
// engines — suggested, edited by hand, suggested again without losing the edits, bad input refused in French with
// nothing half-written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refusal } from '../../test/support/refusal.js';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { bearingDeg, compassOfImageDirection, directionOf, distanceM, suggestTopology, Topology, type TopologyCamera } from './topology.js';

/** Metres to degrees around Chartres. */
const M_LAT = 1 / 111_195;
const M_LON = 1 / (111_195 * Math.cos((48.447 * Math.PI) / 180));
const at = (northM: number, eastM: number) => ({ lat: 48.447 + northM * M_LAT, lon: 1.489 + eastM * M_LON });

const CAMERAS: TopologyCamera[] = [
  // A looks north, 60 m; B (200 m north) looks south towards A, 60 m: together they see 120 m of the 200.
  { id: 'a', position: at(0, 0), fieldOfView: { directionDeg: 0, angleDeg: 60, rangeM: 60 } },
  { id: 'b', position: at(200, 0), fieldOfView: { directionDeg: 180, angleDeg: 60, rangeM: 60 } },
  // C 300 m east, looking away from A; D 400 m east (behind C); E 8 km south: too far to be suggested.
  { id: 'c', position: at(0, 300), fieldOfView: { directionDeg: 90, angleDeg: 60, rangeM: 60 } },
  { id: 'd', position: at(0, 400), fieldOfView: null },
  { id: 'e', position: at(-8000, 0), fieldOfView: null },
];

describe('topology suggestion (pure)', () => {
  it('measures distance and bearing, and turns a motion in the picture into a compass direction', () => {
    assert.ok(Math.abs(distanceM(at(0, 0), at(200, 0)) - 200) < 1);
    assert.ok(Math.abs(bearingDeg(at(0, 0), at(0, 300)) - 90) < 0.5);
    assert.equal(directionOf(bearingDeg(at(0, 0), at(-100, -100))), 'SW');
    assert.equal(directionOf(359), 'N');
    // A camera looking east: moving up the picture is going east, moving right is going south.
    assert.equal(directionOf(compassOfImageDirection(90, 270)), 'E');
    assert.equal(directionOf(compassOfImageDirection(90, 0)), 'S');
  });

  it('suggests the nearest camera per direction, within reach, with travel times shortened by what the fields of view cover', () => {
    const links = suggestTopology(CAMERAS);
    const from = (id: string) => links.filter((link) => link.fromCameraId === id).map((link) => `${link.direction}→${link.toCameraId}`);
    assert.deepEqual(from('a'), ['N→b', 'E→c']);
    assert.deepEqual(from('b'), ['SE→c', 'S→a'], 'links come in compass order; D lies behind C');
    assert.deepEqual(from('d'), ['W→c', 'NW→b']);
    assert.deepEqual(from('e'), [], 'a camera 8 km away has no suggested neighbour');
    const ab = links.find((link) => link.fromCameraId === 'a' && link.toCameraId === 'b');
    const ac = links.find((link) => link.fromCameraId === 'a' && link.toCameraId === 'c');
    assert.ok(ab !== undefined && ac !== undefined);
    assert.equal(ab.distanceM, 200);
    // 80 m of gap at 2.5 m/s; the longest walk is 200 m × 1.4 at 0.8 m/s + 20 s.
    assert.equal(ab.walkMinS, 32);
    assert.equal(ab.walkMaxS, 370);
    assert.ok(ab.driveMinS < ab.walkMinS && ab.driveMaxS < ab.walkMaxS, 'driving is quicker');
    // A does not look towards C, C looks away: the whole 300 m is a gap.
    assert.equal(ac.walkMinS, 120);
  });
});

for (const dialect of await testDialects()) {
  describe(`stored topology (${dialect})`, () => {
    it('stores the suggestion, keeps a hand edit when suggesting again, refuses bad links in French without writing', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const clock = new ManualClock(Date.UTC(2026, 11, 5, 9, 0, 0));
        const topology = new Topology({ db: database.db, clock, cameras: async () => CAMERAS });
        assert.deepEqual(
          (await topology.linksFrom('a')).map((l) => l.toCameraId),
          ['b', 'c'],
          'before anything is stored, the suggestion is computed',
        );
        const first = await topology.suggest('chef.salle');
        assert.equal(first.suggested, suggestTopology(CAMERAS).length);
        assert.equal(first.keptEdited, 0);

        const edited = await topology.replace('a', [{ direction: 'N', toCameraId: 'b', walkMinS: 60, walkMaxS: 240, driveMinS: 10, driveMaxS: 90 }], 'chef.salle');
        assert.deepEqual(
          edited.before.map((l) => l.toCameraId),
          ['b', 'c'],
        );
        assert.equal(edited.after.length, 1);
        assert.equal(edited.after[0]?.source, 'edited');
        assert.equal(edited.after[0]?.distanceM, 200);

        const again = await topology.suggest('admin');
        assert.equal(again.keptEdited, 1);
        const fromA = await topology.linksFrom('a');
        assert.deepEqual(
          fromA.map((l) => [l.toCameraId, l.walkMinS, l.source]),
          [['b', 60, 'edited']],
          'the hand edit survives a new suggestion',
        );
        assert.ok((await topology.list(['b'])).every((l) => l.source === 'suggested'));

        const link = { direction: 'N', toCameraId: 'b', walkMinS: 0, walkMaxS: 10, driveMinS: 0, driveMaxS: 10 };
        const cases: Array<[unknown[], RegExp, string]> = [
          [[{ ...link, direction: 'NNE' }], /huit points cardinaux/, 'VIGIE_TOPOLOGY_LINK_INVALID'],
          [[{ ...link, toCameraId: 'a' }], /sa propre voisine/, 'VIGIE_TOPOLOGY_LINK_INVALID'],
          [[{ ...link, walkMinS: 20, walkMaxS: 10 }], /temps de trajet à pied/, 'VIGIE_TOPOLOGY_LINK_INVALID'],
          [[{ ...link, driveMaxS: 90_000 }], /en véhicule/, 'VIGIE_TOPOLOGY_LINK_INVALID'],
          [[link, link], /déjà voisine/, 'VIGIE_TOPOLOGY_LINK_INVALID'],
          [[{ ...link, toCameraId: 'nowhere' }], /n'existe pas/, 'VIGIE_TOPOLOGY_CAMERA_UNKNOWN'],
        ];
        for (const [links, message, code] of cases) {
          const refused = await refusal(topology.replace('a', links as never, 'chef.salle'));
          assert.equal(refused.code, code);
          assert.match(refused.message, message);
        }
        assert.equal((await refusal(topology.replace('nowhere', [], 'x'))).code, 'VIGIE_TOPOLOGY_CAMERA_UNKNOWN');
        assert.deepEqual(
          (await topology.linksFrom('a')).map((l) => [l.toCameraId, l.walkMinS]),
          [['b', 60]],
          'nothing half-written',
        );
        // All neighbours removed by hand: the camera has none (no suggestion comes back by itself).
        await topology.replace('a', [], 'chef.salle');
        assert.deepEqual(await topology.linksFrom('a'), []);
      } finally {
        await database.close();
      }
    });
  });
}

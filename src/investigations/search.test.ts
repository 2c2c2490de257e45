// The forensic search on both databases: each criterion (class, colours, direction, zone, line, time, cameras)
// on a hand-made set of tracks, one result per object newest first with paging, the caller's scope (a room lead's
// communes, an investigator's requisitions through the real access policy) and the bad input refused in French.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { decidePolicy, GRANT_SCOPED_ROLES, type Actor, type ScopeGrant } from '../access/index.js';
import { createDetectionStore, type Detection } from '../analytics/index.js';
import { ManualClock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { DAY_MS } from '../retention/index.js';
import { ForensicSearch, type SearchCamera, type SearchRequest } from './search.js';

const NOW = Date.UTC(2026, 11, 5, 12);
const T0 = NOW - 2 * 3_600_000;
const MIN = 60_000;

const CAMERAS: SearchCamera[] = [
  { id: 'cam-a', name: 'Place des Épars', communeInsee: '28085', retentionDays: 15, position: { lat: 48.444, lon: 1.487 } },
  { id: 'cam-b', name: 'Gare', communeInsee: '28085', retentionDays: 15, position: { lat: 48.448, lon: 1.481 } },
  { id: 'cam-c', name: 'Lucé mairie', communeInsee: '28218', retentionDays: 10, position: { lat: 48.437, lon: 1.465 } },
];

/** A track: successive foot positions (normalised) one second apart, a box of 0.1 × 0.2 standing on each. */
function track(cameraId: string, trackId: number, className: string, startMs: number, feet: readonly (readonly [number, number])[], over: Partial<Detection> = {}): Detection[] {
  return feet.map(([fx, fy], i) => {
    const previous = feet[i - 1];
    const directionDeg = previous === undefined ? null : ((Math.atan2(fy - previous[1], fx - previous[0]) * 180) / Math.PI + 360) % 360;
    return {
      cameraId,
      atMs: startMs + i * 1000,
      trackId,
      className,
      confidence: 0.5 + i / 100,
      x: fx - 0.05,
      y: fy - 0.2,
      w: 0.1,
      h: 0.2,
      colours: ['bleu', 'noir'],
      directionDeg,
      speed: 0.05,
      ...over,
    };
  });
}

const actor = (role: Actor['role'], communes: string[] = [], id = `${role}-1`): Actor => ({ kind: 'user', id, username: id, role, communes });

for (const dialect of await testDialects()) {
  describe(`forensic search (${dialect})`, () => {
    let database: TestDatabase;
    let search: ForensicSearch;
    const grants = new Map<string, ScopeGrant[]>();
    const holds: { cameraIds: string[]; fromMs: number; toMs: number }[] = [];
    const clock = new ManualClock(NOW);
    const leader = actor('room_lead');
    const run = (request: Omit<SearchRequest, 'fromMs' | 'toMs'> & Partial<Pick<SearchRequest, 'fromMs' | 'toMs'>>, who: Actor = leader) =>
      search.search(who, who.role === 'investigator' ? { all: false, communes: [] } : { all: true }, { fromMs: T0, toMs: NOW, ...request });
    const keys = (answer: Awaited<ReturnType<typeof run>>) => answer.results.map((r) => `${r.cameraId}#${r.trackId}`);

    before(async () => {
      database = await openTestDatabase(dialect);
      search = new ForensicSearch({
        db: database.db,
        clock,
        cameras: { list: async (scope) => CAMERAS.filter((c) => scope.all || scope.communes.includes(c.communeInsee)) },
        holds: { overlapping: async (ids, fromMs, toMs) => holds.filter((h) => h.cameraIds.some((id) => ids.includes(id)) && h.fromMs < toMs && h.toMs > fromMs) },
        grants: async (userId) => grants.get(userId) ?? [],
        // The real policy decides each camera and range, as access.decideCamera does.
        mayPlayBack: async (who, cameraId, timeRange) => {
          const camera = CAMERAS.find((c) => c.id === cameraId);
          if (camera === undefined) return false;
          const subject = { role: who.role, communes: who.communes, habilitation: { disabled: false, validFromMs: null, validUntilMs: null }, grants: grants.get(who.id) ?? [] };
          return decidePolicy(subject, 'video.playback', { communeInsee: camera.communeInsee, cameraId, timeRange }, clock.now()).allowed;
        },
        grantScoped: (who) => GRANT_SCOPED_ROLES.includes(who.role),
      });
      const store = createDetectionStore(database.db);
      await store.insertBatch([
        // cam-a: a person walking right across the picture (crosses x = 0.5), blue and black.
        ...track('cam-a', 1, 'person', T0 + 10 * MIN, [
          [0.2, 0.7],
          [0.35, 0.7],
          [0.55, 0.72],
          [0.7, 0.72],
        ]),
        // cam-a: a red car driving left, later.
        ...track(
          'cam-a',
          2,
          'car',
          T0 + 30 * MIN,
          [
            [0.9, 0.5],
            [0.7, 0.5],
            [0.45, 0.5],
          ],
          { colours: ['rouge'] },
        ),
        // cam-a: a backpack lying still in the bottom-left corner, later still.
        ...track(
          'cam-a',
          3,
          'backpack',
          T0 + 50 * MIN,
          [
            [0.15, 0.9],
            [0.15, 0.9],
            [0.15, 0.9],
          ],
          { colours: ['noir'], directionDeg: null },
        ),
        // cam-a: a person going up (away) on the left, never crossing x = 0.5.
        ...track('cam-a', 4, 'person', T0 + 40 * MIN, [
          [0.2, 0.8],
          [0.2, 0.6],
          [0.2, 0.4],
        ]),
        // cam-b: a white person in the same commune.
        ...track(
          'cam-b',
          1,
          'person',
          T0 + 20 * MIN,
          [
            [0.5, 0.5],
            [0.52, 0.5],
          ],
          { colours: ['blanc'] },
        ),
        // cam-c (another commune): a person.
        ...track('cam-c', 1, 'person', T0 + 25 * MIN, [
          [0.5, 0.5],
          [0.6, 0.5],
        ]),
        // cam-a, track id 1 again three hours earlier: the tracker restarted, another object (outside the range).
        ...track('cam-a', 1, 'person', T0 - 3 * 3_600_000, [
          [0.2, 0.7],
          [0.3, 0.7],
        ]),
      ]);
    });
    after(async () => database.close());

    it('finds one result per tracked object, newest first, with its first and last instant and a representative box', async () => {
      const answer = await run({});
      assert.deepEqual(keys(answer), ['cam-a#3', 'cam-a#4', 'cam-a#2', 'cam-c#1', 'cam-b#1', 'cam-a#1']);
      const walker = answer.results.find((r) => r.cameraId === 'cam-a' && r.trackId === 1);
      assert.ok(walker);
      assert.equal(walker.firstMs, T0 + 10 * MIN);
      assert.equal(walker.lastMs, T0 + 10 * MIN + 3000);
      assert.equal(walker.detections, 4, 'the older object with the same track id is not merged in');
      assert.equal(walker.atMs, T0 + 10 * MIN + 3000, 'the most confident detection');
      assert.deepEqual(
        Object.values(walker.box).map((v) => Math.round(v * 1000) / 1000),
        [0.65, 0.52, 0.1, 0.2],
      );
      assert.equal(walker.classLabel, 'personne');
      assert.equal(walker.cameraName, 'Place des Épars');
      assert.deepEqual(walker.position, CAMERAS[0]?.position);
    });

    it('pages the results', async () => {
      const first = await run({ pageSize: 4 });
      const second = await run({ pageSize: 4, page: 2 });
      assert.equal(first.hasMore, true);
      assert.equal(second.hasMore, false);
      assert.deepEqual([...keys(first), ...keys(second)], ['cam-a#3', 'cam-a#4', 'cam-a#2', 'cam-c#1', 'cam-b#1', 'cam-a#1']);
    });

    it('filters by class, colours, direction, time and cameras', async () => {
      assert.deepEqual(keys(await run({ classes: ['car'] })), ['cam-a#2']);
      assert.deepEqual(keys(await run({ classes: ['backpack', 'handbag'] })), ['cam-a#3']);
      assert.deepEqual(keys(await run({ colours: ['rouge'] })), ['cam-a#2']);
      assert.deepEqual(keys(await run({ classes: ['person'], colours: ['bleu', 'noir'] })), ['cam-a#4', 'cam-c#1', 'cam-a#1']);
      assert.deepEqual(keys(await run({ classes: ['person'], colours: ['blanc'] })), ['cam-b#1']);
      assert.deepEqual(keys(await run({ colours: ['noir'], classes: ['backpack'] })), ['cam-a#3'], 'a colour among several');
      // Towards the right (± 45°), towards the left (a sector across 0° reads clockwise), upwards.
      assert.deepEqual(keys(await run({ cameraIds: ['cam-a'], direction: { fromDeg: 315, toDeg: 45 } })), ['cam-a#1']);
      assert.deepEqual(keys(await run({ cameraIds: ['cam-a'], direction: { fromDeg: 135, toDeg: 225 } })), ['cam-a#2']);
      assert.deepEqual(keys(await run({ cameraIds: ['cam-a'], direction: { fromDeg: 225, toDeg: 315 } })), ['cam-a#4']);
      assert.deepEqual(keys(await run({ fromMs: T0 + 15 * MIN, toMs: T0 + 35 * MIN })), ['cam-a#2', 'cam-c#1', 'cam-b#1']);
      assert.deepEqual(keys(await run({ cameraIds: ['cam-b', 'cam-c'] })), ['cam-c#1', 'cam-b#1']);
      const partial = await run({ cameraIds: ['cam-a'], classes: ['person'], fromMs: T0 + 10 * MIN + 1500, toMs: T0 + 11 * MIN });
      assert.equal(partial.results[0]?.firstMs, T0 + 10 * MIN + 2000, 'the first instant within the range');
      // An area drawn on the map: the cameras inside it (cam-a and cam-b around Chartres' centre, not Lucé).
      const area = {
        type: 'Polygon',
        coordinates: [
          [
            [1.47, 48.44],
            [1.5, 48.44],
            [1.5, 48.45],
            [1.47, 48.45],
            [1.47, 48.44],
          ],
        ],
      };
      assert.deepEqual((await run({ area, classes: ['person'] })).cameraIds, ['cam-a', 'cam-b']);
    });

    it('finds the objects in a zone of the picture and those crossing a line', async () => {
      const bottomLeft = [
        [0, 0.75],
        [0.4, 0.75],
        [0.4, 1],
        [0, 1],
      ];
      assert.deepEqual(keys(await run({ cameraIds: ['cam-a'], zone: bottomLeft })), ['cam-a#3', 'cam-a#4']);
      assert.deepEqual(keys(await run({ cameraIds: ['cam-a'], zone: bottomLeft, classes: ['person'] })), ['cam-a#4']);
      const inZone = (await run({ cameraIds: ['cam-a'], zone: bottomLeft, classes: ['person'] })).results[0];
      assert.equal(inZone?.detections, 1, 'only its positions inside the zone');
      const vertical = [
        [0.5, 0],
        [0.5, 1],
      ];
      const crossing = await run({ cameraIds: ['cam-a'], line: vertical });
      assert.deepEqual(keys(crossing), ['cam-a#2', 'cam-a#1'], 'the walker and the car cross, the backpack and the climber do not');
      assert.equal(crossing.results[1]?.atMs, T0 + 10 * MIN + 2000, 'the first position past the line');
      assert.deepEqual(keys(await run({ cameraIds: ['cam-a'], line: vertical, colours: ['rouge'] })), ['cam-a#2']);
      assert.deepEqual(keys(await run({ cameraIds: ['cam-a'], line: vertical, direction: { fromDeg: 315, toDeg: 45 } })), ['cam-a#1']);
    });

    it('keeps a room lead within his communes and an investigator within his requisitions in force', async () => {
      const localLead = actor('room_lead', ['28085']);
      // A commune-bound scope (as a commune-bound token gets it from the auth hook).
      const bound = await search.search(localLead, { all: false, communes: ['28085'] }, { fromMs: T0, toMs: NOW });
      assert.deepEqual(bound.cameraIds, ['cam-a', 'cam-b']);
      await assert.rejects(search.search(localLead, { all: false, communes: ['28085'] }, { fromMs: T0, toMs: NOW, cameraIds: ['cam-c'] }), code('VIGIE_SEARCH_OUT_OF_SCOPE', 403));

      const investigator = actor('investigator', [], 'enqueteur-1');
      assert.deepEqual((await run({}, investigator)).results, [], 'no requisition: nothing');
      grants.set(investigator.id, [{ requisitionId: 'r1', cameraIds: ['cam-a'], fromMs: T0 + 20 * MIN, toMs: T0 + 45 * MIN, untilMs: NOW + DAY_MS, live: false }]);
      const granted = await run({}, investigator);
      assert.deepEqual(granted.cameraIds, ['cam-a']);
      assert.deepEqual(keys(granted), ['cam-a#4', 'cam-a#2'], 'his camera, within his range only');
      await assert.rejects(run({ cameraIds: ['cam-b'] }, investigator), code('VIGIE_SEARCH_OUT_OF_SCOPE', 403));
      // Once the end date has passed, nothing.
      clock.set(NOW + DAY_MS + 1);
      try {
        assert.deepEqual((await run({ toMs: NOW }, investigator)).results, []);
      } finally {
        clock.set(NOW);
      }
    });

    it('refuses bad input with a French sentence and its code', async () => {
      await assert.rejects(run({ classes: ['face'] }), code('VIGIE_SEARCH_CLASS_UNKNOWN', 400, /Type d'objet inconnu/));
      await assert.rejects(run({ colours: ['turquoise'] }), code('VIGIE_SEARCH_COLOUR_UNKNOWN', 400));
      await assert.rejects(run({ fromMs: NOW, toMs: T0 }), code('VIGIE_SEARCH_RANGE_INVALID', 400, /doit suivre son début/));
      await assert.rejects(run({ fromMs: NOW + MIN, toMs: NOW + 2 * MIN }), code('VIGIE_SEARCH_RANGE_INVALID', 400));
      await assert.rejects(run({ fromMs: NOW - 12 * DAY_MS }), code('VIGIE_SEARCH_BEYOND_RETENTION', 400, /Lucé mairie.*10 jours/));
      assert.ok(await run({ fromMs: NOW - 12 * DAY_MS, cameraIds: ['cam-a'] }), 'within the 15 days of cam-a');
      holds.push({ cameraIds: ['cam-c'], fromMs: NOW - 20 * DAY_MS, toMs: NOW });
      assert.ok(await run({ fromMs: NOW - 12 * DAY_MS }), 'a hold keeps the footage past the retention');
      holds.pop();
      await assert.rejects(
        run({
          cameraIds: ['cam-a'],
          zone: [
            [0.1, 0.1],
            [0.2, 0.2],
          ],
        }),
        code('VIGIE_SEARCH_ZONE_INVALID', 400),
      );
      await assert.rejects(
        run({
          cameraIds: ['cam-a'],
          zone: [
            [0.1, 0.1],
            [0.5, 0.1],
            [1.4, 0.5],
          ],
        }),
        code('VIGIE_SEARCH_ZONE_INVALID', 400, /intérieur de l'image/),
      );
      await assert.rejects(
        run({
          cameraIds: ['cam-a'],
          zone: [
            [0.1, 0.1],
            [0.2, 0.2],
            [0.3, 0.3],
          ],
        }),
        code('VIGIE_SEARCH_ZONE_INVALID', 400, /pas de surface/),
      );
      await assert.rejects(
        run({
          zone: [
            [0.1, 0.1],
            [0.5, 0.1],
            [0.5, 0.5],
          ],
        }),
        code('VIGIE_SEARCH_ZONE_CAMERA', 400),
      );
      await assert.rejects(
        run({
          cameraIds: ['cam-a'],
          line: [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
        }),
        code('VIGIE_SEARCH_LINE_INVALID', 400),
      );
      await assert.rejects(run({ direction: { fromDeg: 90, toDeg: 450 } }), code('VIGIE_SEARCH_DIRECTION_INVALID', 400));
      await assert.rejects(run({ cameraIds: ['nowhere'] }), code('VIGIE_SEARCH_CAMERA_UNKNOWN', 400));
      await assert.rejects(run({ area: { type: 'Point', coordinates: [1, 48] } }), code('VIGIE_SEARCH_AREA_INVALID', 400));
      await assert.rejects(run({ page: 0 }), code('VIGIE_SEARCH_PAGE_INVALID', 400));
    });
  });
}

function code(expected: string, status: number, message?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof VigieError, String(error));
    assert.equal(error.code, expected, error.message);
    assert.equal(error.status, status);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  };
}

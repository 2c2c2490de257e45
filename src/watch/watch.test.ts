// Live-watch requests on both engines, with a manual clock: submitted → accepted → active (cameras put on the wall
// monitor) → ended by the timer; declined, cancelled, ended early, expired unanswered; every bad input refused
// with its code and nothing written; the report lists per commune and period.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { createJournal, type Journal } from '../journal/index.js';
import { createTerritory, type Territory } from '../territory/index.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { polygonContains, readPolygon } from './area.js';
import { createWatch, MAX_WATCH_WINDOW_MS, watchRequestsForReport, type WatchService } from './index.js';

const COMMUNES_CSV = 'insee;nom;lat;lon\n28085;Chartres;48.44695;1.50569\n28218;Lucé;48.43504;1.4529\n';
const author = { actor: null, via: 'cli', osUser: 'test' } as const;
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 5, 9, 0);
const MAYOR = { id: 'u-mayor', username: 'maire.chartres', role: 'mayor', communes: ['28085'] };
const LUCE_MAYOR = { id: 'u-luce', username: 'maire.luce', role: 'mayor', communes: ['28218'] };
const LEAD = { id: 'u-lead', username: 'chef', role: 'room_lead', communes: [] };
/** A square around Chartres' cathedral quarter, [lon, lat]. */
const CATHEDRAL_AREA = {
  type: 'Polygon',
  coordinates: [
    [
      [1.48, 48.44],
      [1.5, 48.44],
      [1.5, 48.46],
      [1.48, 48.46],
      [1.48, 48.44],
    ],
  ],
};

async function rejection(promise: Promise<unknown>): Promise<VigieError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof VigieError, `expected a VigieError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('watch area', () => {
  it('reads a closed Polygon and tells which points lie inside', () => {
    const read = readPolygon(CATHEDRAL_AREA);
    assert.ok(read.ok);
    assert.equal(polygonContains(read.polygon, { lon: 1.49, lat: 48.45 }), true);
    assert.equal(polygonContains(read.polygon, { lon: 1.45, lat: 48.43 }), false);
    assert.equal(
      readPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
        ],
      }).ok,
      false,
    );
    assert.equal(readPolygon({ type: 'Point', coordinates: [1, 2] }).ok, false);
    assert.equal(
      readPolygon({
        type: 'Polygon',
        coordinates: [
          [
            [1, 2],
            [3, 4],
            [5, 6],
            [1, 3],
          ],
        ],
      }).ok,
      false,
    );
  });
});

for (const dialect of await testDialects()) {
  describe(`watch requests (${dialect})`, () => {
    let database: TestDatabase;
    let journal: Journal;
    let territory: Territory;
    let watch: WatchService;
    const clock = new ManualClock(T0);
    const shown: { monitorId: string; cameraIds: readonly string[]; actor: string | undefined }[] = [];
    const cameras: Record<'cathedral' | 'station' | 'luce', string> = { cathedral: '', station: '', luce: '' };

    before(async () => {
      database = await openTestDatabase(dialect);
      journal = createJournal({ db: database.db, clock, dataDir: database.dataDir });
      territory = await createTerritory({ db: database.db, clock, config: { dataDir: database.dataDir, territory: { defaultRetentionDays: 15 } }, journal, logger: silentLogger, credentialsKey: '' });
      assert.deepEqual((await territory.communes.import({ kind: 'csv', text: COMMUNES_CSV }, author)).errors, []);
      const camera = async (name: string, commune: string, lat: number, lon: number) =>
        (await territory.cameras.create({ name, commune, lat, lon, mainUrl: `rtsp://10.0.0.1/${encodeURIComponent(name)}` }, author)).id;
      cameras.cathedral = await camera('Cathédrale', '28085', 48.4477, 1.4876);
      cameras.station = await camera('Gare', '28085', 48.4386, 1.4813);
      cameras.luce = await camera('Mairie de Lucé', '28218', 48.4372, 1.4642);
      watch = createWatch({
        db: database.db,
        clock,
        journal,
        territory,
        logger: silentLogger,
        wall: {
          monitors: async () => [{ id: 'mon-3', name: 'Écran 3' }],
          show: async (monitorId, cameraIds, actor) => {
            shown.push({ monitorId, cameraIds, actor: actor?.username });
          },
        },
      });
    });
    after(async () => {
      await watch?.close();
      await database?.close();
    });

    const base = () => ({
      event: 'Fête de la lumière',
      contact: '06 12 34 56 78',
      reason: 'Affluence attendue place de la cathédrale',
      fromMs: clock.now() + 10 * MINUTE,
      toMs: clock.now() + 70 * MINUTE,
    });

    it('goes submitted → accepted → active (on the wall monitor) → ended by itself, journaled', async () => {
      const submitted = await watch.submit({ ...base(), cameraIds: [cameras.cathedral] }, MAYOR);
      assert.equal(submitted.state, 'submitted');
      assert.equal(submitted.communeInsee, '28085');
      const accepted = await watch.accept(submitted.id, { cameraIds: [cameras.cathedral, cameras.station], monitorId: 'mon-3', note: 'Écran 3' }, LEAD);
      assert.equal(accepted.state, 'accepted');
      assert.deepEqual(accepted.acceptedCameraIds, [cameras.cathedral, cameras.station]);
      assert.deepEqual((await watch.list({ active: true })).length, 0);

      clock.advance(10 * MINUTE);
      await watch.sweep();
      const active = await watch.get(submitted.id);
      assert.equal(active.state, 'active');
      assert.equal(active.wallOutcome, 'shown');
      assert.deepEqual(shown, [{ monitorId: 'mon-3', cameraIds: [cameras.cathedral, cameras.station], actor: 'chef' }]);
      assert.deepEqual(
        (await watch.list({ active: true })).map((r) => r.id),
        [submitted.id],
      );

      clock.advance(60 * MINUTE);
      await watch.sweep();
      const ended = await watch.get(submitted.id);
      assert.equal(ended.state, 'ended');
      assert.equal(ended.endCause, 'window');
      assert.deepEqual(await watch.list({ active: true }), []);
      const entries = (await journal.query({ limit: 50 })).entries.filter((e) => e.target?.id === submitted.id);
      assert.deepEqual(entries.map((e) => e.action).sort(), ['watch.activate', 'watch.end']);
      assert.ok(entries.every((e) => e.target?.communeInsee === '28085'));
    });

    it('proposes the cameras of the commune inside the drawn area, and refuses an area holding none', async () => {
      const byArea = await watch.submit({ ...base(), area: CATHEDRAL_AREA }, MAYOR);
      assert.deepEqual(byArea.cameraIds, [cameras.cathedral]);
      const empty = {
        type: 'Polygon',
        coordinates: [
          [
            [1.0, 48.0],
            [1.01, 48.0],
            [1.01, 48.01],
            [1.0, 48.0],
          ],
        ],
      };
      assert.equal((await rejection(watch.submit({ ...base(), area: empty }, MAYOR))).code, 'VIGIE_WATCH_AREA_EMPTY');
      assert.equal((await rejection(watch.submit({ ...base(), area: { type: 'Polygon', coordinates: [[[1, 2]]] } }, MAYOR))).code, 'VIGIE_WATCH_AREA_INVALID');
    });

    it('refuses bad input with its code and writes nothing', async () => {
      const before = (await watch.list({})).length;
      const codes = async (input: Parameters<WatchService['submit']>[0], actor = MAYOR) => (await rejection(watch.submit(input, actor))).code;
      assert.equal(await codes({ ...base(), cameraIds: [cameras.cathedral], toMs: base().fromMs - MINUTE }), 'VIGIE_WATCH_WINDOW_INVALID');
      assert.equal(await codes({ ...base(), cameraIds: [cameras.cathedral], fromMs: clock.now() - 2 * 3_600_000, toMs: clock.now() - 3_600_000 }), 'VIGIE_WATCH_WINDOW_PAST');
      assert.equal(await codes({ ...base(), cameraIds: [cameras.cathedral], toMs: base().fromMs + MAX_WATCH_WINDOW_MS + 1 }), 'VIGIE_WATCH_WINDOW_TOO_LONG');
      assert.equal(await codes({ ...base(), cameraIds: [cameras.luce] }), 'VIGIE_WATCH_CAMERA_REFUSED');
      const unknown = await rejection(watch.submit({ ...base(), cameraIds: ['no-such-camera'] }, MAYOR));
      assert.equal(unknown.code, 'VIGIE_WATCH_CAMERA_REFUSED');
      assert.equal(unknown.status, 403);
      assert.equal(await codes({ ...base(), commune: '28218', cameraIds: [cameras.luce] }), 'VIGIE_WATCH_COMMUNE_REFUSED');
      assert.equal(await codes({ ...base(), cameraIds: [] }), 'VIGIE_WATCH_PLACE_MISSING');
      assert.equal(await codes({ ...base(), contact: '   ', cameraIds: [cameras.cathedral] }), 'VIGIE_WATCH_FIELD_INVALID');
      assert.equal(await codes({ ...base(), reason: 'x'.repeat(2001), cameraIds: [cameras.cathedral] }), 'VIGIE_WATCH_FIELD_INVALID');
      assert.equal((await watch.list({})).length, before);
    });

    it('declines with a reason, lets the mayor cancel before the start, and refuses wrong transitions', async () => {
      const first = await watch.submit({ ...base(), cameraIds: [cameras.station] }, MAYOR);
      assert.equal((await rejection(watch.decline(first.id, '  ', LEAD))).code, 'VIGIE_WATCH_FIELD_INVALID');
      const declined = await watch.decline(first.id, 'Pas d’opérateur disponible', LEAD);
      assert.equal(declined.state, 'declined');
      assert.equal(declined.reviewNote, 'Pas d’opérateur disponible');
      assert.equal((await rejection(watch.accept(first.id, { cameraIds: [] }, LEAD))).code, 'VIGIE_WATCH_STATE');

      const second = await watch.submit({ ...base(), cameraIds: [cameras.station] }, MAYOR);
      assert.equal((await rejection(watch.accept(second.id, { cameraIds: [cameras.luce] }, LEAD))).code, 'VIGIE_WATCH_CAMERA_NOT_IN_COMMUNE');
      assert.equal((await rejection(watch.accept(second.id, { cameraIds: [], monitorId: 'mon-99' }, LEAD))).code, 'VIGIE_WATCH_MONITOR_UNKNOWN');
      assert.equal((await rejection(watch.cancel(second.id, LUCE_MAYOR))).code, 'VIGIE_WATCH_NOT_FOUND');
      assert.equal((await watch.cancel(second.id, MAYOR)).state, 'cancelled');

      const third = await watch.submit({ ...base(), cameraIds: [cameras.station] }, MAYOR);
      await watch.accept(third.id, { cameraIds: [] }, LEAD);
      clock.advance(11 * MINUTE);
      await watch.sweep();
      assert.equal((await watch.get(third.id)).state, 'active');
      assert.equal((await rejection(watch.cancel(third.id, MAYOR))).code, 'VIGIE_WATCH_STATE');
      const ended = await watch.end(third.id, LEAD);
      assert.equal(ended.state, 'ended');
      assert.equal(ended.endCause, 'early');
    });

    it('expires a request nobody answered, and lists per commune and period for the report', async () => {
      const unanswered = await watch.submit({ ...base(), cameraIds: [cameras.station] }, MAYOR);
      const luce = await watch.submit({ ...base(), cameraIds: [cameras.luce] }, LUCE_MAYOR);
      clock.advance(80 * MINUTE);
      await watch.sweep();
      assert.equal((await watch.get(unanswered.id)).state, 'expired');
      assert.equal((await rejection(watch.get(luce.id, ['28085']))).code, 'VIGIE_WATCH_NOT_FOUND');
      const chartres = await watchRequestsForReport(database.db, { communes: ['28085'], fromMs: T0, toMs: clock.now() });
      assert.ok(chartres.length >= 5);
      assert.ok(chartres.every((r) => r.communeInsee === '28085'));
      assert.ok(chartres.some((r) => r.id === unanswered.id));
      assert.deepEqual(
        (await watchRequestsForReport(database.db, { communes: ['28218'], fromMs: T0, toMs: clock.now() })).map((r) => r.id),
        [luce.id],
      );
      assert.deepEqual(await watchRequestsForReport(database.db, { communes: ['28085'], fromMs: clock.now() + 3_600_000, toMs: clock.now() + 7_200_000 }), []);
    });
  });
}

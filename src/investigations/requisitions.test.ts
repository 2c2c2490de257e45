// Requisitions with a manual clock on both engines, over real footage, holds and the retention purge: the hold
// placed at registration outlives the camera's retention and is released at closure; validation grants a scope
// that ends at its end date by itself; bad input (malformed reference, range beyond retention or destroyed,
// overlap, extension after the end date) is refused in French and grants nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { refusal } from '../../test/support/refusal.js';
import { ManualClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import type { ExportService } from '../export/index.js';
import { createJournal } from '../journal/index.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { Recorder, SegmentStore, Volumes } from '../recording/index.js';
import { feed } from '../recording/testing/feed.js';
import { DAY_MS, DestructionRegister, HoldStore, RetentionService } from '../retention/index.js';
import { Requisitions } from './requisitions.js';

const logger = createLogger({ level: 'silent' });
const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
const T0 = Date.UTC(2026, 9, 1, 10, 0, 0);
const RETENTION_DAYS = 10;
const CAMERAS = [
  { id: 'cam-a', name: 'Place des Halles', communeName: 'Chartres', retentionDays: RETENTION_DAYS, position: { lat: 48.447, lon: 1.489 } },
  { id: 'cam-b', name: 'Gare', communeName: 'Chartres', retentionDays: RETENTION_DAYS, position: { lat: 48.44, lon: 1.48 } },
];
const lead = { id: 'lead', username: 'chef.salle', role: 'room_lead' };
const investigator = { id: 'inv', username: 'enqueteur', role: 'investigator' };

/** Two cameras recorded from T0 (5 minutes each), holds, the retention purge and the requisitions over them. */
async function startWorld(database: TestDatabase) {
  const clock = new ManualClock(T0);
  const journal = createJournal({ db: database.db, clock, dataDir: database.dataDir });
  const store = new SegmentStore(database.db);
  const volumes = Volumes.fromConfig(database.dataDir, [], () => 10 ** 12);
  for (const camera of CAMERAS) {
    const recorder = new Recorder({ cameraId: camera.id, stream: 'main', segmentSeconds: 2, volumes, store, logger });
    await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
    recorder.stop('closed');
    await recorder.drain();
  }
  const holds = new HoldStore(database.db, clock, journal);
  const retention = new RetentionService({
    register: new DestructionRegister(database.db),
    clock,
    logger,
    holds,
    volumes,
    store,
    journal,
    minFreeBytes: 1000,
    defaultRetentionDays: RETENTION_DAYS,
    retentionDays: async () => RETENTION_DAYS,
  });
  const requisitions = new Requisitions({
    db: database.db,
    clock,
    holds,
    exports: {} as Pick<ExportService, 'create' | 'get' | 'directory'>,
    bookmarks: { ofRequisition: async () => [] },
    investigators: async () => [{ id: investigator.id, username: investigator.username, displayName: 'Lieutenant Martin' }],
    cameras: {
      get: async (id) => CAMERAS.find((camera) => camera.id === id),
      all: async () => CAMERAS,
      hasFootage: async (cameraId, fromMs, toMs) => (await store.overlapping(cameraId, 'main', fromMs, toMs)).length > 0,
    },
  });
  return { clock, journal, store, holds, retention, requisitions };
}

const base = {
  reference: 'BR-CHARTRES 2026/004512',
  officer: { name: 'Capitaine Durand', quality: 'OPJ', service: 'Brigade de recherches de Chartres', contact: '02 37 00 00 00' },
  legalBasis: 'art. 77-1-1 du code de procédure pénale',
  reason: 'vol avec violence place des Halles',
  cameraIds: ['cam-a'],
  fromMs: T0,
  toMs: T0 + 4000,
};

for (const dialect of await testDialects()) {
  describe(`requisitions (${dialect})`, () => {
    it('holds at registration past retention, grants a scope until its end date, releases the hold at closure', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const { clock, journal, store, holds, retention, requisitions } = await startWorld(database);
        clock.set(T0 + 3_600_000);
        // Bad input: nothing registered, nothing held.
        const malformed = await refusal(requisitions.register({ ...base, reference: 'PV quarante-deux' }, investigator, null));
        assert.equal(malformed.code, 'VIGIE_REQUISITION_REFERENCE_INVALID');
        assert.match(malformed.message, /AAAA\/NNNNN/);
        const beyond = await refusal(requisitions.register({ ...base, fromMs: T0 - 11 * DAY_MS, toMs: T0 - 10 * DAY_MS }, investigator, null));
        assert.equal(beyond.code, 'VIGIE_REQUISITION_BEYOND_RETENTION');
        assert.match(beyond.message, /durée de conservation/);
        const destroyed = await refusal(requisitions.register({ ...base, fromMs: T0 - 2 * DAY_MS, toMs: T0 - DAY_MS }, investigator, null));
        assert.equal(destroyed.code, 'VIGIE_REQUISITION_FOOTAGE_DESTROYED');
        const notInvestigator = await refusal(requisitions.register({ ...base, investigatorId: lead.id }, lead, null));
        assert.equal(notInvestigator.code, 'VIGIE_REQUISITION_INVESTIGATOR_INVALID');
        const emptyArea = await refusal(
          requisitions.register(
            {
              ...base,
              cameraIds: [],
              area: {
                type: 'Polygon',
                coordinates: [
                  [
                    [2, 48],
                    [2.1, 48],
                    [2.1, 48.1],
                    [2, 48],
                  ],
                ],
              },
            },
            investigator,
            null,
          ),
        );
        assert.equal(emptyArea.code, 'VIGIE_REQUISITION_PLACE_MISSING');
        assert.deepEqual(await holds.list(), [], 'no hold for refused input');

        // An area drawn around cam-a only.
        const area = {
          type: 'Polygon',
          coordinates: [
            [
              [1.485, 48.445],
              [1.495, 48.445],
              [1.495, 48.45],
              [1.485, 48.45],
              [1.485, 48.445],
            ],
          ],
        };
        const registered = await requisitions.register({ ...base, cameraIds: [], area, investigatorId: investigator.id }, lead, null);
        assert.deepEqual(registered.cameraIds, ['cam-a']);
        assert.equal(registered.state, 'registered');
        assert.equal(registered.investigator, investigator.username);
        const hold = await holds.get(registered.holdId);
        assert.equal(hold.kind, 'judicial-requisition');
        assert.equal(hold.releasedAt, null);
        assert.deepEqual(await requisitions.scopeGrants(investigator.id), [], 'registered is not validated: no scope');
        const overlap = await refusal(requisitions.register({ ...base, fromMs: T0 + 2000, toMs: T0 + 6000 }, investigator, null));
        assert.equal(overlap.code, 'VIGIE_REQUISITION_OVERLAP');

        const pastEnd = await refusal(requisitions.validate(registered.id, clock.now() - 1, undefined, lead));
        assert.equal(pastEnd.code, 'VIGIE_REQUISITION_SCOPE_EXPIRED');
        const until = clock.now() + 2 * 3_600_000;
        const validated = await requisitions.validate(registered.id, until, 'vu', lead);
        assert.equal(validated.state, 'validated');
        assert.deepEqual(await requisitions.scopeGrants(investigator.id), [{ requisitionId: registered.id, cameraIds: ['cam-a'], fromMs: T0, toMs: T0 + 4000, untilMs: until, live: false }]);
        assert.deepEqual(await requisitions.scopeGrants(lead.id), [], 'nobody else is granted anything');

        // The end date passes: the scope ends by itself; an extension asked now is refused.
        clock.set(until);
        assert.deepEqual(await requisitions.scopeGrants(investigator.id), []);
        const late = await refusal(requisitions.requestExtension(registered.id, { untilMs: until + DAY_MS, reason: 'suite de l’enquête' }, investigator, null));
        assert.equal(late.code, 'VIGIE_REQUISITION_SCOPE_EXPIRED');
        assert.match(late.message, /une extension se demande avant l'échéance/);

        // Past the camera's retention: cam-b's footage is destroyed, the held part of cam-a's is not.
        clock.set(T0 + (RETENTION_DAYS + 1) * DAY_MS);
        await retention.run();
        const left = (await store.all()).map((row) => `${row.camera_id}@${Number(row.start_ms) - T0}`);
        assert.ok(
          left.every((name) => name.startsWith('cam-a@')),
          `only held footage left: ${left.join(', ')}`,
        );
        assert.ok(left.includes('cam-a@0') && left.includes('cam-a@2000'), `the requisition's range is kept: ${left.join(', ')}`);

        const closed = await requisitions.close(registered.id, lead, null);
        assert.equal(closed.state, 'closed');
        assert.notEqual((await holds.get(registered.holdId)).releasedAt, null, 'closure releases the hold');
        await retention.run();
        assert.deepEqual(await store.all(), [], 'released, the footage goes at the next purge');
        const actions = (await journal.query({})).entries.map((entry) => entry.action);
        assert.ok(actions.includes('hold.create') && actions.includes('hold.release'), actions.join(', '));
      } finally {
        await database.close();
      }
    });

    it('extends the scope to another camera and a wider range only once granted; the widened footage is held from the request', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const { clock, journal, store, holds, retention, requisitions } = await startWorld(database);
        clock.set(T0 + 3_600_000);
        const registered = await requisitions.register({ ...base, toMs: T0 + 2000 }, investigator, null);
        const until = T0 + 20 * DAY_MS;
        await requisitions.validate(registered.id, until, undefined, lead);
        const widerTo = T0 + 4000;

        // Bad input: nothing asked beyond the scope, a narrower range, a camera with no footage left, no reason.
        assert.equal((await refusal(requisitions.requestExtension(registered.id, { cameraIds: ['cam-a'], reason: 'rien de plus' }, investigator, null))).code, 'VIGIE_REQUISITION_EXTENSION_EMPTY');
        assert.equal((await refusal(requisitions.requestExtension(registered.id, { fromMs: T0 + 1000, reason: 'plus court' }, investigator, null))).code, 'VIGIE_REQUISITION_RANGE_INVALID');
        assert.equal((await refusal(requisitions.requestExtension(registered.id, { toMs: widerTo, reason: ' ' }, investigator, null))).code, 'VIGIE_REQUISITION_FIELD_INVALID');
        const beyond = await refusal(requisitions.requestExtension(registered.id, { fromMs: T0 - 11 * DAY_MS, reason: 'avant' }, investigator, null));
        assert.equal(beyond.code, 'VIGIE_REQUISITION_BEYOND_RETENTION');
        const destroyed = await refusal(requisitions.requestExtension(registered.id, { fromMs: T0 - DAY_MS, reason: 'la veille' }, investigator, null));
        assert.equal(destroyed.code, 'VIGIE_REQUISITION_FOOTAGE_DESTROYED');
        const other = await refusal(requisitions.requestExtension(registered.id, { cameraIds: ['cam-b'], reason: 'suite' }, { id: 'other', username: 'autre', role: 'investigator' }, null));
        assert.equal(other.code, 'VIGIE_REQUISITION_NOT_FOUND', "another investigator's requisition is not his to extend");
        assert.equal((await holds.list()).length, 1, 'only the requisition’s own hold so far');

        // Asked: the widened footage is held at once, the scope stays as granted.
        const asked = await requisitions.requestExtension(registered.id, { cameraIds: ['cam-b'], toMs: widerTo, untilMs: until + DAY_MS, reason: 'le suspect part vers la gare' }, investigator, null);
        const pending = asked.extensions[0];
        assert.ok(pending !== undefined && pending.state === 'pending' && pending.holdId !== null);
        assert.deepEqual(pending.addedCameraIds, ['cam-b']);
        assert.deepEqual(
          asked.cameras.map((camera) => `${camera.name} (${camera.communeName})`),
          ['Place des Halles (Chartres)', 'Gare (Chartres)'],
          'its cameras and the one asked, by name and commune',
        );
        const extensionHold = await holds.get(pending.holdId);
        assert.deepEqual([extensionHold.kind, extensionHold.cameraIds, extensionHold.fromMs, extensionHold.toMs], ['judicial-requisition', ['cam-a', 'cam-b'], T0, widerTo]);
        assert.deepEqual(
          await requisitions.scopeGrants(investigator.id),
          [{ requisitionId: registered.id, cameraIds: ['cam-a'], fromMs: T0, toMs: T0 + 2000, untilMs: until, live: false }],
          'nothing broader before the decision',
        );
        assert.equal(
          (await refusal(requisitions.requestExtension(registered.id, { untilMs: until + 2 * DAY_MS, reason: 'encore' }, investigator, null))).code,
          'VIGIE_REQUISITION_STATE',
          'one pending at a time',
        );

        // While it waits, cam-b's retention passes: its footage in the asked range is kept by the hold.
        clock.set(T0 + (RETENTION_DAYS + 1) * DAY_MS);
        await retention.run();
        const left = (await store.all()).map((row) => `${row.camera_id}@${Number(row.start_ms) - T0}`);
        assert.ok(left.includes('cam-b@0') && left.includes('cam-b@2000'), `cam-b kept in the asked range: ${left.join(', ')}`);
        assert.ok(!left.includes('cam-b@4000'), `cam-b's footage outside it is purged: ${left.join(', ')}`);

        assert.equal((await refusal(requisitions.decideExtension(registered.id, false, '', lead, null))).code, 'VIGIE_REQUISITION_FIELD_INVALID', 'a refusal says why');
        const granted = await requisitions.decideExtension(registered.id, true, 'vu', lead, null);
        assert.deepEqual([granted.cameraIds, granted.fromMs, granted.toMs, granted.scopeUntilMs], [['cam-a', 'cam-b'], T0, widerTo, until + DAY_MS]);
        assert.deepEqual([granted.extensions[0]?.state, granted.extensions[0]?.decidedBy, granted.extensions[0]?.decisionNote], ['granted', lead.username, 'vu']);
        assert.deepEqual(await requisitions.scopeGrants(investigator.id), [
          { requisitionId: registered.id, cameraIds: ['cam-a', 'cam-b'], fromMs: T0, toMs: widerTo, untilMs: until + DAY_MS, live: false },
        ]);

        // A second one, refused: its hold goes, the scope stays. Closure releases every hold.
        const again = await requisitions.requestExtension(registered.id, { untilMs: until + 2 * DAY_MS, reason: 'encore' }, lead, null);
        assert.equal(again.extensions[1]?.holdId, null, 'a later end date alone holds nothing more');
        const refused = await requisitions.decideExtension(registered.id, false, 'non motivé', lead, null);
        assert.deepEqual([refused.extensions[1]?.state, refused.scopeUntilMs], ['refused', until + DAY_MS]);
        await requisitions.close(registered.id, lead, null);
        assert.notEqual((await holds.get(pending.holdId)).releasedAt, null, 'closure releases the extension’s hold');
        assert.deepEqual(await holds.list(), []);
        const actions = (await journal.query({})).entries.map((entry) => entry.action);
        assert.equal(actions.filter((action) => action === 'hold.create').length, 2, actions.join(', '));
      } finally {
        await database.close();
      }
    });
  });
}

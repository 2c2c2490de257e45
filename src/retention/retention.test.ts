// Retention with a manual clock on both engines: expiry per camera (capped at 30 days), holds protect footage,
// the destruction register and the journal, and disk-full deletion of the oldest unheld footage.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import { createJournal } from '../journal/index.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { Recorder, SegmentStore, Volumes } from '../recording/index.js';
import { feed } from '../recording/testing/feed.js';
import { DestructionRegister } from './destruction-register.js';
import { HoldStore } from './hold-store.js';
import { DAY_MS, expiredSegments } from './policy.js';
import { RetentionService } from './purge.js';

const logger = createLogger({ level: 'silent' });
const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
const T0 = Date.UTC(2026, 9, 1, 10, 0, 0);

describe('retention policy', () => {
  it('caps retention at 30 days whatever the camera says', () => {
    const s = { id: 's', cameraId: 'c', stream: 'main', volume: 'v', path: 'p', startMs: 0, endMs: 1000, bytes: 1 };
    assert.equal(expiredSegments([s], () => 30, [], 1000 + 30 * DAY_MS - 1).length, 0);
    assert.equal(expiredSegments([s], () => 30, [], 1000 + 30 * DAY_MS).length, 1);
  });
});

for (const dialect of await testDialects()) {
  describe(`retention (${dialect})`, () => {
    it('purges expired unheld footage, writes the register and the journal, and spares held footage', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const clock = new ManualClock(T0);
        const journal = createJournal({ db: database.db, clock, dataDir: database.dataDir });
        const store = new SegmentStore(database.db);
        const volumes = Volumes.fromConfig(database.dataDir, [], () => 10 ** 12);
        for (const cameraId of ['cam-a', 'cam-b']) {
          const recorder = new Recorder({ cameraId, stream: 'main', segmentSeconds: 2, volumes, store, logger });
          await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
          recorder.stop('closed');
          await recorder.drain();
        }
        const holds = new HoldStore(database.db, clock, journal);
        const hold = await holds.create(
          { reference: 'PV 42', reason: 'réquisition', kind: 'judicial-requisition', cameraIds: ['cam-a'], fromMs: T0 + 2500, toMs: T0 + 3000, expiresAt: T0 + 60 * DAY_MS },
          null,
          'admin',
        );
        const destructions = new DestructionRegister(database.db);
        const retention = new RetentionService({
          register: destructions,
          clock,
          logger,
          holds,
          volumes,
          store,
          journal,
          minFreeBytes: 1000,
          defaultRetentionDays: 15,
          retentionDays: async (id) => (id === 'cam-b' ? 45 : 10),
        });

        const expectedBytes = (await store.all()).filter((r) => r.camera_id === 'cam-a' && r.start_ms !== T0 + 2000).reduce((a, r) => a + r.bytes, 0);
        clock.set(T0 + 10 * DAY_MS + 10_000);
        assert.deepEqual(await retention.run(), { expired: 2, diskFull: 0, bytes: expectedBytes });
        assert.deepEqual(
          (await store.all()).map((r) => `${r.camera_id}@${r.start_ms - T0}`),
          ['cam-a@2000', 'cam-b@0', 'cam-b@2000', 'cam-b@4000'],
        );
        const purgedAt = clock.now();
        const register = await destructions.list(purgedAt, purgedAt + 1);
        assert.equal(register.length, 1);
        assert.deepEqual(await destructions.list(0, purgedAt), [], 'the register is read over [from, to)');
        assert.deepEqual([register[0]!.camera_id, register[0]!.from_ms - T0, register[0]!.to_ms - T0, register[0]!.segments, register[0]!.cause], ['cam-a', 0, 6000, 2, 'retention']);
        const entries = await journal.query({});
        assert.ok(entries.entries.some((e) => e.action === 'retention.destroy'));
        assert.ok(entries.entries.some((e) => e.action === 'hold.create'));

        // cam-b asks for 45 days: capped to 30.
        clock.set(T0 + 30 * DAY_MS + 10_000);
        await retention.run();
        assert.deepEqual(
          (await store.all()).map((r) => `${r.camera_id}@${r.start_ms - T0}`),
          ['cam-a@2000'],
        );
        await holds.release(hold.id, null, 'admin');
        await retention.run();
        assert.equal((await store.all()).length, 0);
        assert.deepEqual(await database.db.selectFrom('recording_hours').selectAll().execute(), [], 'the hourly coverage follows the purge');
        assert.equal(retention.alert().retentionMet, true);
      } finally {
        await database.close();
      }
    });

    it('purges a sub stream on its own, shorter retention', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const clock = new ManualClock(T0);
        const store = new SegmentStore(database.db);
        const volumes = Volumes.fromConfig(database.dataDir, [], () => 10 ** 12);
        for (const stream of ['main', 'sub']) {
          const recorder = new Recorder({ cameraId: 'cam-s', stream, segmentSeconds: 2, volumes, store, logger });
          await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
          recorder.stop('closed');
          await recorder.drain();
        }
        const holds = new HoldStore(database.db, clock);
        const retention = new RetentionService({
          register: new DestructionRegister(database.db),
          clock,
          logger,
          holds,
          volumes,
          store,
          minFreeBytes: 1000,
          defaultRetentionDays: 15,
          retentionDays: async (_id, stream) => (stream === 'sub' ? 2 : 10),
        });
        clock.set(T0 + 2 * DAY_MS + 10_000);
        assert.equal((await retention.run()).expired, 3);
        assert.deepEqual([...new Set((await store.all()).map((r) => r.stream))], ['main']);
        const register = await database.db.selectFrom('retention_destructions').select(['stream', 'segments']).execute();
        assert.deepEqual(register, [{ stream: 'sub', segments: 3 }]);
        clock.set(T0 + 10 * DAY_MS + 10_000);
        assert.equal((await retention.run()).expired, 3);
        assert.equal((await store.all()).length, 0);
      } finally {
        await database.close();
      }
    });

    it('when a volume is full, deletes the oldest unheld footage, keeps held footage and raises the alert', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const clock = new ManualClock(T0 + 60_000);
        const store = new SegmentStore(database.db);
        let free = 10 ** 12;
        const volumes = Volumes.fromConfig(database.dataDir, [], () => free);
        const recorder = new Recorder({ cameraId: 'cam-f', stream: 'main', segmentSeconds: 2, volumes, store, logger });
        await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
        recorder.stop('closed');
        await recorder.drain();
        const holds = new HoldStore(database.db, clock);
        await holds.create({ reference: 'CADA 7', reason: "demande d'accès", kind: 'access-request', cameraIds: ['cam-f'], fromMs: T0, toMs: T0 + 1000, expiresAt: T0 + DAY_MS }, null, 'admin');
        const rows = await store.all();
        const retention = new RetentionService({
          register: new DestructionRegister(database.db),
          clock,
          logger,
          holds,
          volumes,
          store,
          minFreeBytes: 1000,
          defaultRetentionDays: 15,
          retentionDays: async () => 15,
        });
        free = 999; // needs one more byte: the oldest unheld segment goes
        assert.equal((await retention.run()).diskFull, 1);
        assert.deepEqual(
          (await store.all()).map((r) => r.start_ms - T0),
          [0, 4000],
        );
        assert.equal(existsSync(join(rows[1]!.volume, rows[1]!.path)), false);
        assert.equal(retention.alert().retentionMet, false);
        free = 0; // nothing unheld frees enough: everything unheld goes, the held segment stays, nothing throws
        await retention.run();
        assert.deepEqual(
          (await store.all()).map((r) => r.start_ms - T0),
          [0],
        );
        assert.deepEqual(retention.alert().lowVolumes, volumes.roots);
      } finally {
        await database.close();
      }
    });
  });
}

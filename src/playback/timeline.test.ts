// Timeline on both engines: exact coverage and gaps with their cause for short views, hourly coverage for
// long ones (kept up to date by the recorder, rebuilt by recovery).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { createLogger } from '../core/logger.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { Recorder, rebuildIndex, SegmentStore, Volumes } from '../recording/index.js';
import { feed } from '../recording/testing/feed.js';
import { buildTimeline } from './timeline.js';

const logger = createLogger({ level: 'silent' });
const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const HOUR = 3_600_000;

for (const dialect of await testDialects()) {
  describe(`timeline (${dialect})`, () => {
    it('shows coverage and the offline gap between two recordings, in short and long views', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const store = new SegmentStore(database.db);
        const volumes = Volumes.fromConfig(database.dataDir, []);
        const recorder = new Recorder({ cameraId: 'cam-t', stream: 'main', segmentSeconds: 2, volumes, store, logger });
        await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
        recorder.stop('source-ended');
        await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0 + 60_000, count: 150 });
        recorder.stop('closed');
        await recorder.drain();

        const [short] = await buildTimeline(store, ['cam-t'], T0 - HOUR, T0 + HOUR, T0 + 70_000);
        assert.deepEqual(short?.coverage, [
          [T0, T0 + 6000],
          [T0 + 60_000, T0 + 66_000],
        ]);
        assert.deepEqual(short?.gaps, [
          { fromMs: T0 - HOUR, toMs: T0, cause: 'unknown' },
          { fromMs: T0 + 6000, toMs: T0 + 60_000, cause: 'camera-offline' },
          { fromMs: T0 + 66_000, toMs: T0 + 70_000, cause: 'recording-stopped' },
        ]);
        assert.equal(short?.recordedMs, 12_000);

        const expectedLong = [[T0, T0 + 66_000]];
        const [long] = await buildTimeline(store, ['cam-t', 'cam-none'], T0 - 7 * 24 * HOUR, T0 + HOUR, T0 + HOUR);
        assert.deepEqual(long?.coverage, expectedLong, 'a partly recorded hour shows from its first to its last recorded instant');
        await database.db.deleteFrom('recording_hours').execute();
        await rebuildIndex(store, volumes, logger);
        const [rebuilt, none] = await buildTimeline(store, ['cam-t', 'cam-none'], T0 - 7 * 24 * HOUR, T0 + HOUR, T0 + HOUR);
        assert.deepEqual(rebuilt?.coverage, expectedLong);
        assert.deepEqual(none?.coverage, []);
      } finally {
        await database.close();
      }
    });

    it('shows a sub stream on its own timeline', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const store = new SegmentStore(database.db);
        const recorder = new Recorder({ cameraId: 'cam-u', stream: 'sub', segmentSeconds: 2, volumes: Volumes.fromConfig(database.dataDir, []), store, logger });
        await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 100 });
        recorder.stop('closed');
        await recorder.drain();
        for (const [from, to] of [
          [T0 - HOUR, T0 + HOUR],
          [T0 - 7 * 24 * HOUR, T0 + HOUR],
        ] as const) {
          const [sub] = await buildTimeline(store, ['cam-u'], from, to, T0 + HOUR, 'sub');
          assert.deepEqual(sub?.coverage, [[T0, T0 + 4000]]);
          const [main] = await buildTimeline(store, ['cam-u'], from, to, T0 + HOUR);
          assert.deepEqual(main?.coverage, []);
        }
      } finally {
        await database.close();
      }
    });
  });
}

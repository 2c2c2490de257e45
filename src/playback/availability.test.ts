// Footage availability and bookmarks on both engines: recorded or not at an instant, the next footage after a
// gap, the newest footage (from segments, and from the hourly coverage for older footage); bookmarks by range.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { createLogger } from '../core/logger.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { Recorder, SegmentStore, Volumes } from '../recording/index.js';
import { feed } from '../recording/testing/feed.js';
import { footageAvailability } from './availability.js';
import { BookmarkStore } from './bookmarks.js';

const logger = createLogger({ level: 'silent' });
const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const HOUR = 3_600_000;

for (const dialect of await testDialects()) {
  describe(`footage availability and bookmarks (${dialect})`, () => {
    it('says whether an instant is recorded, where the next footage starts and where the newest ends', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const store = new SegmentStore(database.db);
        const recorder = new Recorder({ cameraId: 'cam-a', stream: 'main', segmentSeconds: 2, volumes: Volumes.fromConfig(database.dataDir, []), store, logger });
        await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 100 });
        recorder.stop('source-ended');
        await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0 + 60_000, count: 100 });
        recorder.stop('closed');
        await recorder.drain();

        const [inside, none] = await footageAvailability(store, ['cam-a', 'cam-none'], T0 + 1000, T0 + HOUR);
        assert.deepEqual(inside, { cameraId: 'cam-a', recorded: true, nextMs: T0 + 1000, latestEndMs: T0 + 64_000 });
        assert.deepEqual(none, { cameraId: 'cam-none', recorded: false, nextMs: null, latestEndMs: null });
        const [gap] = await footageAvailability(store, ['cam-a'], T0 + 30_000, T0 + HOUR);
        assert.deepEqual(gap, { cameraId: 'cam-a', recorded: false, nextMs: T0 + 60_000, latestEndMs: T0 + 64_000 });
        const [after] = await footageAvailability(store, ['cam-a'], T0 + 70_000, T0 + HOUR);
        assert.equal(after?.nextMs, null, 'nothing recorded after the newest footage');
        // Ten days later the newest footage is found in the hourly coverage.
        const [later] = await footageAvailability(store, ['cam-a'], T0, T0 + 240 * HOUR);
        assert.equal(later?.latestEndMs, T0 + 64_000);
      } finally {
        await database.close();
      }
    });

    it('keeps bookmarks per camera and lists them by range, in time order', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const bookmarks = new BookmarkStore(database.db);
        await bookmarks.create({ cameraId: 'cam-a', atMs: T0 + 5000, note: 'véhicule suspect', createdBy: 'operateur', now: T0 + HOUR });
        const first = await bookmarks.create({ cameraId: 'cam-a', atMs: T0 + 1000, note: 'rixe', createdBy: 'operateur', now: T0 + HOUR });
        await bookmarks.create({ cameraId: 'cam-b', atMs: T0 + 2000, note: 'autre caméra', createdBy: 'operateur', now: T0 + HOUR });
        const listed = await bookmarks.list('cam-a', T0, T0 + 10_000);
        assert.deepEqual(
          listed.map((b) => [b.atMs, b.note]),
          [
            [T0 + 1000, 'rixe'],
            [T0 + 5000, 'véhicule suspect'],
          ],
        );
        assert.deepEqual(listed[0], first);
        assert.deepEqual(await bookmarks.list('cam-a', T0 + 6000, T0 + 10_000), []);
      } finally {
        await database.close();
      }
    });
  });
}

// Detections go with their footage: past the camera's retention they are deleted, except inside an active hold on
// that camera; a released or expired hold keeps nothing, and a hold on another camera keeps nothing here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createDetectionStore, purgeExpiredDetections, type Detection } from './index.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 5, 12, 0);
const seen = (cameraId: string, daysAgo: number): Detection => ({
  cameraId,
  atMs: NOW - daysAgo * DAY,
  trackId: daysAgo,
  className: 'person',
  confidence: 0.9,
  x: 0.1,
  y: 0.1,
  w: 0.1,
  h: 0.3,
  colours: ['rouge'],
  directionDeg: null,
  speed: null,
});

for (const dialect of await testDialects()) {
  describe(`detection retention (${dialect})`, () => {
    it('deletes what is past the camera retention and keeps what a hold on that camera covers', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const store = createDetectionStore(database.db);
        await store.insertBatch([seen('cam-a', 1), seen('cam-a', 14), seen('cam-a', 16), seen('cam-a', 20), seen('cam-a', 25), seen('cam-b', 4), seen('cam-b', 6), seen('cam-b', 20)]);
        const retention: Record<string, number> = { 'cam-a': 15, 'cam-b': 5 };
        const deleted = await purgeExpiredDetections({
          db: database.db,
          clock: new ManualClock(NOW),
          logger: silentLogger,
          retentionDays: async (cameraId) => retention[cameraId] ?? 15,
          holds: async () => [
            // Keeps cam-a's detection of 20 days ago.
            { cameraIds: ['cam-a'], fromMs: NOW - 21 * DAY, toMs: NOW - 19 * DAY, expiresAt: NOW + DAY, releasedAt: null },
            // Released, expired, or on another camera: keep nothing of cam-a 25 days ago nor of cam-b.
            { cameraIds: ['cam-a'], fromMs: NOW - 26 * DAY, toMs: NOW - 24 * DAY, expiresAt: NOW + DAY, releasedAt: NOW - DAY },
            { cameraIds: ['cam-b'], fromMs: NOW - 21 * DAY, toMs: NOW - 19 * DAY, expiresAt: NOW - 1, releasedAt: null },
            { cameraIds: ['cam-c'], fromMs: NOW - 7 * DAY, toMs: NOW - 5 * DAY, expiresAt: NOW + DAY, releasedAt: null },
          ],
        });
        assert.equal(deleted, 4);
        const left = (await store.query({ limit: 100 })).map((d) => `${d.cameraId}:${Math.round((NOW - d.atMs) / DAY)}`).sort();
        assert.deepEqual(left, ['cam-a:1', 'cam-a:14', 'cam-a:20', 'cam-b:4']);
      } finally {
        await database.close();
      }
    });
  });
}

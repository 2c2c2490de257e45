// The storage report on both engines, on a segment index with known segments: bytes per volume and per commune,
// days kept per camera, today's write rate, the fill forecast's arithmetic, and the cameras under their
// retention (footage younger than it destroyed for disk space, or a volume that fills before it is reached).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { SegmentStore } from '../recording/index.js';
import { ALL_CAMERAS, type CameraScope } from '../territory/index.js';
import { DestructionRegister } from './destruction-register.js';
import { DAY_MS } from './policy.js';
import { bytesPerDay, forecastFull, isNearFull, StorageService, type StorageCamera } from './storage.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const HOUR = 3_600_000;
const GB = 1e9;

describe('storage arithmetic', () => {
  it('forecasts the day the free space reaches the floor at today’s rate', () => {
    assert.deepEqual(forecastFull(110 * GB, 10 * GB, 20 * GB, NOW), { fullInDays: 5, fullAtMs: NOW + 5 * DAY_MS });
    assert.deepEqual(forecastFull(5 * GB, 10 * GB, 20 * GB, NOW), { fullInDays: 0, fullAtMs: NOW });
    assert.deepEqual(forecastFull(110 * GB, 10 * GB, 0, NOW), { fullInDays: null, fullAtMs: null });
  });
  it('scales the rate of a stream recording for less than a day to a day', () => {
    assert.equal(bytesPerDay(6 * GB, NOW - 6 * HOUR, NOW), 24 * GB);
    assert.equal(bytesPerDay(12 * GB, NOW - 10 * DAY_MS, NOW), 12 * GB);
  });
  it('calls a volume near full below twice the floor or below 5 % of its size', () => {
    assert.equal(isNearFull(15 * GB, 1000 * GB, 10 * GB), true);
    assert.equal(isNearFull(40 * GB, 1000 * GB, 10 * GB), true);
    assert.equal(isNearFull(60 * GB, 1000 * GB, 10 * GB), false);
  });
});

const CAMERAS: StorageCamera[] = [
  { id: 'cam-a', name: 'Place du marché', communeInsee: '28085', communeName: 'Chartres', retentionDays: 10 },
  { id: 'cam-b', name: 'Gare', communeInsee: '28085', communeName: 'Chartres', retentionDays: 15 },
  { id: 'cam-c', name: 'Mairie', communeInsee: '28218', communeName: 'Lucé', retentionDays: 30 },
];

for (const dialect of await testDialects()) {
  describe(`storage report (${dialect})`, () => {
    it('sums known segments per volume, commune and camera, and flags the cameras under their retention', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const store = new SegmentStore(database.db);
        const register = new DestructionRegister(database.db);
        const segment = async (cameraId: string, stream: string, volume: string, startMs: number, hours: number, bytes: number) =>
          store.insert({ cameraId, stream, volume, path: `${cameraId}/${stream}/${startMs}.mp4`, codec: 'h264', width: 1920, height: 1080, startMs }, 'complete', {
            startMs,
            endMs: startMs + hours * HOUR,
            bytes,
            fragments: [],
          });
        // cam-a: 10 days kept on /v1, 1 GB an hour (24 GB in the last day); a missing segment counts for nothing.
        await segment('cam-a', 'main', '/v1', NOW - 10 * DAY_MS, 24 * 9, 216 * GB);
        await segment('cam-a', 'main', '/v1', NOW - DAY_MS, 24, 24 * GB);
        await store.insert({ cameraId: 'cam-a', stream: 'main', volume: '/v1', path: 'gone.mp4', codec: 'h264', width: 1, height: 1, startMs: NOW - HOUR }, 'missing', {
          startMs: NOW - HOUR,
          endMs: NOW,
          bytes: 99 * GB,
          fragments: [],
        });
        // cam-b: only 3 days left, disk-full destruction of footage younger than its 15 days.
        await segment('cam-b', 'main', '/v1', NOW - 3 * DAY_MS, 48, 24 * GB);
        await segment('cam-b', 'main', '/v1', NOW - DAY_MS, 24, 12 * GB);
        await segment('cam-b', 'sub', '/v1', NOW - 3 * DAY_MS, 48, 4 * GB);
        await segment('cam-b', 'sub', '/v1', NOW - DAY_MS, 24, 2 * GB);
        await register.record({ cameraId: 'cam-b', stream: 'main', fromMs: NOW - 6 * DAY_MS, toMs: NOW - 3 * DAY_MS, bytes: GB, segments: 3, cause: 'disk-full', destroyedAt: NOW - HOUR });
        // cam-c: recording for 6 hours on /v2 (a new camera: not under its retention by itself).
        await segment('cam-c', 'main', '/v2', NOW - 6 * HOUR, 6, 3 * GB);
        // An old retention destruction of cam-a does not count against it.
        await register.record({ cameraId: 'cam-a', stream: 'main', fromMs: NOW - 20 * DAY_MS, toMs: NOW - 19 * DAY_MS, bytes: GB, segments: 1, cause: 'retention', destroyedAt: NOW - 9 * DAY_MS });

        const free: Record<string, number> = { '/v1': 130 * GB, '/v2': 5000 * GB };
        const service = new StorageService({
          clock: new ManualClock(NOW),
          store,
          volumes: { roots: ['/v1', '/v2'], freeBytes: (root) => free[root] ?? 0, capacityBytes: (root) => (root === '/v1' ? 500 * GB : 6000 * GB) },
          register,
          cameras: async (scope: CameraScope) => CAMERAS.filter((camera) => scope.all || scope.communes.includes(camera.communeInsee)),
          minFreeBytes: 10 * GB,
          defaultRetentionDays: 15,
          subRetentionDays: 7,
        });
        const report = await service.report(ALL_CAMERAS);

        const v1 = report.volumes.find((v) => v.root === '/v1');
        const v2 = report.volumes.find((v) => v.root === '/v2');
        assert.ok(v1 !== undefined && v2 !== undefined);
        assert.equal(v1.footageBytes, (216 + 24 + 36 + 6) * GB);
        // Today's rate on /v1: cam-a 24 GB, cam-b main 12 GB and sub 2 GB a day.
        assert.equal(Math.round(v1.bytesPerDay / GB), 38);
        assert.equal(v1.fullInDays, 120 / 38);
        assert.equal(v1.fullAtMs, Math.round(NOW + (120 / 38) * DAY_MS));
        assert.equal(Math.round(v1.bytesAtFullRetention / GB), 24 * 10 + 12 * 15 + 2 * 7);
        assert.equal(v1.nearFull, false);
        assert.equal(v2.footageBytes, 3 * GB);
        assert.equal(Math.round(v2.bytesPerDay / GB), 12);

        assert.deepEqual(
          report.communes.map((c) => [c.insee, c.cameras, Math.round(c.bytes / GB)]),
          [
            ['28085', 2, 216 + 24 + 36 + 6],
            ['28218', 1, 3],
          ],
        );
        const camera = (id: string) => report.cameras.find((c) => c.cameraId === id);
        assert.equal(camera('cam-a')?.daysAvailable, 10);
        assert.equal(camera('cam-b')?.daysAvailable, 3);
        assert.equal(Math.round((camera('cam-c')?.daysAvailable ?? 0) * 24), 6);
        assert.equal(camera('cam-a')?.underRetention, null, 'ten days kept for ten days of retention');
        assert.equal(camera('cam-b')?.underRetention, 'disk-full');
        assert.equal(camera('cam-c')?.underRetention, null, 'a new camera on a roomy volume');
        assert.deepEqual(
          report.notices.map((n) => (n.kind === 'under-retention' ? `${n.kind}:${n.cameraId}` : `${n.kind}:${n.volume}`)),
          ['under-retention:cam-b'],
        );
        assert.equal(report.cameras[0]?.cameraId, 'cam-b', 'cameras under their retention come first');
        assert.equal(service.healthy(), false);

        // /v1 nearly full: it fills in under a day, before cam-a's and cam-b's retention can be reached.
        free['/v1'] = 15 * GB;
        const tight = await service.report(ALL_CAMERAS);
        assert.deepEqual(
          tight.notices.map((n) => (n.kind === 'under-retention' ? `${n.kind}:${n.cameraId}:${n.cause}` : `${n.kind}:${n.volume}`)),
          ['volume-near-full:/v1', 'under-retention:cam-b:disk-full'],
          'cam-a already holds its ten days: only the camera short of its retention is flagged',
        );

        // The header's notices come from the last full report while it is fresh, filtered to the caller's cameras.
        assert.equal((await service.notices(ALL_CAMERAS)).length, 2);
        assert.deepEqual(await service.notices({ all: false, communes: ['28218'] }), []);
        assert.deepEqual(
          (await service.notices({ all: false, communes: ['28085'] })).map((n) => n.kind),
          ['under-retention'],
        );

        // A caller who sees one commune: its cameras only, no volumes (they hold every commune's footage).
        const luce = await service.report({ all: false, communes: ['28218'] });
        assert.deepEqual(
          luce.cameras.map((c) => c.cameraId),
          ['cam-c'],
        );
        assert.deepEqual(luce.volumes, []);
        assert.deepEqual(
          luce.communes.map((c) => c.insee),
          ['28218'],
        );
      } finally {
        await database.close();
      }
    });
  });
}

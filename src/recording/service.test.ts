// RecordingService over the real hub: one recorder per enabled camera's main stream, plus the sub stream when
// `subStreams` is on and the camera has one; each stream indexed on its own.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { createLogger } from '../core/logger.js';
import { Hub } from '../media/hub/index.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import type { Camera } from '../territory/index.js';
import { SegmentStore } from './segment-store.js';
import { RecordingService } from './service.js';
import { Volumes } from './volumes.js';
import { loopUnit } from './testing/feed.js';

const logger = createLogger({ level: 'silent' });
const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
const T0 = Date.UTC(2026, 10, 21, 8, 0, 0);

function camera(id: string, subUrl: string | null): Camera {
  return {
    id,
    name: id,
    communeInsee: '75056',
    communeName: 'Paris',
    position: { lat: 48.85, lon: 2.35 },
    type: 'fixed',
    mounting: null,
    mainUrl: `rtsp://127.0.0.1/${id}/main`,
    subUrl,
    hasCredentials: false,
    retentionDays: 10,
    purposes: [],
    sectors: [],
    enabled: true,
    narrowField: false,
    onvif: null,
    fieldOfView: null,
    authorisation: { reference: null, expiresOn: null },
    createdAtMs: T0,
    updatedAtMs: T0,
  };
}

for (const dialect of await testDialects()) {
  describe(`recording service (${dialect})`, () => {
    it('records the sub stream too when configured and the camera has one', async () => {
      const database = await openTestDatabase(dialect);
      const hub = new Hub();
      const store = new SegmentStore(database.db);
      const cameras = [camera('cam-s', 'rtsp://127.0.0.1/cam-s/sub'), camera('cam-m', null)];
      const service = new RecordingService({
        store,
        volumes: Volumes.fromConfig(database.dataDir, []),
        source: hub,
        segmentSeconds: 2,
        enabled: true,
        subStreams: true,
        logger,
        cameras: { list: async () => cameras, get: async (id) => cameras.find((c) => c.id === id), onCameraChange: () => () => undefined },
      });
      try {
        await service.start();
        const keys = ['cam-s/main', 'cam-s/sub', 'cam-m/main', 'cam-m/sub'];
        for (const key of keys) {
          const publisher = hub.publish(key);
          publisher.setTrack(clip.track);
          for (let i = 0; i < 150; i += 1) publisher.push(loopUnit(clip.units, i, T0));
          publisher.end();
        }
        const recorded = async () => (await store.all()).filter((r) => r.status === 'complete').map((r) => `${r.camera_id}/${r.stream}@${r.start_ms - T0}`);
        const expected = ['cam-m/main@0', 'cam-m/main@2000', 'cam-m/main@4000', 'cam-s/main@0', 'cam-s/main@2000', 'cam-s/main@4000', 'cam-s/sub@0', 'cam-s/sub@2000', 'cam-s/sub@4000'];
        for (let tries = 0; tries < 100 && (await recorded()).length < expected.length; tries += 1) await sleep(100);
        await service.drain();
        assert.deepEqual(await recorded(), expected);
        assert.deepEqual(await store.gaps('cam-s', 'sub', T0, T0 + 10_000), [{ startMs: T0 + 6000, endMs: null, cause: 'camera-offline' }]);
      } finally {
        await service.close();
        await database.close();
      }
    });
  });
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { createDetectionStore, type Detection } from './index.js';

const detection = (over: Partial<Detection>): Detection => ({
  cameraId: 'cam-1',
  atMs: 1_000,
  trackId: 1,
  className: 'person',
  confidence: 0.8,
  x: 0.1,
  y: 0.2,
  w: 0.05,
  h: 0.2,
  colours: ['bleu', 'noir'],
  directionDeg: null,
  speed: null,
  ...over,
});

for (const dialect of await testDialects()) {
  describe(`detection store (${dialect})`, () => {
    it('stores batches and finds them back by camera, class, colour, time and track', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const store = createDetectionStore(database.db);
        const batch: Detection[] = [];
        for (let i = 0; i < 450; i++)
          batch.push(detection({ atMs: 1_000 + i, trackId: i % 3, className: i % 2 === 0 ? 'person' : 'car', colours: i % 5 === 0 ? ['rouge'] : ['bleu', 'noir'], speed: 0.1, directionDeg: 90 }));
        batch.push(detection({ cameraId: 'cam-2', atMs: 5_000, colours: [] }));
        await store.insertBatch(batch);
        assert.equal((await store.query({ limit: 10_000 })).length, 451);
        const cars = await store.query({ cameraIds: ['cam-1'], classes: ['car'], fromMs: 1_100, toMs: 1_200 });
        assert.equal(cars.length, 50);
        assert.ok(cars.every((d) => d.className === 'car' && d.atMs >= 1_100 && d.atMs < 1_200));
        assert.deepEqual(cars[0]?.colours, ['bleu', 'noir']);
        assert.equal(cars[0]?.directionDeg, 90);
        const black = await store.query({ colour: 'noir', limit: 10_000 });
        assert.equal(black.length, 360);
        const red = await store.query({ colour: 'rouge', limit: 10_000 });
        assert.equal(red.length, 90);
        assert.deepEqual((await store.query({ cameraIds: ['cam-2'] }))[0]?.colours, []);
        assert.equal((await store.query({ trackId: 2, limit: 10_000 })).length, 150);
        assert.deepEqual(await store.query({ cameraIds: [] }), []);
      } finally {
        await database.close();
      }
    });
  });
}

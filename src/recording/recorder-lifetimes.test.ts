// The recorder keeps pictures in the fragment being built past `accept`: it must hold them until they are on
// disk, or their reused memory would be written instead. Samples here live in slabs that a debug pool overwrites
// as soon as they are handed back.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../../test/support/databases.js';
import { createLogger } from '../core/logger.js';
import { releaseUnit, type AccessUnit } from '../media/hub/index.js';
import { parseFragments, parseInitSegment } from '../media/mp4/index.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { SampleArena, SampleSlabPool } from '../media/rtp/index.js';
import { Recorder } from './recorder.js';
import { SegmentStore } from './segment-store.js';
import { loopUnit } from './testing/feed.js';
import { Volumes } from './volumes.js';

const T0 = Date.UTC(2026, 11, 2, 8, 0, 0);

it('holds the pictures of the fragment being built until it is written: the file has every sample intact', async () => {
  const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
  const pool = new SampleSlabPool({ debug: true, maxFreeSlabs: 2 });
  const arena = new SampleArena(pool);
  const database = await openTestDatabase('sqlite');
  try {
    const store = new SegmentStore(database.db);
    const volumes = Volumes.fromConfig(database.dataDir, []);
    const recorder = new Recorder({ cameraId: 'cam-1', stream: 'main', segmentSeconds: 60, volumes, store, logger: createLogger({ level: 'silent' }) });
    recorder.start(clip.track);
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 400; i += 1) {
      const source = loopUnit(clip.units, i, T0);
      for (const nal of source.nalUnits) arena.addNal(nal);
      const { sample, nalUnits, storage } = arena.finishUnit();
      const unit: AccessUnit = { ...source, sample, nalUnits, storage };
      expected.push(Uint8Array.from(sample));
      // As the hub does for a consumer that borrows: the unit is let go once accept is done with it.
      await recorder.accept(unit);
      releaseUnit(unit);
    }
    recorder.stop('source-ended');
    await recorder.drain();
    assert.ok(pool.stats().slabsReused > 0, `slabs were reused: ${JSON.stringify(pool.stats())}`);
    const [row] = await store.all();
    assert.ok(row !== undefined);
    const file = await readFile(join(row.volume, row.path));
    const { fragments } = parseFragments(file, parseInitSegment(file).byteLength);
    const samples = fragments.flatMap((fragment) => fragment.samples.map((s) => file.subarray(s.offset, s.offset + s.size)));
    assert.equal(samples.length, expected.length);
    samples.forEach((sample, i) => assert.ok(Buffer.from(expected[i]!).equals(sample), `sample ${i} as received`));
  } finally {
    await database.close();
  }
});

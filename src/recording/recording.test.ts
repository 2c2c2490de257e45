// Recorder, crash recovery and rebuild-index, on SQLite and PostgreSQL, with real files, ffprobe and kill -9.
import { execFile, spawn } from 'node:child_process';
import { appendFile, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { createLogger } from '../core/logger.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { loadFragments } from './fragment-index.js';
import { Recorder } from './recorder.js';
import { rebuildIndex, reconcile } from './recovery.js';
import { SegmentStore, type SegmentRow } from './segment-store.js';
import { Volumes } from './volumes.js';
import { feed, loopUnit } from './testing/feed.js';

const run = promisify(execFile);
const logger = createLogger({ level: 'silent' });
const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);

const comparable = (rows: readonly SegmentRow[]) => rows.map(({ id: _id, ...rest }) => rest);

for (const dialect of await testDialects()) {
  describe(`recording (${dialect})`, () => {
    it('records fMP4 files rotated on keyframes, fragments ≤ 500 ms, indexed; rebuild-index gives the same index', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const store = new SegmentStore(database.db);
        const volumes = Volumes.fromConfig(database.dataDir, []);
        const recorder = new Recorder({ cameraId: 'cam-1', stream: 'main', segmentSeconds: 2, volumes, store, logger });
        await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
        recorder.stop('source-ended');
        await recorder.drain();
        const rows = await store.all();
        assert.equal(rows.length, 3);
        assert.deepEqual(
          rows.map((r) => [r.start_ms - T0, r.end_ms - T0, r.status]),
          [
            [0, 2000, 'complete'],
            [2000, 4000, 'complete'],
            [4000, 6000, 'complete'],
          ],
        );
        const liveIndexes = await Promise.all(rows.map((row) => loadFragments(row)));
        for (const [i, row] of rows.entries()) {
          const fragments = liveIndexes[i]!;
          assert.equal(row.fragments, '', 'a closed file keeps its index in its side file');
          assert.equal(fragments.length, 4, 'two fragments per keyframe interval of one second');
          assert.deepEqual(
            fragments.map((f) => f[2]),
            [1, 0, 1, 0],
          );
          assert.equal(row.bytes, (await stat(join(row.volume, row.path))).size);
        }
        const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=nb_read_frames,width,height', '-of', 'csv=p=0', join(rows[0]!.volume, rows[0]!.path)]);
        assert.equal(stdout.trim(), '320,240,50');
        const gaps = await store.gaps('cam-1', 'main', T0, T0 + 10_000);
        assert.deepEqual(gaps, [{ startMs: T0 + 6000, endMs: null, cause: 'camera-offline' }]);

        await Promise.all(rows.map((row) => rm(`${join(row.volume, row.path)}.idx`)));
        assert.equal(await rebuildIndex(store, volumes, logger), 3);
        assert.deepEqual(comparable(await store.all()), comparable(rows));
        assert.deepEqual(await Promise.all(rows.map((row) => loadFragments(row))), liveIndexes);
        if (dialect === 'sqlite') {
          const cli = await run(process.execPath, ['bin/vigie.js', 'recordings', 'rebuild-index', '--data', database.dataDir]);
          assert.equal(JSON.parse(cli.stdout.trim().split('\n').pop() ?? '').segments, 3);
          assert.deepEqual(comparable(await store.all()), comparable(rows));
        }
      } finally {
        await database.close();
      }
    });

    it('repairs a torn tail, indexes orphan files and marks missing ones at start', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const store = new SegmentStore(database.db);
        const volumes = Volumes.fromConfig(database.dataDir, []);
        const recorder = new Recorder({ cameraId: 'cam-2', stream: 'main', segmentSeconds: 2, volumes, store, logger });
        await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
        recorder.stop('closed');
        await recorder.drain();
        const [first, second, third] = await store.all();
        assert.ok(first && second && third);
        // The third file was being written when the process died: its row still says 'recording' and its tail is torn.
        await store.setStatus(third.id, 'recording');
        await appendFile(join(third.volume, third.path), Buffer.from([0, 0, 1, 0, 0x6d, 0x6f, 0x6f, 0x66, 1, 2, 3]));
        await store.delete(second.id);
        await rm(join(first.volume, first.path));
        const report = await reconcile(store, volumes, logger);
        assert.deepEqual(report, { repaired: 1, orphansIndexed: 1, missing: 1, discarded: 0 });
        const after = await store.all();
        assert.deepEqual(
          after.map((r) => r.status),
          ['missing', 'complete', 'complete'],
        );
        assert.equal((await stat(join(third.volume, third.path))).size, third.bytes);
        assert.deepEqual(comparable(after.slice(1)), comparable([second, third]));
        // A corrupt file (garbage instead of an init segment) is reported, never fatal.
        await truncate(join(second.volume, second.path), 20);
        await store.setStatus(after[1]!.id, 'recording');
        assert.equal((await reconcile(store, volumes, logger)).missing, 1);
      } finally {
        await database.close();
      }
    });
  });
}

describe('source clock jumps', () => {
  it('starts a new file when decode times go backwards, so that no file runs back in time', async () => {
    const database = await openTestDatabase('sqlite');
    try {
      const store = new SegmentStore(database.db);
      const recorder = new Recorder({ cameraId: 'cam-j', stream: 'main', segmentSeconds: 60, volumes: Volumes.fromConfig(database.dataDir, []), store, logger });
      recorder.start(clip.track);
      for (let i = 0; i < 50; i += 1) await recorder.accept(loopUnit(clip.units, i, T0));
      // The camera rebooted: its timestamps start again from zero, ten seconds later.
      for (let i = 0; i < 50; i += 1) await recorder.accept(loopUnit(clip.units, i, T0 + 10_000));
      recorder.stop('closed');
      await recorder.drain();
      assert.deepEqual(
        (await store.all()).map((r) => [r.start_ms - T0, r.end_ms - T0]),
        [
          [0, 2000],
          [10_000, 12_000],
        ],
      );
    } finally {
      await database.close();
    }
  });
});

describe('a volume that disappears', () => {
  it('records a storage-error gap and carries on on the volume that is left', async () => {
    const database = await openTestDatabase('sqlite');
    try {
      const store = new SegmentStore(database.db);
      const gone = join(database.dataDir, 'gone');
      const kept = join(database.dataDir, 'kept');
      let goneFree = 10 ** 12;
      const volumes = new Volumes([gone, kept], (root) => (root === gone ? goneFree : 10 ** 9));
      const recorder = new Recorder({ cameraId: 'cam-v', stream: 'main', segmentSeconds: 2, volumes, store, logger });
      recorder.start(clip.track);
      for (let i = 0; i < 60; i += 1) await recorder.accept(loopUnit(clip.units, i, T0));
      await recorder.drain();
      // The first volume is unplugged: its directory is gone and it reports no space.
      await rm(gone, { recursive: true, force: true });
      await writeFile(gone, 'not a directory any more');
      goneFree = 0;
      for (let i = 60; i < 150; i += 1) await recorder.accept(loopUnit(clip.units, i, T0));
      recorder.stop('closed');
      await recorder.drain();
      const rows = await store.all();
      assert.ok(
        rows.some((r) => r.volume === kept && r.start_ms >= T0 + 4000),
        'recording went on on the other volume',
      );
      assert.equal(recorder.status().state, 'stopped');
    } finally {
      await database.close();
    }
  });
});

describe('kill -9 during recording', () => {
  it('loses at most one second, and the index is consistent after restart', async () => {
    const database = await openTestDatabase('sqlite');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'testing', 'record-child.ts'), database.url, database.dataDir, 'cam-k', '2'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const store = new SegmentStore(database.db);
      const report = await reconcile(store, Volumes.fromConfig(database.dataDir, []), logger);
      assert.equal(report.repaired, 1);
      const rows = await store.all();
      const last = rows[rows.length - 1]!;
      assert.ok(killedAt - last.end_ms <= 1000, `lost ${killedAt - last.end_ms} ms`);
      for (const row of rows) {
        assert.equal(row.status, 'complete');
        assert.equal(row.bytes, (await readFile(join(row.volume, row.path))).length);
      }
      for (let i = 1; i < rows.length; i += 1) assert.ok(Math.abs(rows[i]!.start_ms - rows[i - 1]!.end_ms) <= 5, 'no hole between files');
    } finally {
      await database.close();
    }
  });
});

// Disk full on a real 3 MB tmpfs volume: recording hits ENOSPC (a storage-error gap, no crash), the purge
// deletes the oldest unheld footage, recording resumes, held footage stays, and the alert says retention is
// no longer met. Skipped where tmpfs cannot be mounted (not root).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { ManualClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import { encodeClip } from '../media/mp4/test-clip.js';
import { Recorder, SegmentStore, Volumes } from '../recording/index.js';
import { loopUnit } from '../recording/testing/feed.js';
import { DestructionRegister } from './destruction-register.js';
import { HoldStore } from './hold-store.js';
import { RetentionService } from './purge.js';

const run = promisify(execFile);
const logger = createLogger({ level: 'silent' });
const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);
let mountPoint: string;
let mounted = false;
let database: TestDatabase;

before(async () => {
  mountPoint = await mkdtemp(join(tmpdir(), 'vigie-tmpfs-'));
  mounted = await run('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]).then(
    () => true,
    () => false,
  );
  database = await openTestDatabase('sqlite');
});
after(async () => {
  if (mounted) await run('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
  await database.close();
});

test('a full volume: no crash, oldest unheld footage deleted, held footage kept, recording resumes, alert raised', async (t) => {
  if (!mounted) return t.skip('cannot mount a tmpfs here (needs root)');
  const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25, width: 640, height: 480 });
  const store = new SegmentStore(database.db);
  const volumes = new Volumes([mountPoint]);
  const clock = new ManualClock(T0 + 3_600_000);
  const holds = new HoldStore(database.db, clock);
  await holds.create({ reference: 'PV 9', reason: 'réquisition', kind: 'judicial-requisition', cameraIds: ['cam-d'], fromMs: T0, toMs: T0 + 1000, expiresAt: T0 + 86_400_000 }, null, 'chef');
  const retention = new RetentionService({
    register: new DestructionRegister(database.db),
    clock,
    logger,
    holds,
    volumes,
    store,
    minFreeBytes: 1024 * 1024,
    defaultRetentionDays: 15,
    retentionDays: async () => 15,
  });
  const recorder = new Recorder({ cameraId: 'cam-d', stream: 'main', segmentSeconds: 2, volumes, store, logger });
  recorder.start(clip.track);
  let i = 0;
  while (recorder.status().state !== 'storage-error' && i < 5000) await recorder.accept(loopUnit(clip.units, i++, T0));
  assert.equal(recorder.status().state, 'storage-error', 'the volume filled up');
  const gaps = await store.gaps('cam-d', 'main', T0, T0 + 3_600_000);
  assert.equal(gaps[0]?.cause, 'storage-error');

  const report = await retention.run();
  assert.ok(report.diskFull > 0 && report.bytes > 0);
  assert.equal(retention.alert().retentionMet, false);
  const resumeFrom = i;
  for (let n = 0; n < 100; n += 1) {
    await recorder.accept(loopUnit(clip.units, i++, T0));
    if (n % 25 === 0) await retention.run();
  }
  recorder.stop('closed');
  await recorder.drain();
  assert.equal(recorder.status().fragmentsWritten > 0, true);
  const rows = await store.all();
  assert.equal(rows[0]?.start_ms, T0, 'the held first segment is still there');
  assert.ok(
    rows.some((r) => r.start_ms >= T0 + resumeFrom * 40),
    'recording resumed after the purge',
  );
  const register = await database.db.selectFrom('retention_destructions').selectAll().where('cause', '=', 'disk-full').execute();
  assert.ok(register.length > 0);
});

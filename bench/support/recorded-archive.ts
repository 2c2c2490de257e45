// Bench helper: real recording files made by Vigie's Recorder from an ffmpeg-encoded clip fed as fast as it
// goes (no pacing), into a fresh SQLite database — the material the seek and export benches read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { silentLogger } from '../../src/core/logger.js';
import { encodeClip } from '../../src/media/mp4/test-clip.js';
import { Recorder, SegmentStore, Volumes } from '../../src/recording/index.js';
import { feed } from '../../src/recording/testing/feed.js';

export interface RecordedArchive {
  readonly dir: string;
  readonly database: DatabaseHandle;
  readonly store: SegmentStore;
  readonly volume: string;
  /** Wall-clock time of the first frame. */
  readonly startMs: number;
  /** Seconds recording took (CPU-bound, no pacing). */
  readonly recordSeconds: number;
  close(): Promise<void>;
}

export async function recordArchive(options: {
  cameraId: string;
  seconds: number;
  width: number;
  height: number;
  bitrateKbps: number;
  segmentSeconds: number;
  startMs: number;
}): Promise<RecordedArchive> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-archive-'));
  const database = await openDatabase({ url: `sqlite:${join(dir, 'vigie.db')}`, dataDir: dir });
  const store = new SegmentStore(database.db);
  const volumes = Volumes.fromConfig(dir, []);
  const clip = await encodeClip({ codec: 'h264', seconds: 4, gop: 25, width: options.width, height: options.height, bitrateKbps: options.bitrateKbps });
  const recorder = new Recorder({ cameraId: options.cameraId, stream: 'main', segmentSeconds: options.segmentSeconds, volumes, store, logger: silentLogger });
  const began = performance.now();
  await feed(recorder, { track: clip.track, units: clip.units, startWallMs: options.startMs, count: options.seconds * 25 + 1 });
  recorder.stop('closed');
  await recorder.drain();
  return {
    dir,
    database,
    store,
    volume: volumes.roots[0] ?? dir,
    startMs: options.startMs,
    recordSeconds: (performance.now() - began) / 1000,
    async close() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

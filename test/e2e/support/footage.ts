// Recorded footage for access tests: old footage written through the recording capability's own Recorder into
// a running Vigie's database and volumes (timestamps chosen by the test, e.g. 4 days ago, outside the operators'
// window), and a wait for the simulator cameras' real recordings to cover a few seconds.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { silentLogger } from '../../../src/core/logger.js';
import { newId } from '../../../src/core/ids.js';
import { encodeClip } from '../../../src/media/mp4/test-clip.js';
import type { Vigie } from '../../../src/main.js';
import { Recorder, SegmentStore, segmentRelativePath, Volumes } from '../../../src/recording/index.js';
import { feed } from '../../../src/recording/testing/feed.js';
import { waitForValue } from './browser.js';
import type { HttpSession } from './http-session.js';

/** Records `seconds` of a test clip as camera `cameraId`'s main stream, starting at `startMs` (wall clock). */
export async function writeFootage(vigie: Vigie, cameraId: string, startMs: number, seconds: number): Promise<void> {
  const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25 });
  const recorder = new Recorder({
    cameraId,
    stream: 'main',
    segmentSeconds: Math.max(2, Math.min(seconds, 10)),
    volumes: Volumes.fromConfig(vigie.config.dataDir, vigie.config.recording.volumes),
    store: new SegmentStore(vigie.database.db),
    logger: silentLogger,
  });
  await feed(recorder, { track: clip.track, units: clip.units, startWallMs: startMs, count: seconds * 25 + 1 });
  recorder.stop('closed');
  await recorder.drain();
}

/**
 * Gives camera `toCameraId` a copy of camera `fromCameraId`'s recorded footage, same instants: each segment file and
 * its fragment index copied under the other camera's path and its row inserted. An hour per camera costs a file copy
 * instead of an hour of frames through the Recorder (benchmarks over many cameras).
 */
export async function cloneFootage(vigie: Vigie, fromCameraId: string, toCameraId: string): Promise<void> {
  const db = vigie.database.db;
  const rows = await db.selectFrom('recording_segments').selectAll().where('camera_id', '=', fromCameraId).where('status', '=', 'complete').execute();
  if (rows.length === 0) throw new Error(`camera ${fromCameraId} has no complete segment to copy`);
  for (const row of rows) {
    const path = segmentRelativePath(toCameraId, row.stream, Number(row.start_ms));
    await mkdir(dirname(join(row.volume, path)), { recursive: true });
    await copyFile(join(row.volume, row.path), join(row.volume, path));
    await copyFile(`${join(row.volume, row.path)}.idx`, `${join(row.volume, path)}.idx`);
    await db
      .insertInto('recording_segments')
      .values({ ...row, id: newId(), camera_id: toCameraId, path })
      .execute();
  }
  const fromMs = Math.min(...rows.map((row) => Number(row.start_ms)));
  const toMs = Math.max(...rows.map((row) => Number(row.end_ms)));
  await new SegmentStore(db).refreshHours(toCameraId, 'main', fromMs, toMs);
}

export interface Coverage {
  readonly cameraId: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Waits until the server's own recording of each camera covers `seconds` after `sinceMs`; returns the first span. */
export async function waitForRecording(session: HttpSession, cameraIds: readonly string[], sinceMs: number, seconds: number): Promise<Coverage[]> {
  type Timeline = { cameras: Array<{ cameraId: string; coverage: Array<[number, number]> }> };
  const read = async (): Promise<Timeline> => {
    const response = await session.send('GET', `/api/recordings/timeline?cameras=${cameraIds.join(',')}&from=${sinceMs}&to=${Date.now()}`);
    if (response.status !== 200) throw new Error(`timeline answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as Timeline;
  };
  const longEnough = (t: Timeline) => cameraIds.every((id) => t.cameras.find((c) => c.cameraId === id)?.coverage.some(([from, to]) => to - from >= seconds * 1000) === true);
  const timeline = await waitForValue(read, longEnough, `${seconds} s recorded of ${cameraIds.join(', ')}`, 60_000);
  return cameraIds.map((cameraId) => {
    const span = timeline.cameras.find((c) => c.cameraId === cameraId)?.coverage.find(([from, to]) => to - from >= seconds * 1000) ?? [0, 0];
    return { cameraId, fromMs: span[0], toMs: span[1] };
  });
}

// Recorded footage for access tests: old footage written through the recording capability's own Recorder into
// a running Vigie's database and volumes (timestamps chosen by the test, e.g. 4 days ago, outside the operators'
// window), and a wait for the simulator cameras' real recordings to cover a few seconds.
import { silentLogger } from '../../../src/core/logger.js';
import { encodeClip } from '../../../src/media/mp4/test-clip.js';
import type { Vigie } from '../../../src/main.js';
import { Recorder, SegmentStore, Volumes } from '../../../src/recording/index.js';
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

// Test child process: records a looping clip in real time into a database until killed (the kill -9 test).
// argv: databaseUrl dataDir cameraId segmentSeconds
import { openDatabase } from '../../db/database.js';
import { createLogger } from '../../core/logger.js';
import { encodeClip } from '../../media/mp4/test-clip.js';
import { Recorder } from '../recorder.js';
import { SegmentStore } from '../segment-store.js';
import { Volumes } from '../volumes.js';
import { feed } from './feed.js';

const [url = '', dataDir = '', cameraId = 'cam', segmentSeconds = '2'] = process.argv.slice(2);
const database = await openDatabase({ url, dataDir });
const clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 12 });
const recorder = new Recorder({
  cameraId,
  stream: 'main',
  segmentSeconds: Number(segmentSeconds),
  volumes: Volumes.fromConfig(dataDir, []),
  store: new SegmentStore(database.db),
  logger: createLogger({ level: 'silent' }),
});
process.stdout.write(`ready ${Date.now()}\n`);
await feed(recorder, { track: clip.track, units: clip.units, startWallMs: Date.now(), count: 1_000_000, paced: true });

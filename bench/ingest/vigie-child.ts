// Vigie's side of the ingest bench, in its own process: hub + camera links + the recording capability's
// Recorder (fMP4 fragments to disk, index in SQLite) for every camera, and the live WebSocket route for the
// time-to-first-frame probe. Driven by the parent over IPC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
import { Registry } from 'prom-client';
import { systemClock } from '../../src/core/clock.js';
import { tuneHeapForMedia } from '../../src/core/heap-tuning.js';
import { silentLogger } from '../../src/core/logger.js';
import { openDatabase } from '../../src/db/database.js';
import { createIngest, openRtspSourceSession, type Ingest } from '../../src/ingest/index.js';
import { createJournal } from '../../src/journal/index.js';
import { LiveTranscoders, liveRoutes } from '../../src/live/index.js';
import { Hub, type Subscription } from '../../src/media/hub/index.js';
import { sharedSampleSlabs } from '../../src/media/rtp/index.js';
import { Recorder, SegmentStore, Volumes } from '../../src/recording/index.js';
import { MemoryTerritory } from '../../test/support/memory-territory.js';
import { GopFileWriter } from './gop-file-writer.js';

/** `recorder`: the recording capability's Recorder (default); `gop`: GopFileWriter; `none`: ingest only. */
export const RECORDER_MODES = ['recorder', 'gop', 'none'] as const;
export type RecorderMode = (typeof RECORDER_MODES)[number];
const mode = (RECORDER_MODES.find((m) => m === process.argv[2]) ?? 'recorder') satisfies RecorderMode;

export type ParentMessage = { readonly kind: 'cameras'; readonly urls: readonly string[] } | { readonly kind: 'stats' } | { readonly kind: 'stop' };

export interface ChildStats {
  readonly kind: 'stats';
  readonly online: number;
  readonly framesReceived: number;
  readonly framesLost: number;
  readonly hubDrops: number;
  readonly fragmentsWritten: number;
  /** Sample slabs taken from the pool since the start: fresh ones, and reused ones. */
  readonly slabsAllocated: number;
  readonly slabsReused: number;
}

export type ChildMessage = { readonly kind: 'ready'; readonly livePort: number } | { readonly kind: 'cameras-added' } | ChildStats;

// The same V8 settings as `vigie start`.
tuneHeapForMedia();
const send = (message: ChildMessage): void => void process.send?.(message);
const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
const database = await openDatabase({ url: '', dataDir });
const hub = new Hub();
const journal = createJournal({ db: database.db, clock: systemClock, dataDir });
const store = new SegmentStore(database.db);
const volumes = Volumes.fromConfig(dataDir, []);
const territory = new MemoryTerritory();
const transcoders = new LiveTranscoders(hub, silentLogger);
const app = Fastify();
await app.register(websocket);
app.decorateRequest('actor', null);
app.addHook('onRequest', async (request) => {
  request.actor = { kind: 'user', id: 'bench', username: 'bench', role: 'operator', communes: [] };
});
await liveRoutes({ hub, transcoders, journal, clock: systemClock })(app);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
let ingest: Ingest | undefined;
const writers: Array<{ fragments(): number }> = [];
const subscriptions: Subscription[] = [];

async function addCameras(urls: readonly string[]): Promise<void> {
  urls.forEach((url, i) => territory.put(`cam${i + 1}`, { main: { url } }));
  ingest = createIngest({ hub, territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: openRtspSourceSession });
  await ingest.start();
  for (let i = 1; i <= urls.length && mode !== 'none'; i += 1) {
    const consumer =
      mode === 'recorder' ? new Recorder({ cameraId: `cam${i}`, stream: 'main', segmentSeconds: 60, volumes, store, logger: silentLogger }) : new GopFileWriter(join(dataDir, `cam${i}.mp4`));
    writers.push({ fragments: () => (consumer instanceof Recorder ? consumer.status().fragmentsWritten : consumer.fragmentsWritten) });
    subscriptions.push(hub.subscribe(`cam${i}/main`, consumer, { startAt: 'next-keyframe', maxQueuedBytes: 8 * 1024 * 1024 }));
  }
}

function stats(): ChildStats {
  const healths = ingest?.healthAll() ?? [];
  return {
    kind: 'stats',
    online: healths.filter((h) => h.main.state === 'online').length,
    framesReceived: healths.reduce((sum, h) => sum + h.main.framesReceived, 0),
    framesLost: healths.reduce((sum, h) => sum + h.main.framesLost, 0),
    hubDrops: subscriptions.reduce((sum, s) => sum + s.stats().unitsDropped, 0),
    fragmentsWritten: writers.reduce((sum, w) => sum + w.fragments(), 0),
    slabsAllocated: sharedSampleSlabs.stats().slabsAllocated,
    slabsReused: sharedSampleSlabs.stats().slabsReused,
  };
}

process.on('message', (message: ParentMessage) => {
  if (message.kind === 'cameras') void addCameras(message.urls).then(() => send({ kind: 'cameras-added' }));
  else if (message.kind === 'stats') send(stats());
  else
    void (async () => {
      subscriptions.forEach((s) => s.close());
      await ingest?.close();
      transcoders.close();
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    })();
});
// The parent died without saying stop: do not linger.
process.on('disconnect', () => process.exit(1));
send({ kind: 'ready', livePort: typeof address === 'object' && address !== null ? address.port : 0 });

// Record, then play back in Chromium at a chosen instant through the WebSocket playback contract (MSE), and
// check the decoded frame is the recorded one: it matches ffmpeg's decode of that frame of the source clip
// (which burns the frame counter in) clearly better than the frames just before and after it.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { createLogger } from '../../src/core/logger.js';
import { encodeClip, type Clip } from '../../src/media/mp4/test-clip.js';
import { writeInitSegment, writeMediaFragment } from '../../src/media/mp4/index.js';
import { Recorder, SegmentStore, Volumes } from '../../src/recording/index.js';
import { feed } from '../../src/recording/testing/feed.js';
import { ArchiveReader, PlaybackClock, PlaybackSession } from '../../src/playback/index.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';

const run = promisify(execFile);
const logger = createLogger({ level: 'silent' });
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const WIDTH = 320;
const HEIGHT = 240;
let database: TestDatabase;
let clip: Clip;
let http: Server;
let browser: TestBrowser;
let work: string;

// Every wait in the page is bounded and named: a stall (a fragment lost under load, a socket closed early) fails
// with what it was waiting for instead of hanging the test file.
const PAGE = `<!doctype html><video id="v" muted></video><script>
const within = (ms, what, start) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no ' + what + ' within ' + ms + ' ms (' + window.state() + ')')), ms);
  start((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
});
window.state = () => {
  const video = document.getElementById('v');
  const ranges = [];
  const buffered = window.buffer ? window.buffer.buffered : { length: 0 };
  for (let i = 0; i < buffered.length; i += 1) ranges.push(buffered.start(i).toFixed(2) + '-' + buffered.end(i).toFixed(2));
  return 'buffered ' + (ranges.join(' ') || 'nothing') + ', currentTime ' + video.currentTime + ', readyState ' + video.readyState + ', error ' + (video.error ? video.error.message : 'none');
};
window.frameAt = async (url, atMs) => {
  const video = document.getElementById('v');
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const source = new MediaSource();
  video.src = URL.createObjectURL(source);
  await within(5000, 'sourceopen', (r) => source.addEventListener('sourceopen', r, { once: true }));
  let origin;
  const queue = [];
  const pump = () => { if (window.buffer && !window.buffer.updating && queue.length) window.buffer.appendBuffer(queue.shift()); };
  await within(30000, 'buffered stream up to the instant + 0.5 s', (resolve, reject) => {
    ws.onerror = () => reject(new Error('socket error (' + window.state() + ')'));
    ws.onclose = (e) => reject(new Error('socket closed (' + e.code + ') before the instant was buffered (' + window.state() + ')'));
    ws.onmessage = (m) => {
      if (typeof m.data === 'string') {
        const msg = JSON.parse(m.data);
        if (msg.type === 'init' && !window.buffer) {
          origin = msg.originMs;
          window.buffer = source.addSourceBuffer(msg.mime);
          window.buffer.addEventListener('error', () => reject(new Error('source buffer error (' + window.state() + ')')));
          window.buffer.addEventListener('updateend', () => { pump(); const b = window.buffer.buffered; if (b.length && b.end(0) * 1000 + origin > atMs + 500) resolve(); });
        }
        return;
      }
      queue.push(m.data); pump();
    };
  });
  ws.onclose = null;
  ws.close();
  video.currentTime = (atMs - origin) / 1000;
  await within(10000, 'seeked', (r) => video.addEventListener('seeked', r, { once: true }));
  // On a loaded machine 'seeked' can come before the frame is decoded and painted: wait for both.
  await within(10000, 'decoded frame', (r) => { const poll = () => (video.readyState >= 2 ? r() : setTimeout(poll, 10)); poll(); });
  await within(10000, 'painted frame', (r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth; canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(video, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let s = ''; for (let i = 0; i < data.length; i += 1) s += String.fromCharCode(data[i]);
  return btoa(s);
};
</script>`;

before(
  async () => {
    database = await openTestDatabase('sqlite');
    work = await mkdtemp(join(tmpdir(), 'vigie-frame-'));
    clip = await encodeClip({ codec: 'h264', seconds: 2, gop: 25, width: WIDTH, height: HEIGHT });
    const store = new SegmentStore(database.db);
    const recorder = new Recorder({ cameraId: 'cam-p', stream: 'main', segmentSeconds: 2, volumes: Volumes.fromConfig(database.dataDir, []), store, logger });
    await feed(recorder, { track: clip.track, units: clip.units, startWallMs: T0, count: 150 });
    recorder.stop('closed');
    await recorder.drain();
    http = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (socket, request) => {
      const from = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('from'));
      const session = new PlaybackSession({ reader: new ArchiveReader(store, 'cam-p'), clock: new PlaybackClock(from, 16), socket, synchronized: false, logger });
      socket.on('close', () => session.close());
      void session.run();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    browser = await launchBrowser();
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  http?.close();
  await database?.close();
  await rm(work, { recursive: true, force: true });
});

/** ffmpeg's RGBA decode of frame `n` of the source clip. */
async function referenceFrame(n: number): Promise<Buffer> {
  const file = join(work, 'clip.mp4');
  await writeFile(file, Buffer.concat([writeInitSegment(clip.track), writeMediaFragment(1, clip.units)]));
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout;
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c += 1) sum += Math.abs((a[i + c] ?? 0) - (b[i + c] ?? 0));
    count += 3;
  }
  return sum / count;
}

test('Chromium shows the recorded frame of the chosen instant', { timeout: 120_000 }, async () => {
  const page = await browser.newPage();
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await page.goto(`http://127.0.0.1:${port}/`);
  // Frame 80 of the recording is frame 30 of the looping clip; aim inside its 40 ms.
  const atMs = T0 + 80 * 40 + 10;
  const url = `ws://127.0.0.1:${port}/?from=${T0 + 2500}`;
  // A string: the server-side compiler has no DOM types.
  const pixels = Buffer.from((await page.evaluate(`window.frameAt(${JSON.stringify(url)}, ${atMs})`)) as string, 'base64');
  assert.equal(pixels.length, WIDTH * HEIGHT * 4);
  const same = meanDifference(pixels, await referenceFrame(30));
  const before = meanDifference(pixels, await referenceFrame(29));
  const later = meanDifference(pixels, await referenceFrame(31));
  assert.ok(same < 11, `the decoded frame differs from the recorded one by ${same.toFixed(2)} on average`);
  // Colour conversion differs a little between Chromium and ffmpeg; the neighbouring frames differ more.
  assert.ok(same * 1.5 < Math.min(before, later), `frame 30 (${same.toFixed(2)}) must match better than 29 (${before.toFixed(2)}) or 31 (${later.toFixed(2)})`);
  await page.close();
});

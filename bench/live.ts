// `npm run bench -- live [--openings 12] [--seconds 15] [--cameras 6]`: the console's live view measured in
// Chromium on a real Vigie with its demo simulator.
// - firstFrameMs: a tile opened (page loaded, tile mounted) → its first decoded frame presented (the tile's own
//   data-first-frame-ms, from requestVideoFrameCallback), main stream, cameras in turn.
// - latencyMs: camera → decoded picture on screen, on the simulator's live camera (cam2), which burns the UTC wall
//   clock to the millisecond into each picture when it generates it: at each presented frame
//   (requestVideoFrameCallback) the page notes Date.now() and copies the clock's pixels; the digits are read back
//   here (bench/support/burned-clock.ts). Also given: the same from the stream's own timestamps (the server's
//   "clock" messages map media time to the RTCP wall clock of the camera's encoder output), latencyStreamClockMs.
// - wall: the 12 wall pages (/wall/<monitor>) each pushed a 3×3 grid (sub streams) in the one Chromium; tiles
//   that decode over the window, those the pages' decode budget left on keyframes alone (wallTilesKeyframesOnly,
//   docs/wall.md), and Chromium's CPU (whole process tree, /proc) per tile in % of one core.
// - wallPushMs: console push (PUT /api/wall/monitors/:monitor/assignment, one camera) → that camera's first
//   frame presented on the wall page (requestVideoFrameCallback), the page and the bench sharing one clock.
// Baseline, same run, same cameras: ffmpeg reading the simulator's RTSP stream directly — time to its first
// decoded frame (process start included), and its latency read from the same burned-in clock.
// Last line: JSON.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { runToCompletion } from '../sim/ffmpeg-process.js';
import { launchBrowser, waitForValue } from '../test/e2e/support/browser.js';
import { chromiumCpuSeconds } from '../test/e2e/support/chromium-process.js';
import { pageApi, signInPatiently } from '../test/e2e/support/page-api.js';
import { startTestVigie } from '../test/e2e/support/vigie-server.js';
import { createClockReader, shownInstant, STRIP_HEIGHT, type ClockReader } from './support/burned-clock.js';
import { percentile, round } from './support/recorded-archive.js';

const { values } = parseArgs({ options: { openings: { type: 'string', default: '12' }, seconds: { type: 'string', default: '15' }, cameras: { type: 'string', default: '6' } } });
const OPENINGS = Number(values.openings);
const SECONDS = Number(values.seconds);
const CAMERAS = Number(values.cameras);
const WALL_PAGES = 12;
const WALL_TILES = 9;
const LIVE_CAMERA = 2;
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const p = (values: readonly number[], q: number): number | null => (values.length === 0 ? null : round(percentile(values, q), 0));

log(`live bench: Vigie with ${CAMERAS} simulated cameras (cam${LIVE_CAMERA} live with its burned-in UTC clock), Chromium headless`);
const server = await startTestVigie({ cameras: CAMERAS });
const browser = await launchBrowser();
const clock = createClockReader(LIVE_CAMERA);
const simulatorUrl = (camera: number, stream: 'main' | 'sub'): string => `rtsp://127.0.0.1:${server.vigie.config.media.simulatorPort}/cam${camera}/${stream}`;

try {
  const page = await browser.newPage();
  await signInPatiently(page, server.baseUrl, 'operateur');
  const listed = (await page.evaluate(`fetch('/api/cameras').then((r) => r.json())`)) as Array<{ id: string; name: string }>;
  const cameraId = (n: number): string => listed.find((c) => c.name.startsWith(`CAM-${String(n).padStart(2, '0')} `))?.id ?? '';
  const live = cameraId(LIVE_CAMERA);
  if (live === '') throw new Error(`no CAM-0${LIVE_CAMERA} in the demo`);

  // --- first frame ---
  const firstFrames: number[] = [];
  for (let i = 0; i < OPENINGS; i += 1) {
    await page.goto(`${server.baseUrl}/mosaique?g=1x1&cams=${cameraId((i % CAMERAS) + 1)}`);
    const value = await waitForValue(
      () => page.evaluate<string | null>(`document.querySelector('video.tile-video')?.dataset.firstFrameMs ?? null`),
      (v) => v !== null,
      'the first frame',
      30_000,
    );
    firstFrames.push(Number(value));
  }
  const ffmpegFirst: number[] = [];
  for (let i = 0; i < Math.min(6, OPENINGS); i += 1) {
    const began = performance.now();
    const url = simulatorUrl((i % CAMERAS) + 1, 'main');
    // Asynchronous: the simulator and Vigie run in this process, and a blocking spawn would freeze them both.
    try {
      await runToCompletion('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-timeout', '20000000', '-i', url, '-frames:v', '1', '-f', 'null', '-']);
      ffmpegFirst.push(performance.now() - began);
    } catch (error) {
      log(`  ffmpeg could not read ${url}: ${(error as Error).message.slice(0, 200)}`);
    }
  }
  log(`first frame, tile opened → picture: p50 ${p(firstFrames, 50)} ms, p95 ${p(firstFrames, 95)} ms (${firstFrames.join(', ')}) — target ≤ 300 ms`);
  log(`  baseline ffmpeg from the camera's RTSP, process start → first decoded frame: p50 ${p(ffmpegFirst, 50)} ms, p95 ${p(ffmpegFirst, 95)} ms`);

  // --- latency ---
  await page.goto(`${server.baseUrl}/mosaique?g=1x1&cams=${live}`);
  await waitForValue(
    () => page.evaluate<string | null>(`document.querySelector('video.tile-video')?.dataset.wallClockOriginMs ?? null`),
    (v) => v !== null,
    'the stream clock',
    30_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const samples = await sampleBurnedClock(page, clock, SECONDS);
  const readable = samples.filter((s) => s.shownMs !== null);
  const latencies = readable.map((s) => s.at - shownInstant(s.shownMs ?? 0, s.at));
  const streamLatencies = samples.map((s) => s.streamLatencyMs).filter((v) => Number.isFinite(v));
  const baseline = await ffmpegLatency(simulatorUrl(LIVE_CAMERA, 'main'), clock, SECONDS);
  log(`latency, camera clock → picture presented (MSE, burned-in clock read on ${readable.length}/${samples.length} frames): p50 ${p(latencies, 50)} ms, p95 ${p(latencies, 95)} ms — target ≤ 400 ms`);
  log(`  from the stream's own timestamps (RTCP wall clock of the encoder output): p50 ${p(streamLatencies, 50)} ms, p95 ${p(streamLatencies, 95)} ms`);
  log(`  baseline ffmpeg decoding the camera's RTSP directly (same clock, ${baseline.length} frames): p50 ${p(baseline, 50)} ms, p95 ${p(baseline, 95)} ms`);
  await page.close();

  // --- wall: the 12 wall pages, each pushed a 3×3 grid ---
  const control = await browser.newPage();
  await control.goto(`${server.baseUrl}/mosaique?g=1x1&cams=`);
  const monitors = ((await pageApi(control, 'GET', '/api/wall')).body as { monitors: Array<{ id: string }> }).monitors.slice(0, WALL_PAGES);
  const wall: Page[] = [];
  for (const [w, monitor] of monitors.entries()) {
    const tiles = Array.from({ length: WALL_TILES }, (_, i) => ({ col: i % 3, row: Math.floor(i / 3), colSpan: 1, rowSpan: 1, cameraId: cameraId(((w + i) % CAMERAS) + 1) }));
    await pageApi(control, 'PUT', `/api/wall/monitors/${encodeURIComponent(monitor.id)}/assignment`, { kind: 'layout', layout: { cols: 3, rows: 3, tiles } });
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/wall/${encodeURIComponent(monitor.id)}`);
    wall.push(page);
  }
  const frames = async (): Promise<number[]> =>
    (await Promise.all(wall.map((m) => m.evaluate<number[]>(`[...document.querySelectorAll('video.tile-video')].map((v) => Number(v.dataset.frames ?? '0'))`)))).flat();
  await waitForValue(frames, (f) => f.length === WALL_PAGES * WALL_TILES && f.every((n) => n > 0), 'every wall tile decoding', 120_000).catch(() => undefined);
  const before = await frames();
  const cpuBefore = chromiumCpuSeconds();
  const began = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const after = await frames();
  const cpu = chromiumCpuSeconds() - cpuBefore;
  const elapsed = (performance.now() - began) / 1000;
  const decoding = after.filter((n, i) => n > (before[i] ?? 0)).length;
  // The wall pages' decode budget (docs/wall.md): small tiles on the keyframes alone while Chromium falls behind.
  const keyframesOnly = (await Promise.all(wall.map((m) => m.evaluate<number>(`document.querySelectorAll('video.tile-video[data-pictures="keyframes"]').length`)))).reduce((a, n) => a + n, 0);
  const cpuPerTile = (100 * cpu) / elapsed / Math.max(1, after.length);
  log(
    `wall: ${decoding}/${after.length} tiles decoding over ${round(elapsed, 0)} s on ${wall.length} wall pages, ${round(after.reduce((a, n, i) => a + n - (before[i] ?? 0), 0) / elapsed, 0)} frames/s in all, ${keyframesOnly} on keyframes alone at the end; Chromium ${round((100 * cpu) / elapsed, 0)} % of one core, ${round(cpuPerTile, 2)} % per tile`,
  );

  // --- wall push: PUT one camera on monitor 1 → its first frame presented on the wall page ---
  const pushes: number[] = [];
  /** Push → the camera's tile mounted on the wall page (the assignment delivered and drawn), the rest being its stream's first frame. */
  const pushMounted: number[] = [];
  const target = wall[0];
  const monitor = monitors[0];
  if (target !== undefined && monitor !== undefined) {
    for (let i = 0; i < Math.min(6, OPENINGS); i += 1) {
      const id = cameraId((i % CAMERAS) + 1);
      const presented = target.evaluate<{ mounted: number; presented: number }>(`(async () => {
        for (;;) {
          const video = document.querySelector('video.tile-video[data-camera-id="${id}"][data-stream="main"]');
          if (video !== null && document.querySelectorAll('video.tile-video').length === 1) {
            const mounted = Date.now();
            await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
            return { mounted, presented: Date.now() };
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })()`);
      const pushedAt = Date.now();
      await pageApi(control, 'PUT', `/api/wall/monitors/${encodeURIComponent(monitor.id)}/assignment`, { kind: 'camera', cameraId: id });
      const times = await presented;
      pushes.push(times.presented - pushedAt);
      pushMounted.push(times.mounted - pushedAt);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  log(`wall push, console PUT → first frame on the wall page: p50 ${p(pushes, 50)} ms, p95 ${p(pushes, 95)} ms (${pushes.join(', ')}) — target ≤ 1000 ms`);
  log(`  of which push → tile mounted on the wall page (assignment delivered and drawn): ${pushMounted.join(', ')} ms`);
  for (const page of wall) await page.close();

  log(
    JSON.stringify({
      firstFrameMsP50: p(firstFrames, 50),
      firstFrameMsP95: p(firstFrames, 95),
      latencyMsP50: p(latencies, 50),
      latencyMsP95: p(latencies, 95),
      latencyStreamClockMsP50: p(streamLatencies, 50),
      latencyFramesRead: readable.length,
      wallTiles: after.length,
      wallTilesDecoding: decoding,
      wallTilesKeyframesOnly: keyframesOnly,
      wallPushMsP50: p(pushes, 50),
      wallPushMsP95: p(pushes, 95),
      browserCpuPctPerTile: round(cpuPerTile, 2),
      baselineFfmpegFirstFrameMsP50: p(ffmpegFirst, 50),
      baselineFfmpegLatencyMsP50: p(baseline, 50),
      baselineFfmpegLatencyMsP95: p(baseline, 95),
    }),
  );
} finally {
  await browser.close();
  await server.close();
}

interface ClockSample {
  readonly at: number;
  readonly shownMs: number | null;
  readonly streamLatencyMs: number;
}

/** For `seconds`, at each presented frame (about 4 a second): the instant, the clock's pixels, the stream-clock latency. */
async function sampleBurnedClock(page: Page, reader: ClockReader, seconds: number): Promise<ClockSample[]> {
  const script = `(async ({ from, to, height, seconds }) => {
    const video = document.querySelector('video.tile-video');
    const canvas = document.createElement('canvas');
    canvas.width = to - from;
    canvas.height = height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const out = [];
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      const meta = await new Promise((resolve) => video.requestVideoFrameCallback((_, m) => resolve(m)));
      const at = Date.now();
      context.drawImage(video, from, 0, to - from, height, 0, 0, to - from, height);
      const rgba = context.getImageData(0, 0, to - from, height).data;
      let gray = '';
      for (let i = 0; i < rgba.length; i += 4) gray += String.fromCharCode(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
      const origin = Number(video.dataset.wallClockOriginMs);
      out.push({ at, gray: btoa(gray), streamLatencyMs: at - (origin + meta.mediaTime * 1000) });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return out;
  })(${JSON.stringify({ from: reader.from, to: reader.to, height: STRIP_HEIGHT, seconds })})`;
  const raw = await page.evaluate<Array<{ at: number; gray: string; streamLatencyMs: number }>>(script);
  return raw.map((s) => ({ at: s.at, streamLatencyMs: s.streamLatencyMs, shownMs: reader.read(new Uint8Array(Buffer.from(s.gray, 'base64'))) }));
}

/** ffmpeg decoding the camera's RTSP stream for `seconds`: for each decoded picture, when it came out minus the time it shows. */
async function ffmpegLatency(url: string, reader: ClockReader, seconds: number): Promise<number[]> {
  const width = reader.to - reader.from;
  const frameBytes = width * STRIP_HEIGHT;
  const ffmpeg = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-rtsp_transport',
      'tcp',
      '-fflags',
      'nobuffer',
      '-flags',
      'low_delay',
      '-i',
      url,
      '-vf',
      `crop=${width}:${STRIP_HEIGHT}:${reader.from}:0`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-',
    ],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const latencies: number[] = [];
  let pending = Buffer.alloc(0);
  ffmpeg.stdout.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= frameBytes) {
      const at = Date.now();
      const shown = reader.read(new Uint8Array(pending.subarray(0, frameBytes)));
      pending = pending.subarray(frameBytes);
      if (shown !== null) latencies.push(at - shownInstant(shown, at));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  ffmpeg.kill('SIGKILL');
  // The first second holds the burst of the camera's buffered pictures, which is not latency.
  return latencies.slice(25);
}

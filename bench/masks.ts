// Privacy-mask burn-in: CPU of one masked 720p25 camera (decode + mask + encode, ffmpeg children and Node's
// share) against a plain ffmpeg decode + encode of the same stream measured in the same run (the baseline); how
// many masked cameras this machine sustains with zero frame loss; and the scripted PTZ run's leaked pixels and
// mask lag (frames). CPU from /proc (utime + stime), % of one core, measured the same way for both: this process
// (Node's share: RTSP in, masked pictures out; nothing else runs in it) plus its ffmpeg children, while the
// simulator runs in its own process and is not counted. Children are listed from /proc once per window (no
// process spawned while measuring).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { cpuTimes } from './ingest/proc-stats.js';
import { PTZ_HEIGHT, PTZ_WIDTH, readPtzBarcode, startSimulator } from '../sim/index.js';
import { loadScene } from '../sim/ptz/scene.js';
import { ViewportRenderer } from '../sim/ptz/viewport.js';
import { TEST_CACHE_DIR } from '../sim/test-support.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createIngest, openRtspSourceSession } from '../src/ingest/index.js';
import { Hub } from '../src/media/hub/index.js';
import { maskedSessions, X264, type CameraMasks } from '../src/masks/index.js';
import { decodeLuma, PictureCollector } from '../test/e2e/support/mask-frames.js';
import { MemoryTerritory } from '../test/support/memory-territory.js';
import { pictureReport, runPtzScript, simulatorCalibration, simulatorFeed, windowPolygon } from '../test/e2e/support/ptz-window.js';

const WINDOW_S = Number(process.env['MASK_BENCH_SECONDS'] ?? 15);
const round = (v: number): number => Math.round(v * 10) / 10;

/** Every child still running is killed if this process ends, even by an error. */
const spawned = new Set<ChildProcess>();
process.on('exit', () => spawned.forEach((child) => child.kill('SIGKILL')));

/** This process's children, from /proc (the kernel's list per thread). */
function childPids(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    try {
      pids.push(
        ...readFileSync(`/proc/self/task/${task}/children`, 'utf8')
          .split(' ')
          .filter((p) => p.trim() !== '')
          .map(Number),
      );
    } catch {
      // The thread ended meanwhile.
    }
  }
  return pids;
}

/** The simulator in its own process (not measured): its main stream URLs. */
async function startSimulatorProcess(cameras: number): Promise<{ urls: string[]; close: () => Promise<void>; pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ingest/sim-child.ts', String(cameras)], { stdio: ['ignore', 'pipe', 'inherit'] });
  spawned.add(child);
  const urls = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /READY (.*)\n/.exec(out);
      if (line !== null) resolve((JSON.parse(line[1] ?? '{}') as { urls: string[] }).urls);
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  const close = async (): Promise<void> => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    spawned.delete(child);
  };
  return { urls, close, pid: child.pid as number };
}

interface Cpu {
  /** This process and its measured children together, % of one core. */
  readonly totalPct: number;
  /** This process alone (Node). */
  readonly nodePct: number;
  /** The ffmpeg children. */
  readonly ffmpegPct: number;
}

/** utime + stime of a process in seconds (0 once gone). */
function cpuSeconds(pid: number): number {
  const t = cpuTimes(pid);
  return t.user + t.system;
}

/** CPU of this process and its children other than `exclude` over `seconds`, read at both ends of the window. */
async function measure(seconds: number, exclude: ReadonlySet<number>): Promise<Cpu> {
  const pids = childPids().filter((pid) => !exclude.has(pid));
  const start = pids.map(cpuSeconds);
  const self0 = process.cpuUsage();
  const started = performance.now();
  await sleep(seconds * 1000);
  const self = process.cpuUsage(self0);
  const elapsed = (performance.now() - started) / 1000;
  const children = pids.reduce((total, pid, i) => total + cpuSeconds(pid) - (start[i] as number), 0);
  const nodePct = ((self.user + self.system) / 1e6 / elapsed) * 100;
  const ffmpegPct = (children / elapsed) * 100;
  return { totalPct: round(nodePct + ffmpegPct), nodePct: round(nodePct), ffmpegPct: round(ffmpegPct) };
}

const square: CameraMasks['polygons'] = [
  [
    { x: 0.1, y: 0.2 },
    { x: 0.45, y: 0.2 },
    { x: 0.45, y: 0.6 },
    { x: 0.1, y: 0.6 },
  ],
];

/** `masked: false`: the same cameras without masks (ingest only, zero transcoding): Node's share any camera costs. */
async function maskedRun(cameras: number, masked = true): Promise<{ cpu: Cpu; lost: number; framesOut: number; framesIn: number }> {
  const sim = await startSimulatorProcess(cameras);
  const hub = new Hub();
  const territory = new MemoryTerritory();
  sim.urls.forEach((url, i) => territory.put(`cam${i + 1}`, { main: { url } }));
  const sessions = maskedSessions({
    inner: openRtspSourceSession,
    masks: { load: async () => undefined, masksOf: (id) => (masked ? { cameraId: id, space: 'picture', polygons: square, calibration: null, updatedAtMs: 0, updatedBy: 'bench' } : undefined) },
    encoder: X264,
    onFailure: (c, s, e) => process.stderr.write(`failure ${c}/${s}: ${e.message}\n`),
  });
  const ingest = createIngest({ hub, territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: sessions.open });
  await ingest.start();
  for (const started = Date.now(); masked && sessions.stats().size < cameras && Date.now() - started < 60_000;) await sleep(200);
  await sleep(3000);
  const before = [...sessions.stats().values()];
  const cpu = await measure(WINDOW_S, new Set([sim.pid]));
  const after = [...sessions.stats().values()];
  const sum = (list: typeof after, key: 'framesIn' | 'framesOut' | 'framesDropped'): number => list.reduce((t, s) => t + s[key], 0);
  const framesIn = sum(after, 'framesIn') - sum(before, 'framesIn');
  const framesOut = sum(after, 'framesOut') - sum(before, 'framesOut');
  const lost = sum(after, 'framesDropped') + Math.max(0, framesIn - framesOut - 5 * cameras) + ingest.healthAll().reduce((t, h) => t + h.main.framesLost, 0);
  await ingest.close();
  sessions.close();
  await sim.close();
  return { cpu, lost, framesOut, framesIn };
}

async function plainTranscode(): Promise<Cpu> {
  // The same 720p25 stream as a masked camera gets, decoded and re-encoded by one plain ffmpeg at real time,
  // measured exactly as the masked run (this process, idle here, plus its ffmpeg child).
  const sim = await startSimulatorProcess(1);
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', sim.urls[0] as string, '-an', '-threads', '1', ...X264.args, '-f', 'null', '-'], {
    stdio: 'ignore',
  });
  spawned.add(child);
  await sleep(4000);
  const cpu = await measure(WINDOW_S, new Set([sim.pid]));
  child.kill('SIGKILL');
  spawned.delete(child);
  await sim.close();
  return cpu;
}

async function ptzRun(): Promise<{ leakedPixels: number; wronglyCovered: number; maskLagFrames: number; pictures: number }> {
  const sim = await startSimulator({ cameras: 1, ptz: 1, port: 0, cacheDir: TEST_CACHE_DIR });
  const ptz = sim.ptz(1);
  if (ptz === undefined) throw new Error('no PTZ camera');
  const hub = new Hub();
  const territory = new MemoryTerritory();
  territory.put('ptz1', { main: { url: (sim.urls[0] as { main: string }).main } });
  const lags: number[] = [];
  const masks: CameraMasks = { cameraId: 'ptz1', space: 'angular', polygons: [windowPolygon()], calibration: simulatorCalibration(), updatedAtMs: 0, updatedBy: 'bench' };
  const sessions = maskedSessions({
    inner: openRtspSourceSession,
    masks: { load: async () => undefined, masksOf: () => masks },
    encoder: X264,
    positions: simulatorFeed('ptz1', ptz.state),
    onFailure: () => undefined,
    onLag: (_c, lag) => lags.push(lag),
  });
  const ingest = createIngest({ hub, territory, logger: silentLogger, metrics: new Registry(), clock: systemClock, openSession: sessions.open });
  await ingest.start();
  const live = new PictureCollector();
  const subscription = hub.subscribe('ptz1/main', live, { startAt: 'next-keyframe', maxQueuedBytes: 64e6 });
  for (const started = Date.now(); live.pictures < 5 && Date.now() - started < 60_000;) await sleep(100);
  await runPtzScript(ptz.state, [
    { continuous: { pan: 0.6, tilt: 0.2, zoom: 0 }, waitMs: 1500 },
    { absolute: { pan: 0.3, tilt: -0.2, zoom: 0.6 }, waitMs: 2500 },
    { continuous: { pan: -0.4, tilt: 0.3, zoom: -0.5 }, waitMs: 1500 },
    { absolute: { pan: 0.25, tilt: -0.1, zoom: 1 }, waitMs: 3000 },
    { absolute: { pan: 0, tilt: 0, zoom: 0 }, waitMs: 2500 },
  ]);
  subscription.close();
  await ingest.close();
  sessions.close();
  const frames = await decodeLuma(live.annexB, PTZ_WIDTH, PTZ_HEIGHT);
  const report = pictureReport(frames, (n) => ptz.viewportOfFrame(n), new ViewportRenderer(await loadScene(TEST_CACHE_DIR), PTZ_WIDTH, PTZ_HEIGHT), readPtzBarcode);
  await sim.close();
  // Lag: how much older than the picture's arrival the newest head position used was (0: a newer one was known).
  const finite = lags.filter(Number.isFinite);
  return { leakedPixels: report.leaked, wronglyCovered: report.wronglyCovered, maskLagFrames: round(Math.max(0, ...finite) / 80), pictures: frames.length };
}

const load = loadavg().map(round);
const plain = await plainTranscode();
const ingestOnly = await maskedRun(1, false);
const one = await maskedRun(1);
let sustained = one.lost === 0 ? 1 : 0;
const runs: Record<string, unknown> = { 1: one };
for (const n of [2, 4, 6]) {
  if (sustained < n / 2) break;
  const run = await maskedRun(n);
  runs[n] = run;
  if (run.lost === 0) sustained = n;
}
const ptz = await ptzRun();
const result = {
  cpuPctPerMaskedCamera: one.cpu.totalPct,
  ffmpegTranscodeCpuPct: plain.totalPct,
  plainTranscode: plain,
  // The RTSP ingest of the same camera without masks: in Node for every camera, masked or not.
  ingestOnlyCpuPct: ingestOnly.cpu.totalPct,
  maskedCamerasSustained: sustained,
  leakedPixels: ptz.leakedPixels,
  wronglyCoveredPixels: ptz.wronglyCovered,
  maskLagFrames: ptz.maskLagFrames,
  ptzPictures: ptz.pictures,
  runs,
  encoder: X264.name,
  loadAverageAtStart: load,
  loadAverageAtEnd: loadavg().map(round),
  windowSeconds: WINDOW_S,
};
process.stdout.write(`${JSON.stringify(result)}\n`);

// `npm run bench -- ingest [--cameras N] [--rounds R] [--steps 50,100,200,300] [--window S] [--recorder recorder|gop|none] [--no-ffmpeg]`
// Vigie's ingest + fMP4 recording of N simulated cameras (720p25, 2 Mbit/s) in one process, against one
// `ffmpeg -c copy` fMP4 writer per camera, measured in the same run: CPU % of a core per camera (utime+stime
// from /proc over a fixed window; the simulator runs in its own process and is not counted), RSS per camera,
// frames lost; then N stepped up to find the largest N Vigie sustains with zero loss; and the time to first
// frame of a new live viewer. Vigie and ffmpeg are measured in turn R times (default 3) and the medians
// compared: on a shared 2-core VM one window varies by ±30 %, and alternating keeps slow phases of the machine
// from favouring either side. The last output line is one JSON object with the figures.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { measureWindow, median, rssBytes } from './ingest/proc-stats.js';
import type { ChildMessage, ChildStats, ParentMessage } from './ingest/vigie-child.js';

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '50,100,200,300' },
    window: { type: 'string', default: '20' },
    'no-ffmpeg': { type: 'boolean', default: false },
    recorder: { type: 'string', default: 'recorder' },
  },
});
const cameras = Number(values.cameras);
const steps = (values.steps ?? '')
  .split(',')
  .filter((s) => s !== '')
  .map(Number)
  .sort((a, b) => a - b);
const windowMs = Number(values.window) * 1000;
const rounds = Math.max(1, Number(values.rounds));
const FPS = 25;
const WARMUP_MS = 6000;
const MB = 1024 * 1024;

const log = (line: string): void => void process.stdout.write(`${line}\n`);
/** Every child still running is killed if this process ends, even by an error. */
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
const track = (child: ChildProcess): ChildProcess => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function startSimulator(count: number): Promise<{ child: ChildProcess; urls: string[] }> {
  const child = track(spawn(process.execPath, ['--import', 'tsx', 'bench/ingest/sim-child.ts', String(count)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const urls = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /READY (.*)\n/.exec(out);
      if (line !== null) resolve((JSON.parse(line[1] ?? '{}') as { urls: string[] }).urls);
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  return { child, urls };
}

class VigieChild {
  readonly child: ChildProcess;
  readonly #waiters: Array<{ kind: ChildMessage['kind']; resolve: (message: ChildMessage) => void }> = [];

  constructor() {
    // VIGIE_BENCH_NODE_OPTIONS, e.g. "--cpu-prof", to profile the measured process.
    const extra = (process.env['VIGIE_BENCH_NODE_OPTIONS'] ?? '').split(' ').filter((option) => option !== '');
    this.child = track(fork('bench/ingest/vigie-child.ts', [values.recorder ?? 'recorder'], { execArgv: ['--import', 'tsx', ...extra], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    this.child.on('message', (message: ChildMessage) => {
      const index = this.#waiters.findIndex((w) => w.kind === message.kind);
      if (index >= 0) this.#waiters.splice(index, 1)[0]?.resolve(message);
    });
  }

  next<K extends ChildMessage['kind']>(kind: K): Promise<Extract<ChildMessage, { kind: K }>> {
    return new Promise((resolve) => this.#waiters.push({ kind, resolve: resolve as (message: ChildMessage) => void }));
  }

  async request<K extends ChildMessage['kind']>(message: ParentMessage, reply: K): Promise<Extract<ChildMessage, { kind: K }>> {
    const answer = this.next(reply);
    this.child.send(message);
    return answer;
  }

  stats(): Promise<ChildStats> {
    return this.request({ kind: 'stats' }, 'stats');
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ kind: 'stop' });
    await Promise.race([exited, sleep(10_000)]);
    this.child.kill('SIGKILL');
  }
}

interface VigieRun {
  readonly cameras: number;
  readonly cpuPercentPerCamera: number;
  readonly systemShare: number;
  readonly rssPerCameraMB: number;
  readonly framesLost: number;
  readonly hubDrops: number;
  readonly receivedRatio: number;
  /** Of the sample slabs taken during the window, the share that were reused rather than allocated. */
  readonly slabsReusedRatio: number;
  readonly online: number;
  readonly simulatorCpuPercent: number;
  readonly firstFrameMs?: { readonly median: number; readonly max: number; readonly failures: number };
}

/** Connect → first media fragment (after the init message and segment), for `count` new viewers in turn, after
 *  one warm-up viewer (the process's very first WebSocket pays for lazy compilation once). A viewer without a
 *  fragment within 10 s counts as a failure, not as a time. */
async function timeToFirstFrame(port: number, count: number): Promise<{ median: number; max: number; failures: number }> {
  const times: number[] = [];
  let failures = 0;
  for (let i = 1; i <= count + 1; i += 1) {
    const started = performance.now();
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/cameras/cam${i}/live?stream=main`);
    const elapsed = await new Promise<number | undefined>((resolve) => {
      let binaries = 0;
      const timer = setTimeout(() => resolve(undefined), 10_000);
      socket.on('message', (_data, isBinary) => {
        if (isBinary && ++binaries === 2) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      socket.on('error', () => resolve(undefined));
    });
    socket.terminate();
    if (i === 1) continue;
    if (elapsed === undefined) failures += 1;
    else times.push(elapsed);
  }
  return { median: Math.round(median(times)), max: Math.round(Math.max(0, ...times)), failures };
}

async function runVigie(urls: readonly string[], simulator: ChildProcess, withFirstFrame: boolean): Promise<VigieRun> {
  const vigie = new VigieChild();
  const pid = vigie.child.pid ?? 0;
  const { livePort } = await vigie.next('ready');
  await sleep(2000);
  const idleRss = median((await measureWindow([pid], 3000)).rssSamples.map((s) => s[0] ?? 0));
  await vigie.request({ kind: 'cameras', urls }, 'cameras-added');
  for (let waited = 0; (await vigie.stats()).online < urls.length && waited < 30_000; waited += 500) await sleep(500);
  await sleep(WARMUP_MS);
  const before = await vigie.stats();
  const [measure, simulatorMeasure] = await Promise.all([measureWindow([pid], windowMs), measureWindow([simulator.pid ?? 0], windowMs)]);
  const after = await vigie.stats();
  const firstFrameMs = withFirstFrame ? await timeToFirstFrame(livePort, Math.min(10, urls.length - 1)) : undefined;
  await vigie.stop();
  const rss = median(measure.rssSamples.map((s) => s[0] ?? 0));
  const expected = urls.length * FPS * (windowMs / 1000);
  return {
    cameras: urls.length,
    cpuPercentPerCamera: round((measure.cpuCores * 100) / urls.length, 3),
    systemShare: round(measure.systemShare, 2),
    rssPerCameraMB: round((rss - idleRss) / urls.length / MB, 2),
    framesLost: after.framesLost - before.framesLost,
    hubDrops: after.hubDrops - before.hubDrops,
    receivedRatio: round((after.framesReceived - before.framesReceived) / expected, 4),
    slabsReusedRatio: round((after.slabsReused - before.slabsReused) / Math.max(1, after.slabsReused - before.slabsReused + after.slabsAllocated - before.slabsAllocated), 3),
    online: after.online,
    simulatorCpuPercent: round(simulatorMeasure.cpuCores * 100, 1),
    ...(firstFrameMs === undefined ? {} : { firstFrameMs }),
  };
}

interface FfmpegRun {
  readonly cpuPercentPerCamera: number;
  readonly systemShare: number;
  readonly rssPerCameraMB: number;
}

/** The round with the median CPU (the lower middle one for an even count), with all its figures. */
function medianBy<T>(runs: readonly T[], cpu: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => cpu(a) - cpu(b));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (middle === undefined) throw new Error('no run to take the median of');
  return middle;
}
const medianRun = (runs: readonly VigieRun[]): VigieRun => medianBy(runs, (r) => r.cpuPercentPerCamera);
const medianFfmpeg = (runs: readonly FfmpegRun[]): FfmpegRun => medianBy(runs, (r) => r.cpuPercentPerCamera);

async function runFfmpeg(urls: readonly string[]): Promise<FfmpegRun> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-ffmpeg-'));
  const writers = urls.map((url, i) =>
    track(
      spawn(
        'ffmpeg',
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-rtsp_transport',
          'tcp',
          '-i',
          url,
          '-c',
          'copy',
          '-f',
          'mp4',
          '-movflags',
          '+frag_keyframe+empty_moov+default_base_moof',
          join(dir, `cam${i + 1}.mp4`),
        ],
        { stdio: 'ignore' },
      ),
    ),
  );
  try {
    await sleep(WARMUP_MS + 2000);
    const measure = await measureWindow(
      writers.map((c) => c.pid ?? 0),
      windowMs,
    );
    const alive = writers.filter((c) => c.exitCode === null && rssBytes(c.pid ?? 0) > 0).length;
    if (alive < urls.length) log(`  warning: only ${alive}/${urls.length} ffmpeg writers were running`);
    const meanRss = median(measure.rssSamples.map((sample) => sample.reduce((a, b) => a + b, 0) / Math.max(1, sample.filter((v) => v > 0).length)));
    return { cpuPercentPerCamera: round((measure.cpuCores * 100) / urls.length, 3), systemShare: round(measure.systemShare, 2), rssPerCameraMB: round(meanRss / MB, 1) };
  } finally {
    writers.forEach((c) => c.kill('SIGKILL'));
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Zero loss: no sequence gap, no hub drop, and (nearly) every expected frame received. Late frames on a loaded
 *  machine turn a camera 'degraded' without losing anything, so the online count is reported, not required. */
const sustained = (run: VigieRun): boolean => run.framesLost === 0 && run.hubDrops === 0 && run.receivedRatio >= 0.99;

const maxCameras = Math.max(cameras, ...steps);
log(
  `ingest bench: ${cameras} cameras, Vigie and ffmpeg in turn ${rounds} times, then steps ${steps.join(', ')}; window ${windowMs / 1000} s; Vigie side: ingest + ${values.recorder}. Starting the simulator (${maxCameras} cameras)…`,
);
const simulator = await startSimulator(maxCameras);
try {
  const urls = simulator.urls;
  const vigieRuns: VigieRun[] = [];
  const ffmpegRuns: FfmpegRun[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const vigie = await runVigie(urls.slice(0, cameras), simulator.child, round === 1);
    vigieRuns.push(vigie);
    log(
      `Vigie  ${cameras} cameras, round ${round}: ${vigie.cpuPercentPerCamera} % of a core (kernel ${Math.round(vigie.systemShare * 100)} %) and ${vigie.rssPerCameraMB} MB per camera; lost ${vigie.framesLost}, hub drops ${vigie.hubDrops}, received ${(vigie.receivedRatio * 100).toFixed(1)} %, slabs reused ${(vigie.slabsReusedRatio * 100).toFixed(1)} % (simulator ${vigie.simulatorCpuPercent} %)`,
    );
    if (vigie.firstFrameMs !== undefined)
      log(`Vigie  live first frame: median ${vigie.firstFrameMs.median} ms, max ${vigie.firstFrameMs.max} ms, ${vigie.firstFrameMs.failures} viewers without a picture in 10 s`);
    if (values['no-ffmpeg']) continue;
    const ffmpeg = await runFfmpeg(urls.slice(0, cameras));
    ffmpegRuns.push(ffmpeg);
    log(`ffmpeg ${cameras} cameras, round ${round}: ${ffmpeg.cpuPercentPerCamera} % of a core (kernel ${Math.round(ffmpeg.systemShare * 100)} %) and ${ffmpeg.rssPerCameraMB} MB per camera`);
  }
  const vigie = medianRun(vigieRuns);
  const ffmpeg = ffmpegRuns.length === 0 ? undefined : medianFfmpeg(ffmpegRuns);
  log(
    `median: Vigie ${vigie.cpuPercentPerCamera} %${ffmpeg === undefined ? '' : `, ffmpeg ${ffmpeg.cpuPercentPerCamera} % of a core per camera: ratio ${round(vigie.cpuPercentPerCamera / ffmpeg.cpuPercentPerCamera, 3)}`}`,
  );
  const stepRuns: VigieRun[] = [];
  for (const n of steps) {
    // At the compared count, zero loss must hold in every round.
    const run = n === cameras ? (vigieRuns.find((r) => !sustained(r)) ?? vigie) : await runVigie(urls.slice(0, n), simulator.child, false);
    stepRuns.push(run);
    log(
      `step   ${n} cameras: ${run.cpuPercentPerCamera} % per camera, ${run.rssPerCameraMB} MB per camera, lost ${run.framesLost}, drops ${run.hubDrops}, received ${(run.receivedRatio * 100).toFixed(1)} %, online ${run.online}/${n} (simulator ${run.simulatorCpuPercent} %) → ${sustained(run) ? 'sustained' : 'NOT sustained'}`,
    );
    if (!sustained(run)) break;
  }
  const largest = stepRuns.filter(sustained).reduce((max, run) => Math.max(max, run.cameras), 0);
  const firstFrame = vigieRuns[0]?.firstFrameMs;
  log(
    JSON.stringify({
      cameras,
      windowSeconds: windowMs / 1000,
      rounds,
      recorder: values.recorder,
      vigie: {
        cpuPercentPerCamera: vigie.cpuPercentPerCamera,
        systemShare: vigie.systemShare,
        rssPerCameraMB: vigie.rssPerCameraMB,
        framesLost: vigie.framesLost,
        hubDrops: vigie.hubDrops,
        receivedRatio: vigie.receivedRatio,
        slabsReusedRatio: vigie.slabsReusedRatio,
      },
      ffmpeg: ffmpeg ?? null,
      cpuRatioVigieToFfmpeg: ffmpeg === undefined ? null : round(vigie.cpuPercentPerCamera / ffmpeg.cpuPercentPerCamera, 3),
      roundsCpuPercentPerCamera: { vigie: vigieRuns.map((r) => r.cpuPercentPerCamera), ffmpeg: ffmpegRuns.map((r) => r.cpuPercentPerCamera) },
      loadAverage: loadavg()[0],
      largestSustainedCameras: largest,
      steps: stepRuns.map((r) => ({
        cameras: r.cameras,
        cpuPercentPerCamera: r.cpuPercentPerCamera,
        rssPerCameraMB: r.rssPerCameraMB,
        framesLost: r.framesLost,
        hubDrops: r.hubDrops,
        receivedRatio: r.receivedRatio,
        online: r.online,
        sustained: sustained(r),
      })),
      liveFirstFrameMs: firstFrame ?? null,
    }),
  );
} finally {
  simulator.child.kill('SIGTERM');
}

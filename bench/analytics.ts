// `npm run bench -- analytics`: the analytics pipeline on the real footage of ../shared/data.
// MOTA/IDF1 on PETS09-S2L1 and TUD-Campus, clip-level fight detection (extended profile), abandoned-object delay
// (ABODA), fall recall, false alerts per hour on the highway clip (legal profile), frames per second per core,
// against a baseline: plain ffmpeg decode of the same clip at the same size.
// Subsets (the machine has 2 cores): ANALYTICS_BENCH=pets,tud,fight,nofight,aboda,fall,traffic,latency (default all),
// ANALYTICS_BENCH_FIGHT_CLIPS=N clips per class (default 5), ANALYTICS_BENCH_PETS_SECONDS=S (default 0: the whole sequence).
// nofight: the aggression rule on footage without fights (pedestrians, a crowd, a road), its false alerts per hour.
// ANALYTICS_BENCH_CACHE=DIR records the detector's answers per clip there and replays them on the next run
// (bench/support/detection-cache.ts: re-measuring a rule without running the models again);
// ANALYTICS_BENCH_WORKERS=N detection workers (default 2); ANALYTICS_BENCH_THRESHOLDS='{"aggression":{"churn":2}}'
// measures other thresholds than the catalogue's (with the cache, in seconds).
// latency: people appearing in a live simulator camera's picture → the alert pushed to a console, on a real
// Vigie with its real pipeline (bench/support/alert-latency.ts); ANALYTICS_BENCH_LATENCY_SECONDS (default 60).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, DetectorPool, type AnalyzeOptions, type AnalyzeResult } from '../src/analytics/index.js';
import { evaluateMot, parseMot } from '../src/analytics/testing/mot-eval.js';
import { measureAlertLatency, p50 } from './support/alert-latency.js';
import { clipDetector } from './support/detection-cache.js';

const DATA = join(process.cwd(), '..', 'shared', 'data');
if (!existsSync(DATA)) {
  process.stdout.write(`${JSON.stringify({ skipped: `${DATA} is absent` })}\n`);
  process.exit(0);
}
const parts = new Set((process.env['ANALYTICS_BENCH'] ?? 'pets,tud,fight,nofight,aboda,fall,traffic,latency').split(','));
const fightClips = Number(process.env['ANALYTICS_BENCH_FIGHT_CLIPS'] ?? 5);
const petsSeconds = Number(process.env['ANALYTICS_BENCH_PETS_SECONDS'] ?? 0);
const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const out: Record<string, unknown> = {};
// First, alone on the machine: the live loop runs its own detector in the server under test.
if (parts.has('latency')) {
  const latency = await measureAlertLatency({ seconds: Number(process.env['ANALYTICS_BENCH_LATENCY_SECONDS'] ?? 60), dwellS: 0, log });
  out['alertLatencyMsP50'] = p50(latency.samplesMs);
  out['alertLatencyMsMax'] = latency.samplesMs.length === 0 ? null : Math.max(...latency.samplesMs);
  out['alertLatencySamples'] = latency.samplesMs.length;
  out['alertLatencyNote'] = 'people appearing in a live simulator camera → alert pushed on /api/alerts/events; intrusion with dwellS 0 (a dwell set on the rule adds to it)';
  out['baselineInjectedAlertMsP50'] = p50(latency.baselineMs);
}

const detector = new DetectorPool({ workers: Number(process.env['ANALYTICS_BENCH_WORKERS'] ?? 2), pose: true });
const cache = process.env['ANALYTICS_BENCH_CACHE'];
const thresholds = process.env['ANALYTICS_BENCH_THRESHOLDS'] === undefined ? undefined : (JSON.parse(process.env['ANALYTICS_BENCH_THRESHOLDS']) as AnalyzeOptions['thresholds']);
if (cache === undefined && [...parts].some((part) => part !== 'latency')) await detector.load();
let analysedFrames = 0;
const cpuStart = process.cpuUsage();
const run = async (file: string, options: Parameters<typeof analyzeFile>[1] = {}): Promise<AnalyzeResult> => {
  const name = `${file.slice(DATA.length + 1)}@${options.fps ?? 'own'}fps${options.maxSeconds === undefined ? '' : `-${options.maxSeconds}s`}${options.mot === true ? '-mot' : ''}`;
  const replay = cache === undefined ? undefined : clipDetector(cache, name, detector);
  const result = await analyzeFile(file, { ...options, ...(thresholds === undefined ? {} : { thresholds }), detector: replay ?? detector });
  replay?.save();
  // Replayed frames cost no detection: they do not count in the frames per second.
  if (replay === undefined || replay.misses > 0) analysedFrames += result.frames;
  return result;
};

async function mot(name: string, video: string, gtFile: string, scale: number, seconds: number | undefined): Promise<void> {
  const result = await run(join(DATA, 'pedestrians', video), { mot: true, rules: [], ...(seconds === undefined ? {} : { maxSeconds: seconds }) });
  const scores = evaluateMot(parseMot(readFileSync(join(DATA, 'pedestrians', gtFile), 'utf8'), scale), parseMot(result.mot.join('\n')), result.frames);
  log(`${name}: ${result.frames} frames, ${JSON.stringify(scores)}`);
  out[`${name}Mota`] = round(scores.mota);
  out[`${name}Idf1`] = round(scores.idf1);
  out[`${name}Frames`] = result.frames;
}

if (parts.has('pets')) await mot('pets', 'PETS09-S2L1_vtest_480x360.mp4', 'PETS09-S2L1_gt/gt.txt', 0.625, petsSeconds > 0 ? petsSeconds : undefined);
if (parts.has('tud')) await mot('tudCampus', 'TUD-Campus.mp4', 'TUD-Campus_gt/gt.txt', 1, undefined);

if (parts.has('fight')) {
  const rows = readFileSync(join(DATA, 'fight', 'labels.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const fights = rows.filter((r) => r[1] === 'fight').slice(0, fightClips);
  const calm = rows.filter((r) => r[1] !== 'fight').slice(0, fightClips);
  // Split by source video (sources 1st, 3rd, 5th… of labels.csv: tuning; the others: held out), so that a
  // setting chosen on one half is measured on cameras it was not chosen on.
  const sources = [...new Set(rows.map((r) => r[2]))];
  const halves = { all: { tp: 0, fp: 0, fn: 0 }, tuning: { tp: 0, fp: 0, fn: 0 }, heldOut: { tp: 0, fp: 0, fn: 0 } };
  for (const [file, label, source] of [...fights, ...calm] as string[][]) {
    const result = await run(join(DATA, 'fight', file as string), { profile: 'extended', rules: ['aggression'], fps: 8 });
    const flagged = result.events.length > 0;
    const outcome = flagged && label === 'fight' ? 'tp' : flagged ? 'fp' : label === 'fight' ? 'fn' : undefined;
    const half = sources.indexOf(source) % 2 === 0 ? halves.tuning : halves.heldOut;
    if (outcome !== undefined) for (const counts of [halves.all, half]) counts[outcome]++;
    log(`fight ${file} ${label}: ${flagged ? 'aggression' : '-'}`);
  }
  for (const [name, { tp, fp, fn }] of Object.entries(halves)) {
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const prefix = name === 'all' ? 'fight' : `fight${name[0]?.toUpperCase()}${name.slice(1)}`;
    out[`${prefix}Precision`] = round(precision);
    out[`${prefix}Recall`] = round(recall);
    out[`${prefix}F1`] = round(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));
  }
  out['fightClips'] = fights.length + calm.length;
}

if (parts.has('nofight')) {
  // Footage without any fight: every aggression event is a false alert (short samples: an indication per hour).
  const clips: Array<[string, number | undefined]> = [
    ['pedestrians/PETS09-S2L1_vtest_480x360.mp4', 40],
    ['pedestrians/TUD-Campus.mp4', undefined],
    ['abandoned_object/ABODA_video4.avi', undefined],
    ['crowd/plaza_overhead_crowd_unknown-source.avi', 5],
    ['traffic/bgslibrary_video02_highway_cyclist.avi', 5],
  ];
  let events = 0;
  let seconds = 0;
  for (const [clip, maxSeconds] of clips) {
    const result = await run(join(DATA, clip), { profile: 'extended', rules: ['aggression'], fps: 8, ...(maxSeconds === undefined ? {} : { maxSeconds }) });
    events += result.events.length;
    seconds += result.frames / result.fps;
    log(`nofight ${clip}: ${JSON.stringify(result.events.map((e) => [e.start, e.end]))}`);
  }
  out['aggressionFalseAlertsPerHour'] = round(events / (seconds / 3600));
  out['aggressionNoFightEvents'] = events;
  out['aggressionNoFightSeconds'] = round(seconds);
}

if (parts.has('aboda')) {
  // The bag is set down at about 14.5 s (data README, by eye).
  const result = await run(join(DATA, 'abandoned_object', 'ABODA_video4.avi'), { rules: ['abandoned_object'], fps: 5 });
  const first = result.events.find((e) => e.end >= 14.5);
  out['abandonedObjectDelayS'] = first === undefined ? null : round(first.start - 14.5);
  if (first === undefined) out['abandonedObjectNote'] = 'no abandoned-object event on ABODA video4';
  log(`aboda: ${JSON.stringify(result.events.map((e) => [e.start, e.end]))}`);
}

if (parts.has('fall')) {
  let found = 0;
  const clips = [1, 2, 3, 4, 5].map((n) => `thanhnc58_Fall0${n}.mp4`);
  for (const clip of clips) {
    const result = await run(join(DATA, 'fall', clip), { rules: ['person_on_ground'], fps: 6 });
    const duration = result.frames / result.fps;
    // One fall in the last third of each clip: an event that reaches it counts.
    const hit = result.events.some((e) => e.end >= (duration * 2) / 3 - 0.5);
    if (hit) found++;
    log(`fall ${clip}: ${JSON.stringify(result.events.map((e) => [e.start, e.end]))}`);
  }
  out['fallRecall'] = round(found / clips.length);
}

if (parts.has('traffic')) {
  const result = await run(join(DATA, 'traffic', 'bgslibrary_video02_highway_cyclist.avi'), { profile: 'legal', fps: 5 });
  const hours = result.frames / result.fps / 3600;
  out['falseAlertsPerHourTraffic'] = round(result.events.length / hours);
  out['trafficEvents'] = result.events.map((e) => e.rule);
}

const cpu = process.cpuUsage(cpuStart);
// Null when every clip was replayed from the cache (nothing detected: nothing to time).
out['framesPerSecondPerCore'] = analysedFrames === 0 ? null : round(analysedFrames / ((cpu.user + cpu.system) / 1e6));
const decode = (() => {
  const file = join(DATA, 'pedestrians', 'PETS09-S2L1_vtest_480x360.mp4');
  const started = Date.now();
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', 'scale=480:360', '-pix_fmt', 'rgb24', '-f', 'null', '-'], { encoding: 'utf8' });
  return r.status === 0 ? 795 / ((Date.now() - started) / 1000) : null;
})();
out['baselineDecodeFps'] = round(decode);
await detector.close();
process.stdout.write(`${JSON.stringify(out)}\n`);

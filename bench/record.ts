// `npm run bench -- record [--cameras 20] [--rounds 3] [--window 20] [--steps 50,100,200] [--no-ffmpeg]`: N simulated cameras recorded by Vigie (ingest + the
// recording capability's Recorder: fMP4 fragments, fdatasync, index) against one `ffmpeg -c copy` fMP4
// writer per camera, same run: CPU and RSS per camera, frames lost. The measuring machinery is the ingest
// bench's (bench/ingest.ts, one comparison, no stepping); this entry point fixes the recorder and reports the
// recording figures. Last line: JSON.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    cameras: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    window: { type: 'string', default: '20' },
    steps: { type: 'string', default: '' },
    'no-ffmpeg': { type: 'boolean', default: false },
  },
});
const args = [
  '--cameras',
  values.cameras ?? '20',
  '--rounds',
  values.rounds ?? '3',
  '--steps',
  values.steps ?? '',
  '--window',
  values.window ?? '20',
  '--recorder',
  'recorder',
  ...(values['no-ffmpeg'] === true ? ['--no-ffmpeg'] : []),
];
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ingest.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (chunk: Buffer) => {
  out += chunk.toString();
  // Relay the progress lines; the ingest bench's own JSON line is replaced by this bench's below.
  const complete = out.lastIndexOf('\n');
  if (complete < 0) return;
  for (const line of out.slice(0, complete).split('\n')) if (!line.startsWith('{')) process.stdout.write(`${line}\n`);
  const json = out
    .slice(0, complete)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .pop();
  out = `${json === undefined ? '' : `${json}\n`}${out.slice(complete + 1)}`;
});
const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
const json = out
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .pop();
if (code !== 0 || json === undefined) {
  process.stderr.write(`record bench: the ingest bench exited with ${code}\n`);
  process.exit(1);
}
const figures = JSON.parse(json) as {
  cameras: number;
  windowSeconds: number;
  vigie: { cpuPercentPerCamera: number; rssPerCameraMB: number; framesLost: number; hubDrops: number; receivedRatio: number };
  ffmpeg: { cpuPercentPerCamera: number; rssPerCameraMB: number } | null;
  cpuRatioVigieToFfmpeg: number | null;
  loadAverage: number;
  largestSustainedCameras: number;
  steps: ReadonlyArray<{ cameras: number; framesLost: number; hubDrops: number; receivedRatio: number; sustained: boolean }>;
};
process.stdout.write(
  `${JSON.stringify({ bench: 'record', cameras: figures.cameras, windowSeconds: figures.windowSeconds, vigie: figures.vigie, ffmpeg: figures.ffmpeg, cpuRatioVigieToFfmpeg: figures.cpuRatioVigieToFfmpeg, loadAverage: figures.loadAverage, largestSustainedCameras: figures.largestSustainedCameras, steps: figures.steps })}\n`,
);

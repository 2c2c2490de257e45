// `npm run bench -- export [--minutes 60] [--width 1280 --height 720] [--kbps 2000]`: one hour of one camera, recorded by
// Vigie into real fMP4 files, exported as a signed package (native remux into one MP4, SHA-256 of every
// file, Ed25519 signature, player, README). Target: ≤ 5 s. Baseline in the same run: `ffmpeg -c copy` of the
// same files concatenated into one MP4. Last line: JSON.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { buildPackage, loadSigningKey, verifyPackage } from '../src/export/index.js';
import { recordArchive, round } from './support/recorded-archive.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '60' }, width: { type: 'string', default: '1280' }, height: { type: 'string', default: '720' }, kbps: { type: 'string', default: '2000' } },
});
const minutes = Number(values.minutes);
const T0 = Date.UTC(2026, 10, 20, 8, 0, 0);
const log = (line: string): void => void process.stdout.write(`${line}\n`);

log(`export bench: recording ${minutes} min of one ${values.width}×${values.height} ${values.kbps} kbit/s camera with Vigie's recorder…`);
const archive = await recordArchive({
  cameraId: 'cam-x',
  seconds: minutes * 60,
  width: Number(values.width),
  height: Number(values.height),
  bitrateKbps: Number(values.kbps),
  segmentSeconds: 60,
  startMs: T0,
});
try {
  const rows = await archive.store.all();
  const archiveBytes = rows.reduce((sum, r) => sum + r.bytes, 0);
  log(`  ${rows.length} files, ${round(archiveBytes / 1e6)} MB, recorded in ${round(archive.recordSeconds)} s`);
  const key = loadSigningKey(archive.dir);
  const began = performance.now();
  const result = await buildPackage(
    join(archive.dir, 'exports', 'bench'),
    {
      exportId: 'bench',
      camera: { id: 'cam-x', name: 'Bench camera', communeName: 'Chartres', communeInsee: '28085', lat: 48.44, lon: 1.48 },
      fromMs: T0,
      toMs: T0 + minutes * 60_000,
      requester: 'bench',
      reason: 'benchmark',
      reference: 'BENCH',
      caption: false,
    },
    archive.store,
    key,
    '0.1.0',
  );
  const exportSeconds = (performance.now() - began) / 1000;
  log(`  Vigie export + SHA-256 + signature: ${round(exportSeconds, 2)} s for ${result.manifest.video.frames} frames (${round(result.bytes / 1e6)} MB)`);
  const verified = await verifyPackage(join(archive.dir, 'exports', 'bench'));
  const list = join(archive.dir, 'concat.txt');
  writeFileSync(list, rows.map((r) => `file '${join(r.volume, r.path)}'\n`).join(''));
  const ffBegan = performance.now();
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-y', join(archive.dir, 'ffmpeg-concat.mp4')]);
  const ffmpegSeconds = (performance.now() - ffBegan) / 1000;
  log(`  baseline ffmpeg -f concat -c copy (no hashing, no signature): ${round(ffmpegSeconds, 2)} s`);
  log(
    JSON.stringify({
      bench: 'export',
      minutes,
      resolution: `${values.width}x${values.height}`,
      kbps: Number(values.kbps),
      files: rows.length,
      archiveMB: round(archiveBytes / 1e6),
      exportSeconds: round(exportSeconds, 2),
      targetSeconds: 5,
      withinTarget: exportSeconds <= 5,
      frames: result.manifest.video.frames,
      verified: verified.ok,
      ffmpegConcatSeconds: round(ffmpegSeconds, 2),
    }),
  );
} finally {
  await archive.close();
}

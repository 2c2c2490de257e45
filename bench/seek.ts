// `npm run bench -- seek [--cameras 8] [--days 15] [--seeks 60]`: a synthetic 15-day archive of several
// cameras (one index row per one-minute file, as the recorder writes them; the files are hard links to one
// real minute recorded by Vigie, made for the instants sought), then random seeks timed from the request to
// the first fragment ready to send (index lookup, side index, read, parse, remux) — target ≤ 300 ms — and
// timeline queries (15 days × all cameras, 1 day × one camera). Last line: JSON.
import { linkSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { newId } from '../src/core/ids.js';
import { writeInitSegment, writeMediaFragment } from '../src/media/mp4/index.js';
import { indexFilePath, segmentRelativePath } from '../src/recording/index.js';
import { ArchiveReader, buildTimeline } from '../src/playback/index.js';
import { DAY_MS } from '../src/retention/index.js';
import { percentile, recordArchive, round } from './support/recorded-archive.js';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '8' }, days: { type: 'string', default: '15' }, seeks: { type: 'string', default: '60' } } });
const cameras = Number(values.cameras);
const days = Number(values.days);
const seeks = Number(values.seeks);
const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const FROM = NOW - days * DAY_MS;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

log(`seek bench: ${cameras} cameras × ${days} days of one-minute files; recording the template minute…`);
const archive = await recordArchive({ cameraId: 'template', seconds: 60, width: 1280, height: 720, bitrateKbps: 2000, segmentSeconds: 60, startMs: FROM });
try {
  const [template] = await archive.store.all();
  if (template === undefined) throw new Error('no template segment');
  const cameraIds = Array.from({ length: cameras }, (_, i) => `cam-${i + 1}`);
  const began = performance.now();
  let rows = 0;
  for (const cameraId of cameraIds) {
    let batch: Array<Parameters<typeof archive.store.insert>[0] & { id: string }> = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await archive.database.db
        .insertInto('recording_segments')
        .values(
          batch.map((b) => ({
            id: b.id,
            camera_id: b.cameraId,
            stream: 'main',
            volume: b.volume,
            path: b.path,
            start_ms: b.startMs,
            end_ms: b.startMs + MINUTE,
            bytes: template.bytes,
            status: 'complete' as const,
            codec: 'h264',
            width: 1280,
            height: 720,
            fragments: '',
          })),
        )
        .execute();
      rows += batch.length;
      batch = [];
    };
    for (let t = FROM; t < NOW; t += MINUTE) {
      // One minute in 500 missing: the camera was offline now and then.
      if ((t / MINUTE) % 500 === 7) continue;
      batch.push({ id: newId(), cameraId, stream: 'main', volume: archive.volume, path: segmentRelativePath(cameraId, 'main', t), codec: 'h264', width: 1280, height: 720, startMs: t });
      if (batch.length === 500) await flush();
    }
    await flush();
  }
  await archive.store.refreshAllHours();
  log(`  ${rows} index rows and their hourly coverage written in ${round((performance.now() - began) / 1000)} s`);

  const targets = Array.from({ length: seeks }, () => ({ cameraId: cameraIds[Math.floor(Math.random() * cameras)] ?? 'cam-1', atMs: FROM + Math.floor(Math.random() * (NOW - FROM - 2 * MINUTE)) }));
  for (const { cameraId, atMs } of targets) {
    // The minute sought, and the next one for instants that fall in a gap.
    for (const startMs of [Math.floor(atMs / MINUTE) * MINUTE, Math.floor(atMs / MINUTE) * MINUTE + MINUTE])
      for (const [from, to] of [
        [join(template.volume, template.path), join(archive.volume, segmentRelativePath(cameraId, 'main', startMs))],
        [indexFilePath(template.volume, template.path), indexFilePath(archive.volume, segmentRelativePath(cameraId, 'main', startMs))],
      ] as const) {
        mkdirSync(dirname(to), { recursive: true });
        if (!existsSync(to)) linkSync(from, to);
      }
  }
  const seekMs: number[] = [];
  let misses = 0;
  for (const { cameraId, atMs } of targets) {
    const t0 = performance.now();
    const first = await new ArchiveReader(archive.store, cameraId).fragments(atMs).next();
    if (first.done === true) {
      misses += 1;
      continue;
    }
    const fragment = first.value;
    writeInitSegment(fragment.track);
    writeMediaFragment(1, fragment.units, { timeOffset90k: -fragment.startMs * 90 });
    seekMs.push(performance.now() - t0);
  }
  log(
    `  first fragment after a random seek: p50 ${round(percentile(seekMs, 50))} ms, p95 ${round(percentile(seekMs, 95))} ms, max ${round(Math.max(...seekMs))} ms (${misses} instants in a gap, then the next footage)`,
  );

  const time = async (label: string, ids: readonly string[], from: number, to: number, times = 5): Promise<{ p50: number; max: number; intervals: number }> => {
    const samples: number[] = [];
    let intervals = 0;
    for (let i = 0; i < times; i += 1) {
      const t0 = performance.now();
      const result = await buildTimeline(archive.store, ids, from, to, NOW);
      samples.push(performance.now() - t0);
      intervals = result.reduce((sum, c) => sum + c.coverage.length + c.gaps.length, 0);
    }
    log(`  timeline ${label}: p50 ${round(percentile(samples, 50))} ms, max ${round(Math.max(...samples))} ms, ${intervals} intervals`);
    return { p50: round(percentile(samples, 50)), max: round(Math.max(...samples)), intervals };
  };
  const wide = await time(`${days} days × ${cameras} cameras`, cameraIds, FROM, NOW);
  const oneDay = await time('1 day × 1 camera', cameraIds.slice(0, 1), NOW - DAY_MS, NOW);
  const hour = await time('1 hour × all cameras', cameraIds, NOW - 3_600_000, NOW);
  log(
    JSON.stringify({
      bench: 'seek',
      cameras,
      days,
      indexRows: rows,
      seeks: seekMs.length,
      firstFragmentMs: { p50: round(percentile(seekMs, 50)), p95: round(percentile(seekMs, 95)), max: round(Math.max(...seekMs)) },
      targetMs: 300,
      withinTarget: percentile(seekMs, 95) <= 300,
      timelineMs: { wide, oneDay, hour },
    }),
  );
} finally {
  await archive.close();
}

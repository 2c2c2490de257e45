// `npm run bench -- requisition [--cameras 10] [--minutes 60]`: a judicial requisition end to end on a real Vigie
// (SQLite): N cameras with M minutes of recorded footage each (the first camera's written through the recorder at
// 320×240, the others given a file copy of it at the same instants: cloneFootage), then register (the
// investigator) → validate (room lead) → extract (one signed package per camera) → verify every package
// (hashes and Ed25519 signature). Baseline, same run: plain `ffmpeg -c copy` of the same footage (each exported
// video file copied once). Last line: JSON with totalS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyPackage } from '../src/export/index.js';
import { HOME_COMMUNE, startAccessWorld } from '../test/e2e/support/access-world.js';
import { cloneFootage, writeFootage } from '../test/e2e/support/footage.js';
import type { HttpSession } from '../test/e2e/support/http-session.js';

const { values } = parseArgs({ options: { cameras: { type: 'string', default: '10' }, minutes: { type: 'string', default: '60' } } });
const CAMERAS = Number(values.cameras);
const MINUTES = Number(values.minutes);
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const seconds = (fromMs: number): number => Math.round((performance.now() - fromMs) / 10) / 100;

log(`requisition bench: ${CAMERAS} cameras × ${MINUTES} min of footage, SQLite`);
const world = await startAccessWorld({ dialect: 'sqlite', recording: false });
try {
  const lead = world.sessions.get('room_lead') as HttpSession;
  const investigator = world.sessions.get('investigator') as HttpSession;
  const send = async (session: HttpSession, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    // Extraction answers once every package is built: minutes for hours of footage.
    const response = await session.send(method, path, body, 3_600_000);
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const startMs = Math.floor((Date.now() - (MINUTES + 2) * 60_000) / 1000) * 1000;
  const cameraIds: string[] = [];
  const writing = performance.now();
  for (let i = 0; i < CAMERAS; i += 1) {
    const camera = await send(world.admin, 'POST', '/api/cameras', { name: `Banc ${i + 1}`, commune: HOME_COMMUNE, lat: 48.45, lon: 1.48, mainUrl: `rtsp://127.0.0.1:9/bench${i}`, enabled: false });
    cameraIds.push(String(camera['id']));
    if (i === 0) await writeFootage(world.vigie, String(camera['id']), startMs, MINUTES * 60);
    else await cloneFootage(world.vigie, cameraIds[0] as string, String(camera['id']));
  }
  log(`footage written in ${seconds(writing)} s`);

  const t0 = performance.now();
  const registered = await send(investigator, 'POST', '/api/requisitions', {
    reference: 'BENCH 2026/000001',
    officer: { name: 'Banc', quality: 'OPJ', service: 'Banc', contact: 'banc' },
    legalBasis: 'art. 77-1-1 CPP',
    reason: 'mesure',
    cameraIds,
    fromMs: startMs,
    toMs: startMs + MINUTES * 60_000,
  });
  const id = String(registered['id']);
  await send(lead, 'POST', `/api/requisitions/${id}/validate`, { untilMs: Date.now() + 86_400_000 });
  const registerValidateS = seconds(t0);
  const t1 = performance.now();
  const extracted = await send(lead, 'POST', `/api/requisitions/${id}/extract`);
  const extractS = seconds(t1);
  const exportIds = extracted['exportIds'] as string[];
  const t2 = performance.now();
  const directories = exportIds.map((exportId) => join(world.vigie.config.dataDir, 'exports', exportId));
  for (const directory of directories) {
    const result = await verifyPackage(directory);
    if (!result.ok) throw new Error(`package ${directory} does not verify: ${JSON.stringify(result)}`);
  }
  const verifyS = seconds(t2);
  const totalS = seconds(t0);

  const scratch = mkdtempSync(join(tmpdir(), 'vigie-bench-copy-'));
  const t3 = performance.now();
  for (const [i, directory] of directories.entries()) {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', join(directory, 'video.mp4'), '-c', 'copy', join(scratch, `${i}.mp4`)]);
  }
  const baselineCopyS = seconds(t3);
  rmSync(scratch, { recursive: true, force: true });
  log(JSON.stringify({ cameras: CAMERAS, minutes: MINUTES, packages: exportIds.length, totalS, registerValidateS, extractS, verifyS, baselineCopyS }));
} finally {
  await world.close();
}

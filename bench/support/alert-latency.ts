// Alert latency measured on a real detection: a simulator camera plays people appearing after an empty picture
// (test/e2e/support/event-clip.ts), a real Vigie analyses it (intrusion, the whole picture), and a console's push
// channel (/api/alerts/events, the WebSocket the console uses) records when each alert arrives. An observer
// decoding the camera's stream notes when the people appear. Latency = push arrival − appearance, one sample per
// loop of the clip that raised or merged an alert. Baseline, same run: an event handed straight to the alert loop
// (vigie.alerts.service.ingest) → its push, the part of the latency that is not analytics.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startSimulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { makeEventClip, watchAppearances } from '../../test/e2e/support/event-clip.js';
import { HttpSession } from '../../test/e2e/support/http-session.js';
import { DEMO_PASSWORD } from '../../test/e2e/support/session.js';
import { startTestVigie } from '../../test/e2e/support/vigie-server.js';

export interface AlertLatency {
  /** Appearance → push, ms, one per loop that raised or merged an alert. */
  readonly samplesMs: number[];
  /** Event handed to the loop → push, ms. */
  readonly baselineMs: number[];
  readonly appearances: number;
  readonly pushes: number;
}

const percentile = (values: readonly number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
};
export const p50 = (values: readonly number[]): number | null => percentile(values, 50);

/** Runs for `seconds` after the first alert (the models load first); `dwellS` is the intrusion rule's dwell. */
export async function measureAlertLatency(options: { seconds: number; dwellS: number; log: (line: string) => void }): Promise<AlertLatency> {
  const scratch = mkdtempSync(join(tmpdir(), 'vigie-bench-latency-'));
  const sim = await startSimulator({ cameras: 1, port: 0, clips: [makeEventClip(scratch)], cacheDir: TEST_CACHE_DIR });
  const server = await startTestVigie({ cameras: 1 });
  const watch = watchAppearances((sim.urls[0] as { main: string }).main);
  let channel: WebSocket | undefined;
  try {
    const admin = new HttpSession(server.baseUrl, { username: 'admin', password: DEMO_PASSWORD });
    const operator = new HttpSession(server.baseUrl, { username: 'operateur', password: DEMO_PASSWORD });
    await admin.login();
    await operator.login();
    const now = Date.now();
    const camera = (await (
      await admin.send('POST', '/api/cameras', { name: 'Banc latence', commune: '28085', lat: 48.4465, lon: 1.4885, mainUrl: (sim.urls[0] as { main: string }).main, enabled: true })
    ).json()) as { id: string };
    const basis = (await (await admin.send('POST', '/api/analytics/legal-bases', { authority: 'Préfet', reference: 'Banc', validFrom: now - 3_600_000, validTo: now + 3_600_000 })).json()) as {
      id: string;
    };
    const activated = await admin.send('POST', '/api/analytics/activations', { cameraId: camera.id, rule: 'intrusion', legalBasisId: basis.id, thresholds: { dwellS: options.dwellS } });
    if (activated.status !== 201) throw new Error(`activation refused: ${await activated.text()}`);

    const pushes: { at: number; kind: string; id: string }[] = [];
    const socket = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/api/alerts/events`, { headers: { ...operator.authHeaders(), origin: server.baseUrl } });
    channel = socket;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { kind: string; alert?: { id: string } };
      if ((message.kind === 'created' || message.kind === 'merged') && message.alert !== undefined) pushes.push({ at: Date.now(), kind: message.kind, id: message.alert.id });
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

    // Baseline: events straight into the loop, while the server still loads its models (each closed at once).
    const baselineMs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const handed = Date.now();
      const before = pushes.length;
      const alert = await server.vigie.alerts.service.ingest({ cameraId: camera.id, rule: 'intrusion', confidence: 0.9, startMs: handed, endMs: handed, boxes: [] });
      for (let waited = 0; waited < 5000 && !pushes.slice(before).some((p) => p.id === alert?.id); waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
      const push = pushes.slice(before).find((p) => p.id === alert?.id);
      if (push !== undefined) baselineMs.push(push.at - handed);
      if (alert !== undefined) await operator.send('POST', `/api/alerts/${alert.id}/close`, { verdict: 'false_alarm', outcome: 'banc' });
    }
    const baselineIds = new Set(pushes.map((p) => p.id));
    const real = () => pushes.filter((p) => !baselineIds.has(p.id));

    const firstBy = Date.now() + 300_000;
    while (real().length === 0 && Date.now() < firstBy) await new Promise((resolve) => setTimeout(resolve, 200));
    if (real().length === 0) throw new Error('no alert within 5 minutes');
    options.log(`latency bench: first alert ${Math.round((Date.now() - now) / 1000)} s after the activation (models loaded); measuring ${options.seconds} s`);
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    const appearances = watch.appearances.filter((a) => a >= from);
    const samplesMs: number[] = [];
    for (const [i, appeared] of appearances.entries()) {
      const next = appearances[i + 1] ?? Infinity;
      const push = real().find((p) => p.at >= appeared && p.at < next);
      if (push !== undefined) samplesMs.push(push.at - appeared);
    }
    options.log(`latency bench: ${appearances.length} appearances, ${real().length} pushes, samples ${samplesMs.join(', ')} ms; baseline ${baselineMs.join(', ')} ms`);
    return { samplesMs, baselineMs, appearances: appearances.length, pushes: real().length };
  } finally {
    channel?.close();
    watch.close();
    await server.close();
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// The live runner on real ffmpeg and the real detector: a camera whose stream cannot be read shows as not
// running with a French reason and raises nothing, while another camera is analysed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { silentLogger } from '../core/logger.js';
import { Hub } from '../media/hub/index.js';
import { openTestDatabase } from '../../test/support/databases.js';
import { createAnalyticsRunner, createDetectionStore, type AnalyticsEvent } from './index.js';

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 300_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('analytics runner', () => {
  it('reports a broken camera in French, invents nothing, and keeps analysing the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-runner-'));
    const database = await openTestDatabase('sqlite');
    const clip = join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10', '-t', '4', '-pix_fmt', 'yuv420p', clip]);
    const hub = new Hub();
    const runner = createAnalyticsRunner({ logger: silentLogger, detections: createDetectionStore(database.db), pictures: hub, retryMs: 60_000 });
    const events: AnalyticsEvent[] = [];
    runner.onEvent((e) => events.push(e));
    try {
      assert.deepEqual(runner.status('nowhere'), { running: false, reason: "L'analyse n'est pas activée sur cette caméra." });
      runner.configure({ cameraId: 'broken', sourceUrl: join(dir, 'missing.mp4'), fps: 2, rules: [{ rule: 'intrusion' }] });
      runner.configure({ cameraId: 'good', sourceUrl: clip, fps: 2, rules: [{ rule: 'tampering' }] });
      // A live camera read from the hub whose stream never publishes a picture.
      runner.configure({ cameraId: 'silent', streamKey: 'silent/sub', fps: 2, rules: [{ rule: 'intrusion' }] });
      const reason = await waitFor(() => (runner.status('broken').reason?.includes('flux') ? runner.status('broken').reason : undefined), 'the broken camera reason');
      assert.match(reason, /L'analyse est arrêtée : le flux de la caméra ne répond pas/);
      await waitFor(() => (runner.status('good').running ? true : undefined), 'the good camera running');
      const silent = await waitFor(() => (runner.status('silent').reason?.includes('image') ? runner.status('silent').reason : undefined), 'the silent camera reason');
      assert.match(silent, /L'analyse est arrêtée : la caméra n'a envoyé aucune image en 15 s/);
      assert.equal(events.filter((e) => e.cameraId === 'silent').length, 0);
      assert.equal(events.filter((e) => e.cameraId === 'broken').length, 0);
      runner.configure('good', null);
      assert.equal(runner.status('good').running, false);
      assert.deepEqual(runner.cameras(), ['broken', 'silent']);
    } finally {
      await runner.close();
      hub.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// `vigie analyze` as an investigator runs it: a real clip of ../shared/data (skipped when absent), JSON lines and
// a MOTChallenge file; an unreadable file is a clear error and a non-zero exit.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runVigieCommand } from '../../test/support/vigie-cli.js';

const CLIP = fileURLToPath(new URL('../../../shared/data/pedestrians/TUD-Campus.mp4', import.meta.url));

describe('vigie analyze', () => {
  it('prints one JSON line per event and writes the person tracks in MOTChallenge format', async (t) => {
    if (!existsSync(CLIP)) return t.skip(`${CLIP} is absent (the shared footage is not in a fresh clone)`);
    const dir = mkdtempSync(join(tmpdir(), 'vigie-analyze-'));
    try {
      const mot = join(dir, 'tracks.txt');
      // 2 s of a street with pedestrians: intrusion on the whole picture (no zone) must fire.
      const run = await runVigieCommand(['analyze', CLIP, '--rules', 'intrusion', '--mot', mot, '--max-seconds', '2'], { timeoutMs: 600_000 });
      assert.equal(run.code, 0, run.stderr);
      const events = run.stdout
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(events.length >= 1, run.stdout);
      for (const e of events) {
        assert.equal(e['rule'], 'intrusion');
        assert.ok(typeof e['start'] === 'number' && typeof e['end'] === 'number' && (e['end'] as number) >= (e['start'] as number));
        assert.ok(typeof e['confidence'] === 'number');
        assert.ok(Array.isArray(e['boxes']) && (e['boxes'] as unknown[]).length > 0);
      }
      const lines = readFileSync(mot, 'utf8').trim().split('\n');
      assert.ok(lines.length > 20, `${lines.length} MOT lines`);
      for (const line of lines) {
        const f = line.split(',');
        assert.equal(f.length, 10, line);
        assert.deepEqual(f.slice(7), ['-1', '-1', '-1']);
        const [frame, , x, y, w, h] = f.map(Number) as [number, number, number, number, number, number];
        assert.ok(frame >= 1 && frame <= 50, line);
        assert.ok(w > 0 && h > 0 && x < 640 && y < 480, line);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unreadable file with a clear message and a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-analyze-'));
    try {
      const bad = join(dir, 'not-a-video.mp4');
      writeFileSync(bad, 'this is not a video');
      const run = await runVigieCommand(['analyze', bad]);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /n'est pas une vidéo lisible/);
      const unknown = await runVigieCommand(['analyze', bad, '--rules', 'faces']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown rule/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

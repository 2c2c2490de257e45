// The room lead's routes on a real Vigie, on both databases: held footage on the playback timeline (ranges and
// kind only, per camera, to whoever reads the timeline), a hold over footage that does not exist refused with
// nothing written, the server's export verification and the real `vigie export verify` (valid, then a tampered video
// found), the export in the auditor's journal and export register, held footage kept through a real purge run while
// the rest is destroyed and registered, and the storage report's figures against the segment index.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects } from '../support/databases.js';
import { runVigieCommand } from '../support/vigie-cli.js';
import { waitForValue } from './support/browser.js';
import { startAccessWorld, type AccessWorld } from './support/access-world.js';
import { writeFootage } from './support/footage.js';
import type { HttpSession } from './support/http-session.js';

const DAY_MS = 86_400_000;

interface TimelineAnswer {
  cameras: Array<{ cameraId: string; holds: Array<Record<string, unknown>> }>;
}

for (const dialect of await testDialects()) {
  describe(`room lead routes (${dialect})`, { timeout: 300_000 }, () => {
    let world: AccessWorld;
    let lead: HttpSession;
    let T: number;
    const json = async (session: HttpSession, method: string, path: string, body?: unknown, status = 200): Promise<unknown> => {
      const response = await session.send(method, path, body);
      assert.equal(response.status, status, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
      return response.json();
    };
    before(async () => {
      world = await startAccessWorld({ dialect, recording: false });
      lead = world.sessions.get('room_lead') as HttpSession;
      T = Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000;
      await writeFootage(world.vigie, world.cameras.in, T, 20);
      await writeFootage(world.vigie, world.cameras.out, T, 10);
    });
    after(async () => {
      await world?.close();
    });

    it('shows a hold on the timeline of its cameras only, without its reference, to every reader of the timeline', async () => {
      const hold = (await json(
        lead,
        'POST',
        '/api/retention/holds',
        { reference: 'PV 2026/00042', reason: 'vol', kind: 'judicial-requisition', cameraIds: [world.cameras.in], fromMs: T + 2000, toMs: T + 10_000, expiresAt: Date.now() + 30 * DAY_MS },
        201,
      )) as { id: string };
      const path = `/api/recordings/timeline?cameras=${world.cameras.in},${world.cameras.out}&from=${T}&to=${T + 60_000}`;
      const timeline = (await json(lead, 'GET', path)) as TimelineAnswer;
      const held = timeline.cameras.find((c) => c.cameraId === world.cameras.in)?.holds;
      assert.deepEqual(
        held?.map((h) => [h['fromMs'], h['toMs'], h['kind']]),
        [[T + 2000, T + 10_000, 'judicial-requisition']],
      );
      assert.deepEqual(timeline.cameras.find((c) => c.cameraId === world.cameras.out)?.holds, []);
      assert.ok(!JSON.stringify(timeline).includes('PV 2026/00042'), 'the reference stays on the holds page');
      // The visible range clips the band.
      const clipped = (await json(lead, 'GET', `/api/recordings/timeline?cameras=${world.cameras.in}&from=${T + 5000}&to=${T + 60_000}`)) as TimelineAnswer;
      assert.equal(clipped.cameras[0]?.holds[0]?.['fromMs'], T + 5000);
      // A mayor of Chartres reads his camera's held ranges; the Lucé camera is denied to him.
      const mayor = (await json(world.sessions.get('mayor') as HttpSession, 'GET', path)) as TimelineAnswer & { denied: string[] };
      assert.equal(mayor.cameras.find((c) => c.cameraId === world.cameras.in)?.holds.length, 1);
      assert.deepEqual(mayor.denied, [world.cameras.out]);
      // Released: gone from the timeline.
      await json(lead, 'POST', `/api/retention/holds/${hold.id}/release`);
      assert.deepEqual(((await json(lead, 'GET', path)) as TimelineAnswer).cameras.find((c) => c.cameraId === world.cameras.in)?.holds, []);
    });

    it('refuses a hold over footage that no longer exists, writing nothing', async () => {
      const before = ((await json(lead, 'GET', '/api/retention/holds?all=1')) as unknown[]).length;
      const response = await lead.send('POST', '/api/retention/holds', {
        reference: 'PV ancien',
        reason: 'trop tard',
        kind: 'judicial-requisition',
        cameraIds: [world.cameras.in],
        fromMs: Date.now() - 400 * DAY_MS,
        toMs: Date.now() - 399 * DAY_MS,
        expiresAt: Date.now() + DAY_MS,
      });
      assert.equal(response.status, 409);
      assert.equal(((await response.json()) as { error: string }).error, 'VIGIE_HOLD_NO_FOOTAGE');
      assert.equal(((await json(lead, 'GET', '/api/retention/holds?all=1')) as unknown[]).length, before);
    });

    it('verifies an export on the server, and finds a tampered video', async () => {
      const created = (await json(lead, 'POST', '/api/exports', { cameraId: world.cameras.in, from: T + 1000, to: T + 8000, reason: 'remise OPJ', reference: 'PV 2026/00042' }, 202)) as { id: string };
      await waitForValue(
        async () => ((await json(lead, 'GET', `/api/exports/${created.id}`)) as { status: string }).status,
        (s) => s !== 'running',
        'the export to finish',
        60_000,
      );
      const check = (await json(lead, 'GET', `/api/exports/${created.id}/verification`)) as {
        ok: boolean;
        problems: string[];
        manifest: { exportId: string; reference: string; files: Array<{ name: string }> };
      };
      assert.equal(check.ok, true, check.problems.join('; '));
      assert.equal(check.manifest.exportId, created.id);
      assert.equal(check.manifest.reference, 'PV 2026/00042');
      assert.ok(check.manifest.files.some((f) => f.name === 'video.mp4'));
      // The real command, on the package as stored, says the same.
      const packageDir = join(world.vigie.config.dataDir, 'exports', created.id);
      const cli = await runVigieCommand(['export', 'verify', packageDir]);
      assert.equal(cli.code, 0, cli.stdout + cli.stderr);
      // The auditor finds the request in the journal, with its reference, and the export in the export register.
      const auditor = world.sessions.get('auditor') as HttpSession;
      const journal = (await json(auditor, 'GET', '/api/journal?action=video.export&outcome=allowed')) as { entries: Array<{ details: Record<string, unknown> }> };
      assert.ok(journal.entries.some((e) => e.details['exportId'] === created.id && e.details['reference'] === 'PV 2026/00042'));
      const registers = (await json(auditor, 'GET', '/api/registers')) as { registers: Array<{ id: string; rows: string[][] }> };
      assert.ok(registers.registers.find((r) => r.id === 'exports')?.rows.some((row) => row.includes('PV 2026/00042')));
      appendFileSync(join(world.vigie.config.dataDir, 'exports', created.id, 'video.mp4'), Buffer.from([0]));
      const tampered = (await json(lead, 'GET', `/api/exports/${created.id}/verification`)) as { ok: boolean; problems: string[] };
      assert.equal(tampered.ok, false);
      assert.ok(tampered.problems.some((p) => p.startsWith('video.mp4')));
      // The mayor has no video.export: refused.
      assert.equal((await (world.sessions.get('mayor') as HttpSession).send('GET', `/api/exports/${created.id}/verification`)).status, 403);
    });

    it('keeps held footage through a real purge run, destroys and registers the rest, and refuses a hold on what is gone', async () => {
      // Footage three days old on both cameras, 30 s each; the first 15 s of the in-scope camera held.
      const old = Math.floor((Date.now() - 3 * DAY_MS) / 1000) * 1000;
      await writeFootage(world.vigie, world.cameras.in, old, 30);
      await writeFootage(world.vigie, world.cameras.out, old, 30);
      await json(
        lead,
        'POST',
        '/api/retention/holds',
        { reference: 'PV 2026/00099', reason: 'agression', kind: 'judicial-requisition', cameraIds: [world.cameras.in], fromMs: old, toMs: old + 15_000, expiresAt: Date.now() + 30 * DAY_MS },
        201,
      );
      // Two days of retention make the footage expired; the server's purge job (every minute) runs on its own.
      const since = Date.now();
      for (const camera of [world.cameras.in, world.cameras.out]) await json(world.admin, 'PATCH', `/api/cameras/${camera}`, { retentionDays: 2 });
      const destroyed = await waitForValue(
        async () => (await json(lead, 'GET', `/api/retention/destructions?from=${since - 60_000}`)) as Array<{ camera_id: string; from_ms: number; to_ms: number; cause: string }>,
        (rows) => [world.cameras.in, world.cameras.out].every((id) => rows.some((r) => r.camera_id === id && r.cause === 'retention' && r.from_ms < old + 60_000)),
        'the purge to destroy the unheld old footage',
        150_000,
      );
      const kept = await world.database.db
        .selectFrom('recording_segments')
        .select(['start_ms', 'end_ms'])
        .where('camera_id', '=', world.cameras.in)
        .where('start_ms', '<', old + 60_000)
        .where('end_ms', '>', old - 60_000)
        .orderBy('start_ms')
        .execute();
      assert.ok(kept.length > 0 && Number(kept[0]?.start_ms) <= old + 1000 && Number(kept.at(-1)?.end_ms) >= old + 15_000, `the held range is kept: ${JSON.stringify(kept)}`);
      assert.ok(
        kept.every((segment) => Number(segment.start_ms) < old + 15_000),
        'nothing outside the hold is kept',
      );
      const gone = await world.database.db
        .selectFrom('recording_segments')
        .select('id')
        .where('camera_id', '=', world.cameras.out)
        .where('start_ms', '<', old + 60_000)
        .execute();
      assert.deepEqual(gone, []);
      const line = destroyed.find((r) => r.camera_id === world.cameras.in && r.from_ms < old + 60_000);
      assert.ok(line !== undefined && line.from_ms >= old + 15_000 - 10_000, `only what follows the hold is destroyed: ${JSON.stringify(line)}`);
      // A hold on the destroyed footage of the other camera: refused, nothing written.
      const response = await lead.send('POST', '/api/retention/holds', {
        reference: 'PV tardif',
        reason: 'trop tard',
        kind: 'judicial-requisition',
        cameraIds: [world.cameras.out],
        fromMs: old,
        toMs: old + 20_000,
        expiresAt: Date.now() + DAY_MS,
      });
      assert.equal(response.status, 409);
      assert.equal(((await response.json()) as { error: string }).error, 'VIGIE_HOLD_NO_FOOTAGE');
      for (const camera of [world.cameras.in, world.cameras.out]) await json(world.admin, 'PATCH', `/api/cameras/${camera}`, { retentionDays: 15 });
    });

    it('reports storage per commune and camera as the segment index holds it', async () => {
      const report = (await json(lead, 'GET', '/api/storage')) as {
        volumes: Array<{ root: string; footageBytes: number; capacityBytes: number }>;
        communes: Array<{ insee: string; bytes: number; cameras: number }>;
        cameras: Array<{ cameraId: string; bytes: number; daysAvailable: number; retentionDays: number; underRetention: string | null }>;
      };
      const rows = await world.database.db.selectFrom('recording_segments').select(['camera_id', 'bytes', 'start_ms', 'status']).execute();
      const bytesOf = (id: string) => rows.filter((r) => r.camera_id === id && r.status !== 'missing').reduce((sum, r) => sum + Number(r.bytes), 0);
      const camera = (id: string) => report.cameras.find((c) => c.cameraId === id);
      assert.ok(bytesOf(world.cameras.in) > 0);
      assert.equal(camera(world.cameras.in)?.bytes, bytesOf(world.cameras.in));
      assert.equal(camera(world.cameras.out)?.bytes, bytesOf(world.cameras.out));
      const oldest = Math.min(...rows.filter((r) => r.camera_id === world.cameras.in).map((r) => Number(r.start_ms)));
      const days = camera(world.cameras.in)?.daysAvailable ?? 0;
      assert.ok(Math.abs(days - (Date.now() - oldest) / DAY_MS) < 0.01, `days available ${days}`);
      assert.equal(camera(world.cameras.in)?.underRetention, null);
      const perCommune = new Map(report.communes.map((c) => [c.insee, c.bytes]));
      const expected = new Map<string, number>();
      for (const c of report.cameras) {
        const insee = world.cameraCommunes.get(c.cameraId) ?? '?';
        expected.set(insee, (expected.get(insee) ?? 0) + bytesOf(c.cameraId));
      }
      assert.deepEqual(perCommune, expected);
      assert.equal(
        report.volumes.reduce((sum, v) => sum + v.footageBytes, 0),
        rows.filter((r) => r.status !== 'missing').reduce((sum, r) => sum + Number(r.bytes), 0),
      );
      assert.ok(report.volumes.every((v) => v.capacityBytes > 0));
      const notices = (await json(lead, 'GET', '/api/storage/notices')) as { retention: { retentionMet: boolean }; notices: unknown[] };
      assert.equal(notices.retention.retentionMet, true);
      assert.ok(Array.isArray(notices.notices));
      assert.equal((await (world.sessions.get('mayor') as HttpSession).send('GET', '/api/storage')).status, 403);
      assert.equal((await (world.sessions.get('auditor') as HttpSession).send('GET', '/api/storage')).status, 200);
    });
  });
}

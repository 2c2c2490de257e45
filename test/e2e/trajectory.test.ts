// Issue 14 on a real Vigie (three simulator cameras recording, both databases): following a vehicle across the
// territory. The room lead suggests the camera topology and edits two links on it (journaled); detections standing
// for the analytics' output are stored for the three cameras; within a validated requisition the investigator
// asks, from the first sighting, for the next cameras and their candidates, confirms them into a trajectory of
// three sightings; a step back in time, an empty trajectory and a camera outside the requisition are refused in
// French; another investigator is refused everything. The room lead exports the trajectory with its three clips
// as one signed package, which the real `vigie export verify` finds intact. In Chromium (SQLite), the trajectory
// page draws the chain on the map.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDetectionStore, type Detection } from '../../src/analytics/index.js';
import { testDialects } from '../support/databases.js';
import { runVigieCommand } from '../support/vigie-cli.js';
import { startAccessWorld, type Account, type AccessWorld } from './support/access-world.js';
import { launchBrowser, screenshot, waitForValue, type TestBrowser } from './support/browser.js';
import { waitForRecording } from './support/footage.js';
import type { HttpSession } from './support/http-session.js';
import { requisitionInForce } from './support/requisition.js';
import { loginThroughPage } from './support/session.js';

type Sighting = { seq: number; cameraId: string; atMs: number; detectionId?: number; className: string };
type TrajectoryView = { id: string; requisitionId: string; className: string; sightings: Sighting[]; exportId: string | null };
type Candidate = { detectionId: number; cameraId: string; atMs: number; box: { x: number; y: number; w: number; h: number }; trackId: number; className: string };
type ProposalView = {
  sighting: { className: string | null; exitMs: number };
  next: Array<{ cameraId: string; inScope: boolean; window: { fromMs: number; toMs: number } | null; candidates: Candidate[] }>;
};

/** A white car crossing a picture for 3 s (one detection every 500 ms), moving left to right. */
function car(cameraId: string, trackId: number, startMs: number, colours = ['blanc']): Detection[] {
  return Array.from({ length: 7 }, (_, i) => ({
    cameraId,
    atMs: startMs + i * 500,
    trackId,
    className: 'car',
    confidence: 0.7 + i / 100,
    x: 0.1 + i * 0.1,
    y: 0.5,
    w: 0.2,
    h: 0.15,
    colours,
    directionDeg: i === 0 ? null : 0,
    speed: 0.2,
  }));
}

const json = async <T>(response: Response, status: number, what: string): Promise<T> => {
  const text = await response.text();
  assert.equal(response.status, status, `${what}: ${text}`);
  return JSON.parse(text) as T;
};

for (const dialect of await testDialects()) {
  describe(`trajectory across three cameras (${dialect})`, { timeout: 600_000 }, () => {
    let world: AccessWorld;
    let browser: TestBrowser | undefined;
    let lead: HttpSession;
    let investigator: Account;
    let outsider: Account;
    let cams: string[] = [];
    let trajectoryId = '';
    let requisitionId = '';

    before(async () => {
      world = await startAccessWorld({ dialect });
      lead = world.sessions.get('room_lead') as HttpSession;
      investigator = await world.addAccount('investigator');
      outsider = await world.addAccount('investigator');
      const listed = await json<Array<{ id: string; name: string }>>(await world.admin.send('GET', '/api/cameras'), 200, 'cameras');
      cams = listed
        .filter((camera) => /^CAM-0[123] /.test(camera.name))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((camera) => camera.id);
      assert.equal(cams.length, 3, `three simulator cameras: ${JSON.stringify(listed.map((c) => c.name))}`);
    });
    after(async () => {
      await browser?.close();
      await world?.close();
    });

    it('chains a vehicle over three cameras within the requisition, refuses what lies outside, exports one signed package that verifies', async (t) => {
      // Footage on the three cameras, recorded by the server itself: from their first seconds, until each has
      // recorded 32 s past the start (a loaded machine may leave short gaps between segments: each clip of 8 s
      // still overlaps footage).
      const spans = await waitForRecording(world.admin, cams, Date.now() - 120_000, 4);
      const start = Math.max(...spans.map((span) => span.fromMs)) + 4000;
      await waitForValue(
        async () => {
          const response = await world.admin.send('GET', `/api/recordings/timeline?cameras=${cams.join(',')}&from=${start}&to=${Date.now()}`);
          return (await response.json()) as { cameras: Array<{ cameraId: string; coverage: Array<[number, number]> }> };
        },
        (timeline) => cams.every((id) => (timeline.cameras.find((c) => c.cameraId === id)?.coverage ?? []).some(([, to]) => to >= start + 32_000)),
        'footage 32 s past the start on the three cameras',
        90_000,
      );
      const [c1, c2, c3] = cams as [string, string, string];

      // The topology: suggested from positions and fields of view, then two links edited by the room lead.
      const suggested = await json<{ suggested: number }>(await lead.send('POST', '/api/topology/suggest'), 200, 'suggestion');
      assert.ok(suggested.suggested >= 3, `links suggested: ${suggested.suggested}`);
      const topology = await json<{ links: Array<{ fromCameraId: string; toCameraId: string }> }>(await lead.send('GET', '/api/topology'), 200, 'topology');
      assert.ok(
        topology.links.some((link) => link.fromCameraId === c1 && link.toCameraId === c2),
        'the two Chartres cameras are suggested neighbours',
      );
      const badLink = await json<{ error: string; message: string }>(
        await lead.send('PUT', `/api/topology/${c1}`, { links: [{ direction: 'NNE', toCameraId: c2, walkMinS: 0, walkMaxS: 10, driveMinS: 0, driveMaxS: 10 }] }),
        400,
        'a bad link',
      );
      assert.equal(badLink.error, 'VIGIE_TOPOLOGY_LINK_INVALID');
      assert.match(badLink.message, /huit points cardinaux/);
      const fast = { walkMinS: 5, walkMaxS: 40, driveMinS: 2, driveMaxS: 20 };
      await json(await lead.send('PUT', `/api/topology/${c1}`, { links: [{ direction: 'E', toCameraId: c2, ...fast }] }), 200, 'edit c1');
      await json(await lead.send('PUT', `/api/topology/${c2}`, { links: [{ direction: 'W', toCameraId: c3, ...fast }] }), 200, 'edit c2');
      const investigatorTopology = await json<{ cameras: unknown[] }>(await investigator.session.send('GET', '/api/topology'), 200, 'investigator topology');
      assert.equal(investigatorTopology.cameras.length, 0, 'before any requisition, an investigator sees no camera of the topology');

      // What analytics would have stored: the white car on each camera, ~10 s apart; decoys on camera 2.
      const store = createDetectionStore(world.database.db);
      await store.insertBatch([...car(c1, 101, start), ...car(c2, 202, start + 10_000), ...car(c2, 203, start + 11_000, ['rouge']), ...car(c3, 303, start + 20_000)]);

      // The requisition, registered by the room lead for the investigator and validated.
      const registered = await requisitionInForce(lead, {
        reference: 'BR-CHARTRES 2026/007001',
        reason: 'vol de véhicule',
        cameraIds: [c1, c2, c3],
        fromMs: start - 10_000,
        toMs: start + 35_000,
        investigatorId: investigator.id,
      });
      requisitionId = registered.id;
      const me = investigator.session;

      // From the first sighting: the next camera and its candidate (same class and colour, in its window).
      const first = { cameraId: c1, atMs: start + 1000, box: { x: 0.2, y: 0.5, w: 0.2, h: 0.15 } };
      const proposal = await json<ProposalView>(await me.send('POST', `/api/requisitions/${requisitionId}/trajectory-proposals`, { sighting: first }), 200, 'proposal from camera 1');
      assert.equal(proposal.sighting.className, 'car');
      const towards2 = proposal.next.find((next) => next.cameraId === c2);
      assert.ok(towards2?.inScope === true && towards2.window !== null, `camera 2 proposed in scope: ${JSON.stringify(proposal.next)}`);
      assert.deepEqual(
        towards2.candidates.map((c) => c.trackId),
        [202],
        'the white car, not the red one',
      );
      const created = await json<TrajectoryView>(await me.send('POST', `/api/requisitions/${requisitionId}/trajectories`, { title: 'Véhicule blanc', sightings: [first] }), 201, 'trajectory');
      trajectoryId = created.id;
      const second = towards2.candidates[0] as Candidate;
      await json(
        await me.send('POST', `/api/trajectories/${trajectoryId}/sightings`, { cameraId: second.cameraId, atMs: second.atMs, box: second.box, detectionId: second.detectionId }),
        200,
        'sighting 2',
      );
      const onward = await json<ProposalView>(
        await me.send('POST', `/api/requisitions/${requisitionId}/trajectory-proposals`, {
          sighting: { cameraId: second.cameraId, atMs: second.atMs, box: second.box, detectionId: second.detectionId },
        }),
        200,
        'proposal from camera 2',
      );
      const third = onward.next.find((next) => next.cameraId === c3)?.candidates[0];
      assert.ok(third !== undefined && third.trackId === 303, `camera 3's candidate: ${JSON.stringify(onward.next)}`);
      const chained = await json<TrajectoryView>(
        await me.send('POST', `/api/trajectories/${trajectoryId}/sightings`, { cameraId: third.cameraId, atMs: third.atMs, box: third.box, detectionId: third.detectionId }),
        200,
        'sighting 3',
      );
      assert.deepEqual(
        chained.sightings.map((s) => s.cameraId),
        [c1, c2, c3],
      );

      // Bad input, in French, nothing written.
      const backwards = await json<{ error: string; message: string }>(await me.send('POST', `/api/trajectories/${trajectoryId}/sightings`, first), 400, 'back in time');
      assert.equal(backwards.error, 'VIGIE_TRAJECTORY_BACKWARDS');
      assert.match(backwards.message, /ne remonte pas le temps/);
      const empty = await json<{ error: string; message: string }>(await me.send('POST', `/api/requisitions/${requisitionId}/trajectories`, { sightings: [] }), 400, 'empty');
      assert.equal(empty.error, 'VIGIE_TRAJECTORY_EMPTY');
      const outside = await json<{ error: string; message: string }>(
        await me.send('POST', `/api/trajectories/${trajectoryId}/sightings`, { cameraId: world.cameras.withCredentials, atMs: start + 30_000, box: first.box }),
        403,
        'camera outside the requisition',
      );
      assert.equal(outside.error, 'VIGIE_TRAJECTORY_OUT_OF_SCOPE');
      assert.match(outside.message, /n'est pas couverte par la réquisition/);
      const unknown = await json<{ error: string }>(
        await me.send('POST', `/api/trajectories/${trajectoryId}/sightings`, { ...first, cameraId: 'nulle-part', atMs: start + 30_000 }),
        404,
        'unknown camera',
      );
      assert.equal(unknown.error, 'VIGIE_TRAJECTORY_CAMERA_UNKNOWN');
      const late = await json<{ error: string; message: string }>(
        await me.send('POST', `/api/trajectories/${trajectoryId}/sightings`, { ...first, cameraId: c3, atMs: start + 3_600_000 }),
        403,
        'after the range',
      );
      assert.match(late.message, /hors de la période/);

      // Another investigator: not his requisition, not his trajectory.
      const other = outsider.session;
      assert.equal((await other.send('POST', `/api/requisitions/${requisitionId}/trajectory-proposals`, { sighting: first })).status, 404, 'proposal refused');
      assert.equal((await other.send('GET', `/api/trajectories/${trajectoryId}`)).status, 404, 'trajectory hidden');
      assert.equal((await other.send('POST', `/api/trajectories/${trajectoryId}/sightings`, { ...first, atMs: start + 30_000 })).status, 404, 'chaining refused');
      assert.equal((await other.send('GET', `/api/requisitions/${requisitionId}/trajectories`)).status, 404, 'list refused');
      assert.equal((await me.send('POST', `/api/trajectories/${trajectoryId}/export`)).status, 403, 'the export is the room lead’s');
      assert.equal((await json<TrajectoryView>(await me.send('GET', `/api/trajectories/${trajectoryId}`), 200, 'unchanged')).sightings.length, 3);
      const mine = await json<{ cameras: Array<{ id: string }> }>(await me.send('GET', '/api/topology'), 200, 'investigator topology');
      assert.deepEqual(mine.cameras.map((c) => c.id).sort(), [...cams].sort(), 'the investigator reads the topology of his requisition’s cameras');

      // One signed package with the three clips, checked by the real CLI.
      const exported = await json<TrajectoryView>(await lead.send('POST', `/api/trajectories/${trajectoryId}/export`), 200, 'export');
      assert.ok(exported.exportId !== null);
      const directory = join(world.vigie.config.dataDir, 'exports', exported.exportId);
      const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as {
        kind: string;
        reference: string;
        clips: Array<{ file: string; camera: { id: string } }>;
        files: Array<{ name: string }>;
      };
      assert.equal(manifest.kind, 'clips');
      assert.equal(manifest.reference, 'BR-CHARTRES 2026/007001');
      assert.deepEqual(
        manifest.clips.map((clip) => clip.camera.id),
        [c1, c2, c3],
      );
      assert.ok(manifest.files.some((file) => file.name === 'trajectory.json'));
      const document = JSON.parse(readFileSync(join(directory, 'trajectory.json'), 'utf8')) as { sightings: Array<{ cameraId: string }> };
      assert.equal(document.sightings.length, 3);
      const verified = await runVigieCommand(['export', 'verify', directory]);
      assert.equal(verified.code, 0, `vigie export verify: ${verified.stdout}${verified.stderr}`);
      assert.match(verified.stdout, /package intact/);

      const journal = await json<{ entries: Array<{ action: string; actor?: { username?: string } }> }>(await world.admin.send('GET', '/api/journal?limit=1000'), 200, 'journal');
      const actions = new Set(journal.entries.map((entry) => entry.action));
      for (const action of ['topology.suggest', 'topology.edit', 'trajectory.propose', 'trajectory.create', 'trajectory.sighting-add', 'trajectory.export', 'export.completed']) {
        assert.ok(actions.has(action), `journaled: ${action}`);
      }
      t.diagnostic(`trajectory ${trajectoryId}: 3 sightings; package ${exported.exportId} verified (${manifest.files.length} files)`);
    });

    if (dialect === 'sqlite') {
      it('draws the trajectory on the map of its page (Chromium)', async (t) => {
        assert.ok(trajectoryId !== '', 'the trajectory of the first test');
        browser = await launchBrowser();
        const page = await browser.newPage();
        await page.setViewportSize({ width: 1400, height: 900 });
        await loginThroughPage(page, world.baseUrl, investigator.username, investigator.password);
        await page.goto(`${world.baseUrl}/requisitions`);
        const card = page.getByRole('article', { name: 'Réquisition BR-CHARTRES 2026/007001' });
        await card.getByRole('link', { name: 'Suivre un véhicule ou une personne (trajectoire)' }).click();
        await page.getByRole('heading', { name: /Trajectoires — réquisition BR-CHARTRES 2026\/007001/ }).waitFor();
        const chain = page.getByTestId('trajectory-chain');
        await chain.waitFor();
        assert.equal(await chain.getAttribute('data-sightings'), '3');
        const drawn = page.locator('.map-line.trajectory');
        await drawn.waitFor();
        assert.equal(await drawn.getAttribute('data-points'), '3', 'the chain of three sightings is drawn on the map');
        assert.equal(await page.locator('.map-line-step').count(), 3, 'numbered steps');
        const steps = page.getByRole('list', { name: 'Observations de la trajectoire' }).getByRole('listitem');
        assert.equal(await steps.count(), 3);
        await page.locator('.trajectory-chain').getByText('3 observations', { exact: false }).waitFor();
        t.diagnostic(`screenshot: ${await screenshot(page, 'trajectory-map')}`);

        // The room lead's « Topologie »: a camera picked on the map shows the neighbours he edited, editable.
        const lead = world.credentials.get('room_lead') as { username: string; password: string };
        await loginThroughPage(page, world.baseUrl, lead.username, lead.password);
        await page.goto(`${world.baseUrl}/requisitions`);
        await page.getByRole('link', { name: /^Topologie des caméras/ }).click();
        await page.getByRole('heading', { name: 'Topologie des caméras' }).waitFor();
        await page.locator('.map-line.link').first().waitFor();
        await page.getByLabel('Caméra (ou clic sur la carte)').selectOption(cams[1] as string);
        const neighbours = page.getByRole('region', { name: /^Voisines de CAM-02/ });
        await neighbours.waitFor();
        assert.equal(await neighbours.getByRole('combobox', { name: 'Caméra suivante' }).count(), 1, 'the one neighbour the room lead set');
        assert.equal(await neighbours.getByLabel('En véhicule, maximum (s)').inputValue(), '20');
        await neighbours.getByLabel('À pied, minimum (s)').fill('50');
        await neighbours.getByRole('button', { name: 'Enregistrer' }).click();
        await neighbours.getByRole('alert').waitFor();
        assert.match(await neighbours.getByRole('alert').innerText(), /temps de trajet à pied/, 'a minimum above the maximum is refused in French');
        t.diagnostic(`screenshot: ${await screenshot(page, 'trajectory-topology')}`);
      });
    }
  });
}

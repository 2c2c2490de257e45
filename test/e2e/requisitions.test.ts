// Issue 14 on a real Vigie (simulator cameras recording, both databases): a judicial requisition goes from
// registration (hold placed at once) to validation, extraction (signed packages carrying the reference, checked
// with `vigie export verify`), handover and acknowledgement (printable receipt with the hashes), and closure
// (hold released). In between, the investigator sees exactly his scope — the camera and footage granted, through
// the API, snapshots and the WebSocket playback; not the other camera, not other footage, not live, no exports —
// and, on the server's clock, his access ends at the end date without a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../src/core/clock.js';
import { testDialects } from '../support/databases.js';
import { runVigieCommand } from '../support/vigie-cli.js';
import { startAccessWorld, type AccessWorld } from './support/access-world.js';
import { blurProblem, measureBlur } from './support/blur-check.js';
import { waitForRecording } from './support/footage.js';
import type { HttpSession } from './support/http-session.js';
import { registerRequisition, requisitionBody, validateRequisition } from './support/requisition.js';
import { probeWebSocket } from './support/stream-probes.js';

/** The system's time moved by hand: the server's sessions and streams run on, the end date comes sooner. */
class OffsetClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

type ExtendedView = RequisitionView & { extensions: Array<{ state: string; holdId: string | null }> };

type RequisitionView = {
  id: string;
  reference: string;
  state: string;
  holdId: string;
  cameraIds: string[];
  exportIds: string[];
  scopeUntilMs: number | null;
  handover: { ackAt: number | null } | null;
};

for (const dialect of await testDialects()) {
  describe(`requisitions, registration to handover (${dialect})`, { timeout: 600_000 }, () => {
    const clock = new OffsetClock();
    let world: AccessWorld;
    let lead: HttpSession;
    let investigator: HttpSession;
    let span = { fromMs: 0, toMs: 0 };

    before(async () => {
      world = await startAccessWorld({ dialect, clock });
      lead = world.sessions.get('room_lead') as HttpSession;
      investigator = world.sessions.get('investigator') as HttpSession;
      const [recent] = await waitForRecording(world.admin, [world.cameras.in, world.cameras.out], Date.now() - 120_000, 8);
      assert.ok(recent !== undefined);
      span = { fromMs: recent.fromMs + 500, toMs: recent.fromMs + 4500 };
    });
    after(async () => {
      await world?.close();
    });

    const json = async <T>(response: Response, status: number, what: string): Promise<T> => {
      const text = await response.text();
      assert.equal(response.status, status, `${what}: ${text}`);
      return JSON.parse(text) as T;
    };
    const snapshot = (camera: string, at: number) => investigator.send('GET', `/api/cameras/${camera}/snapshot?at=${at}`);
    const ws = (path: string) => probeWebSocket(`${world.wsUrl}${path}`, { ...investigator.authHeaders(), origin: world.baseUrl }, 1000);

    it('registers, validates, limits the investigator to his scope, extracts, hands over, ends at the end date, closes', async (t) => {
      const body = requisitionBody({ cameraIds: [world.cameras.in], ...span });
      // Bad input: a malformed reference, a range with no footage left — refused in French, nothing held.
      const malformed = await json<{ error: string; message: string }>(await investigator.send('POST', '/api/requisitions', { ...body, reference: 'PV 42' }), 400, 'malformed reference');
      assert.equal(malformed.error, 'VIGIE_REQUISITION_REFERENCE_INVALID');
      assert.match(malformed.message, /La référence de procédure doit avoir la forme AAAA\/NNNNN/);
      const destroyed = await json<{ error: string }>(
        await investigator.send('POST', '/api/requisitions', { ...body, fromMs: span.fromMs - 2 * 86_400_000, toMs: span.fromMs - 86_400_000 }),
        400,
        'no footage',
      );
      assert.equal(destroyed.error, 'VIGIE_REQUISITION_FOOTAGE_DESTROYED');

      const registered = await json<RequisitionView>(await investigator.send('POST', '/api/requisitions', body), 201, 'registration');
      assert.equal(registered.state, 'registered');
      const holds = await json<Array<{ id: string; kind: string }>>(await lead.send('GET', '/api/retention/holds'), 200, 'holds');
      assert.equal(holds.find((hold) => hold.id === registered.holdId)?.kind, 'judicial-requisition', 'a hold at once');
      assert.equal((await snapshot(world.cameras.in, span.fromMs + 1000)).status, 403, 'nothing before validation');
      const room = await json<{ error: string }>(await lead.send('POST', `/api/requisitions/${registered.id}/validate`, { untilMs: clock.now() - 1000 }), 400, 'end date past');
      assert.equal(room.error, 'VIGIE_REQUISITION_SCOPE_EXPIRED');

      const untilMs = clock.now() + 10 * 60_000;
      const validated = await json<RequisitionView>(await lead.send('POST', `/api/requisitions/${registered.id}/validate`, { untilMs, note: 'vu' }), 200, 'validation');
      assert.equal(validated.state, 'validated');

      // Exactly his scope.
      assert.equal((await investigator.send('GET', `/api/cameras/${world.cameras.in}`)).status, 200, 'his camera');
      assert.equal((await investigator.send('GET', `/api/cameras/${world.cameras.out}`)).status, 403, 'another camera');
      assert.equal((await investigator.send('GET', '/api/cameras')).status, 403, 'no camera list');
      const still = await snapshot(world.cameras.in, span.fromMs + 1000);
      assert.equal(still.status, 200, `a still in his range: ${still.status}`);
      assert.equal(still.headers.get('content-type'), 'image/jpeg');
      assert.equal((await snapshot(world.cameras.in, span.toMs + 1000)).status, 403, 'a still after his range');
      assert.equal((await snapshot(world.cameras.in, span.fromMs - 1000)).status, 403, 'a still before his range');
      assert.equal((await snapshot(world.cameras.out, span.fromMs + 1000)).status, 403, 'a still of another camera');
      assert.equal((await ws(`/api/cameras/${world.cameras.in}/playback?from=${span.fromMs + 500}`)).status, 101, 'WebSocket playback in his range');
      assert.equal((await ws(`/api/cameras/${world.cameras.in}/playback?from=${span.toMs + 2000}`)).status, 403, 'WebSocket playback after his range');
      assert.equal((await ws(`/api/cameras/${world.cameras.out}/playback?from=${span.fromMs + 500}`)).status, 403, 'WebSocket playback of another camera');
      // Opened inside his range and left to play on (fast): it stops at the range's end, not at the footage's.
      const played = await probeWebSocket(`${world.wsUrl}/api/cameras/${world.cameras.in}/playback?from=${span.toMs - 1500}&speed=16`, { ...investigator.authHeaders(), origin: world.baseUrl }, 5000);
      assert.equal(played.status, 101);
      assert.ok(
        played.texts.some((text) => text.includes('playback refused')),
        `playing on past the range is refused: ${played.texts.filter((text) => !text.includes('"position"')).join(' | ')}`,
      );
      assert.equal((await ws(`/api/cameras/${world.cameras.in}/live`)).status, 403, 'no live: the requisition does not include it');
      const exportTry = await investigator.send('POST', '/api/exports', { cameraId: world.cameras.in, from: span.fromMs, to: span.toMs, reason: 'x', reference: 'x', caption: false });
      assert.equal(exportTry.status, 403, 'exports are made by the room lead');
      const listed = await json<RequisitionView[]>(await investigator.send('GET', '/api/requisitions'), 200, 'his requisitions');
      assert.deepEqual(
        listed.map((r) => r.id),
        [registered.id],
      );

      // A bookmark set in the viewing room, with its note: it travels in the package and on the receipt.
      const markedAt = span.fromMs + 2000;
      await json(
        await investigator.send('POST', `/api/requisitions/${registered.id}/bookmarks`, { cameraId: world.cameras.in, at: markedAt, note: 'Individu en blouson rouge <entre> côté gare' }),
        201,
        'bookmark',
      );

      // Extraction: one signed package per camera, the reference and the bookmarks in its manifest, intact per `vigie export verify`.
      const extracted = await json<RequisitionView>(await lead.send('POST', `/api/requisitions/${registered.id}/extract`), 200, 'extraction');
      assert.equal(extracted.state, 'extracted');
      assert.equal(extracted.exportIds.length, 1);
      const directory = join(world.vigie.config.dataDir, 'exports', extracted.exportIds[0] as string);
      const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as {
        reference: string;
        camera: { id: string };
        bookmarks?: Array<{ atUtc: string; note: string; by: string }>;
      };
      assert.equal(manifest.reference, 'BR-CHARTRES 2026/004512');
      assert.equal(manifest.camera.id, world.cameras.in);
      assert.deepEqual(
        manifest.bookmarks?.map((bookmark) => [bookmark.atUtc, bookmark.note, bookmark.by]),
        [[new Date(markedAt).toISOString(), 'Individu en blouson rouge <entre> côté gare', world.credentials.get('investigator')?.username]],
        'the bookmark and its note in the signed manifest',
      );
      const verified = await runVigieCommand(['export', 'verify', directory]);
      assert.equal(verified.code, 0, `vigie export verify: ${verified.stdout}${verified.stderr}`);

      // Handover: the receipt lists the hashes; closing waits for the investigator's acknowledgement.
      const handed = await json<RequisitionView>(await lead.send('POST', `/api/requisitions/${registered.id}/handover`, { receivedBy: 'Capitaine Durand' }), 200, 'handover');
      assert.equal(handed.state, 'handed-over');
      assert.equal((await lead.send('POST', `/api/requisitions/${registered.id}/close`)).status, 409, 'no closure before the acknowledgement');
      const acknowledged = await json<RequisitionView>(await investigator.send('POST', `/api/requisitions/${registered.id}/acknowledge`), 200, 'acknowledgement');
      assert.notEqual(acknowledged.handover?.ackAt ?? null, null);
      const receipt = await investigator.send('GET', `/api/requisitions/${registered.id}/receipt.html`);
      const html = await receipt.text();
      assert.equal(receipt.status, 200, html);
      assert.match(html, /BR-CHARTRES 2026\/004512/);
      assert.match(html, /Remis par <strong>/);
      assert.match(html, /Réception acquittée/);
      const sha = /manifest\.json ([0-9a-f]{64})/.exec(html)?.[1];
      assert.ok(sha !== undefined, 'the manifest hash on the receipt');
      assert.match(html, /Signets de l'enquête/);
      assert.match(html, /Individu en blouson rouge &lt;entre&gt; côté gare/, 'the bookmark note on the receipt, escaped');

      // The end date passes on the server's clock: the same still is refused, without a restart.
      clock.offsetMs += 10 * 60_000 + 1000;
      assert.equal((await snapshot(world.cameras.in, span.fromMs + 1000)).status, 403, 'after the end date');
      assert.equal((await ws(`/api/cameras/${world.cameras.in}/playback?from=${span.fromMs + 500}`)).status, 403, 'WebSocket after the end date');
      const late = await json<{ error: string; message: string }>(
        await investigator.send('POST', `/api/requisitions/${registered.id}/extension`, { untilMs: clock.now() + 86_400_000, reason: 'suite' }),
        409,
        'extension after the end date',
      );
      assert.equal(late.error, 'VIGIE_REQUISITION_SCOPE_EXPIRED');

      const closed = await json<RequisitionView>(await lead.send('POST', `/api/requisitions/${registered.id}/close`), 200, 'closure');
      assert.equal(closed.state, 'closed');
      const after = await json<Array<{ id: string }>>(await lead.send('GET', '/api/retention/holds'), 200, 'holds after');
      assert.equal(
        after.some((hold) => hold.id === registered.holdId),
        false,
        'the hold is released',
      );
      const journal = await json<{ entries: Array<{ action: string }> }>(await world.admin.send('GET', '/api/journal?limit=500'), 200, 'journal');
      const actions = new Set(journal.entries.map((entry) => entry.action));
      for (const action of ['requisition.register', 'requisition.validate', 'requisition.extract', 'requisition.handover', 'requisition.acknowledge', 'requisition.close', 'video.snapshot']) {
        assert.ok(actions.has(action), `journaled: ${action}`);
      }
      t.diagnostic(`requisition ${registered.id} closed; package ${extracted.exportIds[0]} verified; manifest ${sha}`);
    });

    it('extends the scope to another camera only once the room lead grants it; the extra footage is held from the request', async () => {
      const registered = await registerRequisition(investigator, { reference: 'BR-CHARTRES 2026/004513', cameraIds: [world.cameras.in], ...span });
      await validateRequisition(lead, registered.id, clock.now() + 60 * 60_000);
      const extend = (body: Record<string, unknown>) => investigator.send('POST', `/api/requisitions/${registered.id}/extension`, body);
      const otherStill = () => snapshot(world.cameras.out, span.fromMs + 1000);
      assert.equal((await otherStill()).status, 403, 'not his camera yet');

      // Bad input: nothing beyond the scope, a narrower range — French refusals, nothing asked.
      const empty = await json<{ error: string; message: string }>(await extend({ cameraIds: [world.cameras.in], reason: 'rien de plus' }), 400, 'empty extension');
      assert.equal(empty.error, 'VIGIE_REQUISITION_EXTENSION_EMPTY');
      assert.match(empty.message, /ne demande rien de plus que la réquisition/);
      const narrower = await json<{ error: string; message: string }>(await extend({ fromMs: span.fromMs + 1000, reason: 'plus court' }), 400, 'narrower range');
      assert.equal(narrower.error, 'VIGIE_REQUISITION_RANGE_INVALID');

      // Asked: the other camera's footage is held at once; the investigator is still refused it.
      const asked = await json<ExtendedView>(await extend({ cameraIds: [world.cameras.out], reason: 'le suspect part vers Lucé' }), 200, 'extension request');
      const pending = asked.extensions[0];
      assert.ok(pending !== undefined && pending.state === 'pending' && pending.holdId !== null, JSON.stringify(asked.extensions));
      assert.deepEqual(asked.cameraIds, [world.cameras.in], 'the scope is unchanged until the decision');
      const holds = await json<Array<{ id: string; kind: string; cameraIds: string[]; fromMs: number; toMs: number }>>(await lead.send('GET', '/api/retention/holds'), 200, 'holds');
      const held = holds.find((hold) => hold.id === pending.holdId);
      assert.deepEqual(
        [held?.kind, [...(held?.cameraIds ?? [])].sort(), held?.fromMs, held?.toMs],
        ['judicial-requisition', [world.cameras.in, world.cameras.out].sort(), span.fromMs, span.toMs],
        'the extension holds both cameras over the range',
      );
      assert.equal((await otherStill()).status, 403, 'still refused before the decision');
      assert.equal((await ws(`/api/cameras/${world.cameras.out}/playback?from=${span.fromMs + 500}`)).status, 403, 'no playback of it before the decision');
      assert.equal((await investigator.send('POST', `/api/requisitions/${registered.id}/extension/decision`, { accept: true })).status, 403, 'he does not grant his own');
      const noReason = await json<{ error: string }>(await lead.send('POST', `/api/requisitions/${registered.id}/extension/decision`, { accept: false }), 400, 'refusal without reason');
      assert.equal(noReason.error, 'VIGIE_REQUISITION_FIELD_INVALID');

      // Granted: at once, that camera over that range — and nothing more.
      const granted = await json<ExtendedView>(await lead.send('POST', `/api/requisitions/${registered.id}/extension/decision`, { accept: true, note: 'conforme' }), 200, 'grant');
      assert.deepEqual([...granted.cameraIds].sort(), [world.cameras.in, world.cameras.out].sort());
      assert.equal(granted.extensions[0]?.state, 'granted');
      const still = await otherStill();
      assert.equal(still.status, 200, `a still of the added camera in the range: ${still.status}`);
      assert.equal(still.headers.get('content-type'), 'image/jpeg');
      assert.equal((await ws(`/api/cameras/${world.cameras.out}/playback?from=${span.fromMs + 500}`)).status, 101, 'its playback in the range');
      assert.equal((await snapshot(world.cameras.out, span.toMs + 1000)).status, 403, 'not after the range');

      // The register and the journal say so; closure releases both holds.
      const register = await lead.send('GET', '/api/registers/requisitions/csv');
      const csv = await register.text();
      assert.equal(register.status, 200, csv);
      assert.match(csv, /le suspect part vers Lucé — accordée par/);
      const journal = await json<{ entries: Array<{ action: string; details: Record<string, unknown> }> }>(await world.admin.send('GET', '/api/journal?limit=500'), 200, 'journal');
      const request = journal.entries.find((entry) => entry.action === 'requisition.extension-request' && entry.details['reference'] === 'BR-CHARTRES 2026/004513');
      assert.deepEqual(request?.details['addedCameraIds'], [world.cameras.out]);
      assert.ok(
        journal.entries.some((entry) => entry.action === 'requisition.extension-grant' && entry.details['reference'] === 'BR-CHARTRES 2026/004513'),
        'the grant is journaled',
      );
      await json(await lead.send('POST', `/api/requisitions/${registered.id}/close`), 200, 'closure');
      const left = await json<Array<{ id: string }>>(await lead.send('GET', '/api/retention/holds'), 200, 'holds after');
      assert.deepEqual(
        left.filter((hold) => hold.id === registered.holdId || hold.id === pending.holdId),
        [],
        'both holds released at closure',
      );
    });

    it('answers an access request with an export blurred everywhere but the requester’s box, then releases its hold', async () => {
      const created = await json<{ id: string; holdId: string; deadlineMs: number; state: string }>(
        await lead.send('POST', '/api/access-requests', {
          requesterName: 'Mme Martin',
          requesterContact: 'martin@example.fr',
          description: 'manteau rouge, devant la gare',
          cameraIds: [world.cameras.in],
          fromMs: span.fromMs,
          toMs: span.toMs,
        }),
        201,
        'access request',
      );
      assert.ok(created.deadlineMs >= clock.now() + 29 * 86_400_000, 'one month to answer');
      const held = await json<Array<{ id: string; kind: string }>>(await lead.send('GET', '/api/retention/holds'), 200, 'holds');
      assert.equal(held.find((hold) => hold.id === created.holdId)?.kind, 'access-request', 'held at once');
      const box = { cameraId: world.cameras.in, x: 0.25, y: 0.25, w: 0.5, h: 0.5 };
      const answered = await json<{ state: string; exportSha256: string }>(await lead.send('POST', `/api/access-requests/${created.id}/answer`, { answer: 'export', box }), 200, 'export answer');
      assert.equal(answered.state, 'answered');
      const video = await lead.send('GET', `/api/access-requests/${created.id}/video.mp4`);
      assert.equal(video.status, 200);
      const dir = mkdtempSync(join(tmpdir(), 'vigie-access-'));
      writeFileSync(join(dir, 'blurred.mp4'), Buffer.from(await video.arrayBuffer()));
      const still = await lead.send('GET', `/api/cameras/${world.cameras.in}/snapshot?at=${span.fromMs + 1000}`);
      assert.equal(still.status, 200);
      writeFileSync(join(dir, 'sharp.jpg'), Buffer.from(await still.arrayBuffer()));
      assert.equal(blurProblem(measureBlur(join(dir, 'sharp.jpg')), measureBlur(join(dir, 'blurred.mp4'))), null);
      await json(await lead.send('POST', `/api/access-requests/${created.id}/close`), 200, 'close');
      const after = await json<Array<{ id: string }>>(await lead.send('GET', '/api/retention/holds'), 200, 'holds after');
      assert.equal(
        after.some((hold) => hold.id === created.holdId),
        false,
        'released at closure',
      );
    });
  });
}

// Citizens' access requests (RGPD art. 15): a person asks to see footage of himself. Registering places a hold
// at once and sets the one-month deadline; the room lead answers by a supervised viewing or by an export in which
// everything but the requester's chosen box is blurred (no person detections are stored yet, so the whole
// picture outside the box is blurred — third parties included — with ffmpeg's boxblur); closing releases the hold.
// People's actions are journaled by their HTTP request.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { ExportService } from '../export/index.js';
import type { JournalEntryInput } from '../journal/index.js';
import type { HoldStore } from '../retention/index.js';
import { DAY_MS } from '../retention/index.js';
import { ACCESS_REQUEST_DEADLINE_DAYS, requireText, type AccessRequest, type Box } from './model.js';
import type { InvestigationActor, InvestigationCameras } from './requisitions.js';
import type { AccessRequestTable } from './tables.js';

const run = promisify(execFile);
type JournalActor = JournalEntryInput['actor'];

export interface AccessRequestDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly holds: HoldStore;
  readonly exports: Pick<ExportService, 'create' | 'get' | 'directory'>;
  readonly cameras: InvestigationCameras;
  readonly dataDir: string;
}

export interface NewAccessRequest {
  readonly requesterName: unknown;
  readonly requesterContact: unknown;
  readonly description: unknown;
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
}

/** How much blur: strong enough that a face or a plate cannot be read at the centre's resolutions. */
const BLUR = 'boxblur=luma_radius=24:luma_power=3:chroma_radius=12:chroma_power=3';

function toAccessRequest(row: Selectable<AccessRequestTable>): AccessRequest {
  return {
    id: row.id,
    requesterName: row.requester_name,
    requesterContact: row.requester_contact,
    description: row.description,
    cameraIds: JSON.parse(row.camera_ids) as string[],
    fromMs: Number(row.from_ms),
    toMs: Number(row.to_ms),
    deadlineMs: Number(row.deadline_ms),
    state: row.state,
    holdId: row.hold_id,
    registeredBy: row.registered_by,
    registeredAt: Number(row.registered_at),
    answer: row.answer === 'viewing' || row.answer === 'export' ? row.answer : null,
    answerNote: row.answer_note,
    box: row.box === null ? null : (JSON.parse(row.box) as Box),
    exportSha256: row.export_sha256,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at === null ? null : Number(row.answered_at),
    closedBy: row.closed_by,
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
  };
}

function stateError(message: string): VigieError {
  return new VigieError('VIGIE_ACCESS_REQUEST_STATE', message, { status: 409 });
}

export class AccessRequests {
  readonly #d: AccessRequestDeps;

  constructor(deps: AccessRequestDeps) {
    this.#d = deps;
  }

  async register(input: NewAccessRequest, actor: InvestigationActor, journalActor: JournalActor): Promise<AccessRequest> {
    const now = this.#d.clock.now();
    const requesterName = requireText('VIGIE_ACCESS_REQUEST_FIELD_INVALID', 'requesterName', input.requesterName, 200);
    const requesterContact = requireText('VIGIE_ACCESS_REQUEST_FIELD_INVALID', 'requesterContact', input.requesterContact, 200);
    const description = requireText('VIGIE_ACCESS_REQUEST_FIELD_INVALID', 'description', input.description, 2000);
    const cameraIds = [...new Set(input.cameraIds)].sort();
    if (cameraIds.length === 0) throw new VigieError('VIGIE_ACCESS_REQUEST_FIELD_INVALID', 'Indiquez la ou les caméras concernées.', { status: 400, context: { field: 'cameraIds' } });
    if (!(input.toMs > input.fromMs) || input.fromMs >= now) {
      throw new VigieError('VIGIE_ACCESS_REQUEST_FIELD_INVALID', 'La période doit finir après son début et commencer dans le passé.', { status: 400, context: { field: 'range' } });
    }
    const toMs = Math.min(input.toMs, now);
    for (const cameraId of cameraIds) {
      const camera = await this.#d.cameras.get(cameraId);
      if (camera === undefined) throw new VigieError('VIGIE_REQUISITION_CAMERA_UNKNOWN', `La caméra « ${cameraId} » n'existe pas.`, { status: 400, context: { cameraId } });
      if (!(await this.#d.cameras.hasFootage(cameraId, input.fromMs, toMs))) {
        throw new VigieError(
          'VIGIE_REQUISITION_FOOTAGE_DESTROYED',
          `La caméra « ${camera.name} » n'a aucune image enregistrée sur cette période (détruite à l'échéance de conservation, ou jamais enregistrée).`,
          {
            status: 400,
            context: { cameraId },
          },
        );
      }
    }
    const deadlineMs = now + ACCESS_REQUEST_DEADLINE_DAYS * DAY_MS;
    const id = newId();
    const hold = await this.#d.holds.create(
      {
        reference: `demande d'accès ${id}`,
        reason: `demande d'accès (RGPD art. 15) de ${requesterName}`,
        kind: 'access-request',
        cameraIds,
        fromMs: input.fromMs,
        toMs,
        expiresAt: deadlineMs + 30 * DAY_MS,
      },
      journalActor,
      actor.username,
    );
    await this.#d.db
      .insertInto('access_requests')
      .values({
        id,
        requester_name: requesterName,
        requester_contact: requesterContact,
        description,
        camera_ids: JSON.stringify(cameraIds),
        from_ms: input.fromMs,
        to_ms: toMs,
        deadline_ms: deadlineMs,
        state: 'registered',
        hold_id: hold.id,
        registered_by: actor.username,
        registered_at: now,
        answer: null,
        answer_note: null,
        box: null,
        export_path: null,
        export_sha256: null,
        answered_by: null,
        answered_at: null,
        closed_by: null,
        closed_at: null,
        updated_at: now,
      })
      .execute();
    return this.get(id);
  }

  async get(id: string): Promise<AccessRequest> {
    return toAccessRequest(await this.#row(id));
  }

  async list(): Promise<AccessRequest[]> {
    return (await this.#d.db.selectFrom('access_requests').selectAll().orderBy('registered_at', 'desc').limit(1000).execute()).map(toAccessRequest);
  }

  /** Answered by a supervised viewing in the centre (the note says when and who supervised). */
  async answerByViewing(id: string, note: unknown, actor: InvestigationActor): Promise<AccessRequest> {
    const text = requireText('VIGIE_ACCESS_REQUEST_FIELD_INVALID', 'note', note, 2000);
    const request = await this.get(id);
    if (request.state !== 'registered') throw stateError('Cette demande a déjà reçu une réponse.');
    await this.#update(id, { state: 'answered', answer: 'viewing', answer_note: text, answered_by: actor.username, answered_at: this.#d.clock.now() });
    return this.get(id);
  }

  /** Answered by an export of one camera's footage, everything outside the requester's box blurred. */
  async answerByExport(id: string, box: Box, actor: InvestigationActor, journalActor: JournalActor): Promise<AccessRequest> {
    const request = await this.get(id);
    if (request.state !== 'registered') throw stateError('Cette demande a déjà reçu une réponse.');
    const inside = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;
    if (!request.cameraIds.includes(box.cameraId) || ![box.x, box.y, box.w, box.h].every(inside) || box.w <= 0 || box.h <= 0 || box.x + box.w > 1 || box.y + box.h > 1) {
      throw new VigieError('VIGIE_ACCESS_REQUEST_BOX_INVALID', 'Le cadre choisi doit être dans l’image (x, y, largeur, hauteur entre 0 et 1) et sur une caméra de la demande.', { status: 400 });
    }
    const { view, done } = await this.#d.exports.create(
      { cameraId: box.cameraId, fromMs: request.fromMs, toMs: request.toMs, reason: `demande d'accès (RGPD art. 15) ${id}`, reference: `demande d'accès ${id}`, caption: false },
      journalActor,
    );
    await done;
    if ((await this.#d.exports.get(view.id)).status !== 'done') throw stateError("L'extraction des images a échoué : voir le journal des exports, puis réessayer.");
    const directory = join(this.#d.dataDir, 'access-requests', id);
    await mkdir(directory, { recursive: true });
    const output = join(directory, 'extrait-floute.mp4');
    await blurOutside(join(this.#d.exports.directory(view.id), 'video.mp4'), output, box);
    const sha256 = createHash('sha256')
      .update(await readFile(output))
      .digest('hex');
    await this.#update(id, {
      state: 'answered',
      answer: 'export',
      box: JSON.stringify(box),
      export_path: output,
      export_sha256: sha256,
      answered_by: actor.username,
      answered_at: this.#d.clock.now(),
      answer_note: 'export : tout est flouté hors du cadre du demandeur (aucune détection de personnes stockée)',
    });
    return this.get(id);
  }

  /** The blurred file of an export answer. */
  async exportFile(id: string): Promise<string> {
    const row = await this.#row(id);
    if (row.export_path === null) throw stateError("Cette demande n'a pas reçu de réponse par export.");
    return row.export_path;
  }

  async close(id: string, actor: InvestigationActor, journalActor: JournalActor): Promise<AccessRequest> {
    const request = await this.get(id);
    if (request.state === 'closed') throw stateError('Cette demande est déjà clôturée.');
    await this.#update(id, { state: 'closed', closed_by: actor.username, closed_at: this.#d.clock.now() });
    await this.#d.holds.release(request.holdId, journalActor, actor.username);
    return this.get(id);
  }

  async #row(id: string): Promise<Selectable<AccessRequestTable>> {
    const row = await this.#d.db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new VigieError('VIGIE_ACCESS_REQUEST_NOT_FOUND', "Aucune demande d'accès de ce numéro.", { status: 404 });
    return row;
  }

  async #update(id: string, changes: Partial<Omit<AccessRequestTable, 'id'>>): Promise<void> {
    await this.#d.db
      .updateTable('access_requests')
      .set({ ...changes, updated_at: this.#d.clock.now() })
      .where('id', '=', id)
      .execute();
  }
}

/** Re-encodes `input` with everything outside the box blurred; the box is cut from the sharp picture and laid back. */
export async function blurOutside(input: string, output: string, box: Box): Promise<void> {
  // Even pixel sizes (yuv420p) from the normalised box.
  const crop = `crop=trunc(iw*${box.w}/2)*2:trunc(ih*${box.h}/2)*2:trunc(iw*${box.x}/2)*2:trunc(ih*${box.y}/2)*2`;
  const filter = `[0:v]split[sharp][soft];[soft]${BLUR}[blurred];[sharp]${crop}[box];[blurred][box]overlay=x=trunc(W*${box.x}/2)*2:y=trunc(H*${box.y}/2)*2,format=yuv420p[out]`;
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', input, '-filter_complex', filter, '-map', '[out]', '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', output]);
  } catch (error) {
    throw new VigieError('VIGIE_ACCESS_REQUEST_STATE', "Le floutage de l'export a échoué (ffmpeg).", { status: 500, cause: error });
  }
}

// Bookmarks of a requisition's viewing room: an instant of one of its cameras, inside its range, with the
// investigator's note. They belong to the requisition (the procedure's notes): listed with it — to the
// investigator whose it is and to the room leads — never on the camera's general list. Setting one is checked like
// the footage it marks: the requisition in force, its camera, an instant of its range, and the access policy's
// playback decision at that instant (the same grant check as every view).
import type { Clock } from '../core/clock.js';
import { parisInstant } from '../core/paris-time.js';
import { VigieError } from '../core/errors.js';
import type { Bookmark, BookmarkStore } from '../playback/index.js';
import { GRANTING_STATES, type Requisition } from './model.js';
import type { InvestigationActor, Requisitions } from './requisitions.js';

/** Who sets or reads bookmarks, with the access policy's playback decision for him. */
export interface BookmarkActor extends InvestigationActor {
  readonly mayView: (cameraId: string, range: { readonly fromMs: number; readonly toMs: number }) => Promise<boolean>;
}

export interface RequisitionBookmarkDeps {
  readonly clock: Clock;
  readonly requisitions: Pick<Requisitions, 'get'>;
  readonly bookmarks: Pick<BookmarkStore, 'create' | 'ofRequisition' | 'get' | 'remove'>;
}

const MAX_NOTE = 500;

const outOfScope = (message: string, context: Record<string, unknown>): VigieError => new VigieError('VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE', message, { status: 403, context });

export class RequisitionBookmarks {
  readonly #d: RequisitionBookmarkDeps;

  constructor(deps: RequisitionBookmarkDeps) {
    this.#d = deps;
  }

  /** The requisition's bookmarks, in time order (an investigator: of his own requisitions only). */
  async list(requisitionId: string, actor: InvestigationActor): Promise<{ readonly requisition: Requisition; readonly bookmarks: Bookmark[] }> {
    const requisition = await this.#d.requisitions.get(requisitionId, actor);
    return { requisition, bookmarks: await this.#d.bookmarks.ofRequisition(requisition.id) };
  }

  /** A bookmark at `atMs` on one of the requisition's cameras, inside its range, while it is in force. */
  async create(
    requisitionId: string,
    input: { readonly cameraId: string; readonly atMs: number; readonly note: string },
    actor: BookmarkActor,
  ): Promise<{ readonly requisition: Requisition; readonly bookmark: Bookmark }> {
    const requisition = await this.#d.requisitions.get(requisitionId, actor);
    const note = input.note.trim();
    if (note === '' || note.length > MAX_NOTE)
      throw new VigieError('VIGIE_REQUISITION_FIELD_INVALID', `La note du signet est obligatoire et tient en ${MAX_NOTE} caractères au plus.`, { status: 400, context: { field: 'note' } });
    const now = this.#d.clock.now();
    if (!GRANTING_STATES.includes(requisition.state) || requisition.scopeUntilMs === null || requisition.scopeUntilMs <= now)
      throw outOfScope("Cette réquisition n'accorde aucun accès en ce moment (pas encore validée, clôturée ou arrivée à échéance) : pas de signet.", { requisitionId });
    if (!requisition.cameraIds.includes(input.cameraId))
      throw outOfScope(`La caméra « ${input.cameraId} » n'est pas dans la réquisition ${requisition.reference} : pas de signet sur ses images.`, { requisitionId, cameraId: input.cameraId });
    if (!Number.isSafeInteger(input.atMs) || input.atMs < requisition.fromMs || input.atMs > requisition.toMs)
      throw outOfScope(`Hors du périmètre de la réquisition : un signet se pose sur les images du ${parisInstant(requisition.fromMs)} au ${parisInstant(requisition.toMs)}.`, {
        requisitionId,
        cameraId: input.cameraId,
        atMs: input.atMs,
      });
    if (!(await actor.mayView(input.cameraId, { fromMs: input.atMs, toMs: input.atMs })))
      throw outOfScope('Vous ne pouvez pas visionner ces images : pas de signet sur elles.', { requisitionId, cameraId: input.cameraId, atMs: input.atMs });
    const bookmark = await this.#d.bookmarks.create({ cameraId: input.cameraId, atMs: input.atMs, note, createdBy: actor.username, now, requisitionId: requisition.id });
    return { requisition, bookmark };
  }

  /** Its author takes a bookmark back. */
  async remove(requisitionId: string, bookmarkId: string, actor: InvestigationActor): Promise<{ readonly requisition: Requisition; readonly bookmark: Bookmark }> {
    const requisition = await this.#d.requisitions.get(requisitionId, actor);
    const bookmark = await this.#d.bookmarks.get(bookmarkId);
    if (bookmark === undefined || bookmark.requisitionId !== requisition.id)
      throw new VigieError('VIGIE_REQUISITION_BOOKMARK_NOT_FOUND', 'Ce signet n’existe pas (ou plus) dans cette réquisition.', { status: 404 });
    if (bookmark.createdBy !== actor.username) throw new VigieError('VIGIE_FORBIDDEN', `Seul ${bookmark.createdBy}, qui l’a posé, peut retirer ce signet.`, { status: 403 });
    await this.#d.bookmarks.remove(bookmark.id);
    return { requisition, bookmark };
  }
}

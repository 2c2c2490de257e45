// Judicial requisitions: registered (a hold placed at once), validated or refused by a room lead, extracted as
// signed export packages carrying the reference, handed over against a receipt both sides acknowledge, closed
// (the hold released). A validated requisition grants its investigator a scope — its cameras, its time range,
// until its end date — that the access policy reads at every decision (scopeGrants). People's actions are
// journaled by their HTTP request (the routes add the requisition and its reference).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { AccountChoice, ScopeGrant } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { ExportService, ManifestBookmark } from '../export/index.js';
import type { JournalEntryInput } from '../journal/index.js';
import type { Bookmark } from '../playback/index.js';
import type { HoldStore } from '../retention/index.js';
import { DAY_MS } from '../retention/index.js';
import { polygonContains, readPolygon } from '../watch/index.js';
import {
  GRANTING_STATES,
  MAX_SCOPE_MS,
  overlaps,
  readQuality,
  readReference,
  REQUISITION_STATE_NAMES,
  requireText,
  type NewExtension,
  type NewRequisition,
  type Requisition,
  type RequisitionCamera,
  type RequisitionExtension,
} from './model.js';
import type { RequisitionExtensionTable, RequisitionTable } from './tables.js';

type JournalActor = JournalEntryInput['actor'];

/** Who acts, as the routes hand it over. */
export interface InvestigationActor {
  readonly id: string;
  readonly username: string;
  readonly role: string;
}

/** What requisitions ask of the other capabilities (main.ts wires them). */
export interface InvestigationCameras {
  get(id: string): Promise<{ readonly id: string; readonly name: string; readonly retentionDays: number; readonly position: { readonly lat: number; readonly lon: number } } | undefined>;
  all(): Promise<readonly { readonly id: string; readonly name: string; readonly communeName: string; readonly position: { readonly lat: number; readonly lon: number } }[]>;
  /** Whether the camera holds recorded footage overlapping the range. */
  hasFootage(cameraId: string, fromMs: number, toMs: number): Promise<boolean>;
}

export interface RequisitionDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly holds: HoldStore;
  readonly exports: Pick<ExportService, 'create' | 'get' | 'directory'>;
  readonly cameras: InvestigationCameras;
  /** The requisition's viewing-room bookmarks, carried with their notes into the extracted packages. */
  readonly bookmarks: { ofRequisition(requisitionId: string): Promise<readonly Bookmark[]> };
  /** The investigator accounts that may act now (not disabled, habilitation in force): a requisition is registered for one of them. */
  readonly investigators: () => Promise<readonly AccountChoice[]>;
}

/** A requisition's hold is released at its closure; until then it outlives any retention (a year, then renewed by hand). */
const HOLD_MS = 365 * DAY_MS;
/** An export package covers at most this much footage: longer ranges are cut into several. */
const EXPORT_CHUNK_MS = 24 * 3_600_000;

export interface HandedFile {
  readonly exportId: string;
  readonly cameraId: string;
  readonly cameraName: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly bytes: number }[];
  /** SHA-256 of the signed manifest itself. */
  readonly manifestSha256: string;
  /** The requisition's bookmarks on this footage, with their notes, as the signed manifest carries them. */
  readonly bookmarks: readonly ManifestBookmark[];
}

function toRequisition(row: Selectable<RequisitionTable>, extensions: readonly RequisitionExtension[], named: ReadonlyMap<string, RequisitionCamera>): Requisition {
  const cameraIds = JSON.parse(row.camera_ids) as string[];
  const mentioned = [...new Set([...cameraIds, ...extensions.flatMap((extension) => extension.addedCameraIds)])];
  return {
    id: row.id,
    reference: row.reference,
    officer: { name: row.officer_name, quality: row.officer_quality === 'APJ' ? 'APJ' : 'OPJ', service: row.officer_service, contact: row.officer_contact },
    legalBasis: row.legal_basis,
    reason: row.reason,
    cameraIds,
    cameras: mentioned.flatMap((id) => named.get(id) ?? []),
    area: row.area === null ? null : (JSON.parse(row.area) as unknown),
    fromMs: Number(row.from_ms),
    toMs: Number(row.to_ms),
    live: row.live === 1,
    investigatorId: row.investigator_id,
    investigator: row.investigator,
    state: row.state,
    holdId: row.hold_id,
    registeredBy: row.registered_by,
    registeredAt: Number(row.registered_at),
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at === null ? null : Number(row.reviewed_at),
    reviewNote: row.review_note,
    scopeUntilMs: row.scope_until_ms === null ? null : Number(row.scope_until_ms),
    extensions,
    exportIds: JSON.parse(row.export_ids) as string[],
    extractedBy: row.extracted_by,
    extractedAt: row.extracted_at === null ? null : Number(row.extracted_at),
    handover:
      row.handed_by === null || row.handed_at === null
        ? null
        : {
            handedBy: row.handed_by,
            handedAt: Number(row.handed_at),
            receivedBy: row.received_by ?? '',
            ackBy: row.received_ack_by,
            ackAt: row.received_ack_at === null ? null : Number(row.received_ack_at),
          },
    closedBy: row.closed_by,
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
  };
}

function toExtension(row: Selectable<RequisitionExtensionTable>): RequisitionExtension {
  return {
    id: row.id,
    addedCameraIds: JSON.parse(row.added_camera_ids) as string[],
    fromMs: Number(row.from_ms),
    toMs: Number(row.to_ms),
    untilMs: row.until_ms === null ? null : Number(row.until_ms),
    reason: row.reason,
    holdId: row.hold_id,
    state: row.state,
    requestedBy: row.requested_by,
    requestedAt: Number(row.requested_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
    decisionNote: row.decision_note,
  };
}

function stateError(message: string): VigieError {
  return new VigieError('VIGIE_REQUISITION_STATE', message, { status: 409 });
}

export class Requisitions {
  readonly #d: RequisitionDeps;

  constructor(deps: RequisitionDeps) {
    this.#d = deps;
  }

  /** Registers a requisition and holds its footage at once. */
  async register(input: NewRequisition, actor: InvestigationActor, journalActor: JournalActor): Promise<Requisition> {
    const now = this.#d.clock.now();
    const reference = readReference(input.reference);
    const officer = {
      name: requireText('VIGIE_REQUISITION_FIELD_INVALID', 'officerName', input.officer.name, 200),
      quality: readQuality(input.officer.quality),
      service: requireText('VIGIE_REQUISITION_FIELD_INVALID', 'officerService', input.officer.service, 200),
      contact: requireText('VIGIE_REQUISITION_FIELD_INVALID', 'officerContact', input.officer.contact, 200),
    };
    const legalBasis = requireText('VIGIE_REQUISITION_FIELD_INVALID', 'legalBasis', input.legalBasis, 500);
    const reason = requireText('VIGIE_REQUISITION_FIELD_INVALID', 'reason', input.reason, 2000);
    if (!Number.isSafeInteger(input.fromMs) || !Number.isSafeInteger(input.toMs) || !(input.toMs > input.fromMs)) {
      throw new VigieError('VIGIE_REQUISITION_RANGE_INVALID', 'La période demandée doit finir après son début.', { status: 400 });
    }
    if (input.fromMs >= now)
      throw new VigieError('VIGIE_REQUISITION_RANGE_INVALID', 'La période demandée commence dans le futur : seules des images déjà enregistrées peuvent être requises.', { status: 400 });
    const toMs = Math.min(input.toMs, now);
    const investigator = await this.#investigator(input.investigatorId ?? actor.id);
    const { cameraIds, area } = await this.#place(input);
    for (const cameraId of cameraIds) await this.#checkFootage(cameraId, input.fromMs, toMs, now);
    await this.#checkOverlap(reference, cameraIds, { fromMs: input.fromMs, toMs });
    const id = newId();
    const hold = await this.#d.holds.create(
      {
        reference: `réquisition ${reference}`,
        reason: `réquisition judiciaire ${reference} (${officer.quality} ${officer.name}, ${officer.service})`,
        kind: 'judicial-requisition',
        cameraIds,
        fromMs: input.fromMs,
        toMs,
        expiresAt: now + HOLD_MS,
      },
      journalActor,
      actor.username,
    );
    await this.#d.db
      .insertInto('requisitions')
      .values({
        id,
        reference,
        officer_name: officer.name,
        officer_quality: officer.quality,
        officer_service: officer.service,
        officer_contact: officer.contact,
        legal_basis: legalBasis,
        reason,
        camera_ids: JSON.stringify(cameraIds),
        area: area === null ? null : JSON.stringify(area),
        from_ms: input.fromMs,
        to_ms: toMs,
        live: input.live === true ? 1 : 0,
        investigator_id: investigator.id,
        investigator: investigator.username,
        state: 'registered',
        hold_id: hold.id,
        registered_by: actor.username,
        registered_at: now,
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
        scope_until_ms: null,
        export_ids: '[]',
        extracted_by: null,
        extracted_at: null,
        handed_by: null,
        handed_at: null,
        received_by: null,
        received_ack_by: null,
        received_ack_at: null,
        closed_by: null,
        closed_at: null,
        updated_at: now,
      })
      .execute();
    return this.get(id);
  }

  /** One requisition; an investigator sees only his own (others are "not found", so ids cannot be probed). */
  async get(id: string, viewer?: InvestigationActor): Promise<Requisition> {
    const row = await this.#d.db.selectFrom('requisitions').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined || (viewer !== undefined && viewer.role === 'investigator' && row.investigator_id !== viewer.id)) {
      throw new VigieError('VIGIE_REQUISITION_NOT_FOUND', 'Aucune réquisition de ce numéro parmi celles que vous pouvez consulter.', { status: 404 });
    }
    return (await this.#withExtensions([row]))[0] as Requisition;
  }

  /** Every requisition (an investigator: his own), newest first. */
  async list(viewer: InvestigationActor, filter: { fromMs?: number; toMs?: number } = {}): Promise<Requisition[]> {
    let query = this.#d.db.selectFrom('requisitions').selectAll().orderBy('registered_at', 'desc');
    if (viewer.role === 'investigator') query = query.where('investigator_id', '=', viewer.id);
    if (filter.fromMs !== undefined) query = query.where('registered_at', '>=', filter.fromMs);
    if (filter.toMs !== undefined) query = query.where('registered_at', '<', filter.toMs);
    return this.#withExtensions(await query.limit(1000).execute());
  }

  /** Every requisition, oldest first: the register a commission prints. */
  async all(): Promise<Requisition[]> {
    return this.#withExtensions(await this.#d.db.selectFrom('requisitions').selectAll().orderBy('registered_at', 'asc').execute());
  }

  /** The room lead validates: the investigator is granted the scope until `untilMs`. */
  async validate(id: string, untilMs: number, note: string | undefined, actor: InvestigationActor): Promise<Requisition> {
    const requisition = await this.get(id);
    if (requisition.state !== 'registered') throw stateError(`Cette réquisition est ${REQUISITION_STATE_NAMES[requisition.state]} : seule une réquisition enregistrée peut être validée.`);
    this.#checkUntil(untilMs);
    const now = this.#d.clock.now();
    await this.#update(id, { state: 'validated', reviewed_by: actor.username, reviewed_at: now, review_note: note?.trim() || null, scope_until_ms: untilMs });
    return this.get(id);
  }

  /** The room lead refuses, with the reason; the hold is released (nothing will be extracted). */
  async refuse(id: string, reason: unknown, actor: InvestigationActor, journalActor: JournalActor): Promise<Requisition> {
    const text = requireText('VIGIE_REQUISITION_FIELD_INVALID', 'note', reason, 2000);
    const requisition = await this.get(id);
    if (requisition.state !== 'registered') throw stateError(`Cette réquisition est ${REQUISITION_STATE_NAMES[requisition.state]} : seule une réquisition enregistrée peut être refusée.`);
    await this.#update(id, { state: 'refused', reviewed_by: actor.username, reviewed_at: this.#d.clock.now(), review_note: text });
    await this.#d.holds.release(requisition.holdId, journalActor, actor.username);
    return this.get(id);
  }

  /**
   * The investigator (or a room lead on his behalf) asks to widen an in-force requisition's scope — cameras added,
   * a wider range, a later end date — with a reason. Nothing is granted until a room lead decides, but widened
   * footage is held at once (like a requisition's own), so it cannot expire while the request waits.
   */
  async requestExtension(id: string, asked: NewExtension, actor: InvestigationActor, journalActor: JournalActor): Promise<Requisition> {
    const reason = requireText('VIGIE_REQUISITION_FIELD_INVALID', 'reason', asked.reason, 2000);
    const requisition = await this.get(id, actor);
    const now = this.#d.clock.now();
    this.#checkInForce(requisition, "L'accès accordé par cette réquisition a pris fin : une extension se demande avant l'échéance ; déposez une nouvelle réquisition.");
    if (requisition.extensions.some((extension) => extension.state === 'pending')) throw stateError("Une demande d'extension de cette réquisition attend déjà la décision du chef de salle.");
    const addedCameraIds = [...new Set(asked.cameraIds ?? [])].filter((cameraId) => !requisition.cameraIds.includes(cameraId)).sort();
    const fromMs = asked.fromMs ?? requisition.fromMs;
    const toMs = Math.min(asked.toMs ?? requisition.toMs, Math.max(now, requisition.toMs));
    if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs > requisition.fromMs || toMs < requisition.toMs) {
      throw new VigieError('VIGIE_REQUISITION_RANGE_INVALID', 'La période étendue doit contenir la période déjà accordée : une extension élargit, elle ne remplace pas.', { status: 400 });
    }
    const untilMs = asked.untilMs ?? null;
    if (untilMs !== null) {
      if (!(untilMs > (requisition.scopeUntilMs ?? 0))) throw new VigieError('VIGIE_REQUISITION_RANGE_INVALID', "La nouvelle échéance doit être postérieure à l'échéance actuelle.", { status: 400 });
      this.#checkUntil(untilMs);
    }
    const widened = addedCameraIds.length > 0 || fromMs < requisition.fromMs || toMs > requisition.toMs;
    if (!widened && untilMs === null) {
      throw new VigieError('VIGIE_REQUISITION_EXTENSION_EMPTY', "L'extension ne demande rien de plus que la réquisition : ajoutez des caméras, élargissez la période ou reportez l'échéance.", {
        status: 400,
      });
    }
    if (widened && requisition.state !== 'validated') {
      throw stateError(
        'Les images de cette réquisition sont déjà extraites : pour d’autres caméras ou une autre période, déposez une nouvelle réquisition (seule l’échéance peut encore être reportée).',
      );
    }
    const cameraIds = [...requisition.cameraIds, ...addedCameraIds].sort();
    let holdId: string | null = null;
    if (widened) {
      for (const cameraId of addedCameraIds) await this.#checkFootage(cameraId, fromMs, toMs, now);
      for (const cameraId of requisition.cameraIds) {
        if (fromMs < requisition.fromMs) await this.#checkFootage(cameraId, fromMs, requisition.fromMs, now);
        if (toMs > requisition.toMs) await this.#checkFootage(cameraId, requisition.toMs, toMs, now);
      }
      await this.#checkOverlap(requisition.reference, cameraIds, { fromMs, toMs }, requisition.id);
      const hold = await this.#d.holds.create(
        {
          reference: `réquisition ${requisition.reference} (extension)`,
          reason: `extension demandée de la réquisition judiciaire ${requisition.reference} (${requisition.officer.quality} ${requisition.officer.name}, ${requisition.officer.service})`,
          kind: 'judicial-requisition',
          cameraIds,
          fromMs,
          toMs,
          expiresAt: now + HOLD_MS,
        },
        journalActor,
        actor.username,
      );
      holdId = hold.id;
    }
    await this.#d.db
      .insertInto('requisition_extensions')
      .values({
        id: newId(),
        requisition_id: id,
        added_camera_ids: JSON.stringify(addedCameraIds),
        from_ms: fromMs,
        to_ms: toMs,
        until_ms: untilMs,
        reason,
        hold_id: holdId,
        state: 'pending',
        requested_by: actor.username,
        requested_at: now,
        decided_by: null,
        decided_at: null,
        decision_note: null,
      })
      .execute();
    await this.#update(id, {});
    return this.get(id);
  }

  /**
   * The room lead grants the pending extension — the requisition's cameras, range and end date widen at once — or
   * refuses it with a reason, which releases the hold placed for it.
   */
  async decideExtension(id: string, accept: boolean, note: unknown, actor: InvestigationActor, journalActor: JournalActor): Promise<Requisition> {
    const text = accept ? (typeof note === 'string' && note.trim() !== '' ? note.trim().slice(0, 2000) : null) : requireText('VIGIE_REQUISITION_FIELD_INVALID', 'note', note, 2000);
    const requisition = await this.get(id);
    const pending = requisition.extensions.find((extension) => extension.state === 'pending');
    if (pending === undefined) throw stateError("Aucune demande d'extension n'est en attente pour cette réquisition.");
    const now = this.#d.clock.now();
    if (accept) {
      this.#checkInForce(requisition, "L'accès accordé par cette réquisition a pris fin avant la décision : une nouvelle réquisition est nécessaire.");
      if (pending.untilMs !== null) this.#checkUntil(pending.untilMs);
      const cameraIds = [...new Set([...requisition.cameraIds, ...pending.addedCameraIds])].sort();
      await this.#checkOverlap(requisition.reference, cameraIds, pending, requisition.id);
      await this.#update(id, {
        camera_ids: JSON.stringify(cameraIds),
        from_ms: Math.min(requisition.fromMs, pending.fromMs),
        to_ms: Math.max(requisition.toMs, pending.toMs),
        ...(pending.untilMs !== null ? { scope_until_ms: Math.max(pending.untilMs, requisition.scopeUntilMs ?? 0) } : {}),
      });
    } else if (pending.holdId !== null) {
      await this.#d.holds.release(pending.holdId, journalActor, actor.username);
    }
    await this.#d.db
      .updateTable('requisition_extensions')
      .set({ state: accept ? 'granted' : 'refused', decided_by: actor.username, decided_at: now, decision_note: text })
      .where('id', '=', pending.id)
      .execute();
    return this.get(id);
  }

  /** Builds one signed package per camera (per 24 h) with the reference in each manifest; waits for them. */
  async extract(id: string, actor: InvestigationActor, journalActor: JournalActor): Promise<Requisition> {
    const requisition = await this.get(id);
    if (requisition.state !== 'validated') throw stateError(`Cette réquisition est ${REQUISITION_STATE_NAMES[requisition.state]} : l'extraction suit la validation.`);
    const exportIds: string[] = [];
    const builds: Promise<void>[] = [];
    const bookmarks = await this.#d.bookmarks.ofRequisition(requisition.id);
    for (const cameraId of requisition.cameraIds) {
      for (let fromMs = requisition.fromMs; fromMs < requisition.toMs; fromMs += EXPORT_CHUNK_MS) {
        const toMs = Math.min(requisition.toMs, fromMs + EXPORT_CHUNK_MS);
        // Each bookmark goes into the one package holding its instant (the range's last instant: the last package).
        const marked = bookmarks.filter((bookmark) => bookmark.cameraId === cameraId && bookmark.atMs >= fromMs && (bookmark.atMs < toMs || (toMs === requisition.toMs && bookmark.atMs === toMs)));
        const { view, done } = await this.#d.exports.create(
          {
            cameraId,
            fromMs,
            toMs,
            reason: `Réquisition judiciaire ${requisition.reference} — ${requisition.legalBasis}`,
            reference: requisition.reference,
            caption: false,
            bookmarks: marked,
          },
          journalActor,
        );
        exportIds.push(view.id);
        builds.push(done);
      }
    }
    await Promise.all(builds);
    const failed = [];
    for (const exportId of exportIds) if ((await this.#d.exports.get(exportId)).status !== 'done') failed.push(exportId);
    if (failed.length > 0) throw new VigieError('VIGIE_REQUISITION_STATE', `L'extraction a échoué pour ${failed.length} paquet(s) : voir le journal des exports, puis relancer.`, { status: 500 });
    await this.#update(id, { state: 'extracted', export_ids: JSON.stringify(exportIds), extracted_by: actor.username, extracted_at: this.#d.clock.now() });
    return this.get(id);
  }

  /** The room lead hands the packages over to the person named; the receiver acknowledges in the application. */
  async handOver(id: string, receivedBy: unknown, actor: InvestigationActor): Promise<Requisition> {
    const receiver = requireText('VIGIE_REQUISITION_FIELD_INVALID', 'receivedBy', receivedBy, 200);
    const requisition = await this.get(id);
    if (requisition.state !== 'extracted') throw stateError(`Cette réquisition est ${REQUISITION_STATE_NAMES[requisition.state]} : la remise suit l'extraction.`);
    await this.#update(id, { state: 'handed-over', handed_by: actor.username, handed_at: this.#d.clock.now(), received_by: receiver });
    return this.get(id);
  }

  /** The investigator acknowledges receipt (his own requisition). */
  async acknowledge(id: string, actor: InvestigationActor): Promise<Requisition> {
    const requisition = await this.get(id, actor);
    if (requisition.state !== 'handed-over' || requisition.handover === null) throw stateError("Rien n'a encore été remis pour cette réquisition.");
    if (requisition.handover.ackAt !== null) return requisition;
    if (actor.id !== requisition.investigatorId) throw stateError("Seul l'enquêteur destinataire accuse réception de la remise.");
    await this.#update(id, { received_ack_by: actor.username, received_ack_at: this.#d.clock.now() });
    return this.get(id);
  }

  /** Closes the requisition: the scope ends, its holds (its own, its extensions') are released. A refused one is closed already. */
  async close(id: string, actor: InvestigationActor, journalActor: JournalActor): Promise<Requisition> {
    const requisition = await this.get(id);
    if (requisition.state === 'closed' || requisition.state === 'refused') throw stateError(`Cette réquisition est déjà ${REQUISITION_STATE_NAMES[requisition.state]}.`);
    if (requisition.state === 'handed-over' && requisition.handover?.ackAt === null)
      throw stateError("La remise n'a pas encore été acquittée par l'enquêteur : la clôture attend son accusé de réception.");
    await this.#update(id, { state: 'closed', closed_by: actor.username, closed_at: this.#d.clock.now() });
    const holdIds = [requisition.holdId, ...requisition.extensions.filter((extension) => extension.state !== 'refused').map((extension) => extension.holdId)];
    for (const holdId of holdIds) if (holdId !== null) await this.#d.holds.release(holdId, journalActor, actor.username);
    return this.get(id);
  }

  /** What was handed over: each package's files and hashes, read from its signed manifest. */
  async handedFiles(requisition: Requisition): Promise<HandedFile[]> {
    const handed: HandedFile[] = [];
    for (const exportId of requisition.exportIds) {
      const view = await this.#d.exports.get(exportId);
      const bytes = await readFile(join(this.#d.exports.directory(exportId), 'manifest.json'));
      const manifest = JSON.parse(bytes.toString('utf8')) as {
        camera: { id: string; name: string };
        files: { name: string; sha256: string; bytes: number }[];
        bookmarks?: ManifestBookmark[];
      };
      handed.push({
        exportId,
        cameraId: manifest.camera.id,
        cameraName: manifest.camera.name,
        fromMs: Number(view.from_ms),
        toMs: Number(view.to_ms),
        files: manifest.files,
        manifestSha256: createHash('sha256').update(bytes).digest('hex'),
        bookmarks: manifest.bookmarks ?? [],
      });
    }
    return handed;
  }

  /** The scope grants of an investigator now: his requisitions validated and not past their end date. Read at every decision. */
  async scopeGrants(userId: string): Promise<ScopeGrant[]> {
    const now = this.#d.clock.now();
    const rows = await this.#d.db
      .selectFrom('requisitions')
      .selectAll()
      .where('investigator_id', '=', userId)
      .where('state', 'in', [...GRANTING_STATES])
      .where('scope_until_ms', '>', now)
      .execute();
    return rows.map((row) => ({
      requisitionId: row.id,
      cameraIds: JSON.parse(row.camera_ids) as string[],
      fromMs: Number(row.from_ms),
      toMs: Number(row.to_ms),
      untilMs: Number(row.scope_until_ms),
      live: row.live === 1,
    }));
  }

  async #update(id: string, changes: Partial<Omit<RequisitionTable, 'id'>>): Promise<void> {
    await this.#d.db
      .updateTable('requisitions')
      .set({ ...changes, updated_at: this.#d.clock.now() })
      .where('id', '=', id)
      .execute();
  }

  async #withExtensions(rows: readonly Selectable<RequisitionTable>[]): Promise<Requisition[]> {
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return [];
    const extensions = await this.#d.db.selectFrom('requisition_extensions').selectAll().where('requisition_id', 'in', ids).orderBy('requested_at', 'asc').execute();
    // Names and communes, read once for the whole list: an investigator may not list the estate, his console reads them here.
    const named = new Map((await this.#d.cameras.all()).map((camera) => [camera.id, { id: camera.id, name: camera.name, communeName: camera.communeName }] as const));
    return rows.map((row) => toRequisition(row, extensions.filter((extension) => extension.requisition_id === row.id).map(toExtension), named));
  }

  /** A requisition grants its scope now: validated (or extracted, handed over) and before its end date. */
  #checkInForce(requisition: Requisition, expired: string): void {
    if (!GRANTING_STATES.includes(requisition.state) || requisition.scopeUntilMs === null) throw stateError('Seule une réquisition validée, et pas encore clôturée, peut être étendue.');
    if (requisition.scopeUntilMs <= this.#d.clock.now()) throw new VigieError('VIGIE_REQUISITION_SCOPE_EXPIRED', expired, { status: 409 });
  }

  #checkUntil(untilMs: number): void {
    const now = this.#d.clock.now();
    if (!Number.isSafeInteger(untilMs) || untilMs <= now) {
      throw new VigieError('VIGIE_REQUISITION_SCOPE_EXPIRED', "L'échéance de l'accès doit être dans le futur : une échéance passée n'accorderait rien.", { status: 400 });
    }
    if (untilMs > now + MAX_SCOPE_MS)
      throw new VigieError('VIGIE_REQUISITION_RANGE_INVALID', "L'accès est accordé pour 90 jours au plus ; une prolongation se demande avant l'échéance.", { status: 400 });
  }

  /** The investigator accounts a requisition may be registered for now, by name (the room lead's chooser). */
  async investigators(): Promise<readonly AccountChoice[]> {
    return this.#d.investigators();
  }

  async #investigator(userId: string): Promise<{ id: string; username: string }> {
    const account = (await this.#d.investigators()).find((candidate) => candidate.id === userId);
    if (account === undefined) {
      throw new VigieError(
        'VIGIE_REQUISITION_INVESTIGATOR_INVALID',
        "Le compte désigné n'est pas un compte enquêteur actif (inexistant, d'un autre rôle, désactivé ou habilitation hors de sa période de validité) : la réquisition est enregistrée au nom d'un enquêteur habilité.",
        { status: 400 },
      );
    }
    return { id: account.id, username: account.username };
  }

  async #place(input: NewRequisition): Promise<{ cameraIds: string[]; area: unknown }> {
    const named = [...new Set(input.cameraIds ?? [])];
    for (const cameraId of named) {
      if ((await this.#d.cameras.get(cameraId)) === undefined) {
        throw new VigieError('VIGIE_REQUISITION_CAMERA_UNKNOWN', `La caméra « ${cameraId} » n'existe pas.`, { status: 400, context: { cameraId } });
      }
    }
    let area: unknown = null;
    const inArea: string[] = [];
    if (input.area !== undefined && input.area !== null) {
      const read = readPolygon(input.area);
      if (!read.ok) throw new VigieError('VIGIE_REQUISITION_AREA_INVALID', `La zone tracée n'est pas un polygone valide (${read.message}).`, { status: 400 });
      area = read.polygon;
      for (const camera of await this.#d.cameras.all()) if (polygonContains(read.polygon, camera.position)) inArea.push(camera.id);
    }
    const cameraIds = [...new Set([...named, ...inArea])].sort();
    if (cameraIds.length === 0) {
      throw new VigieError('VIGIE_REQUISITION_PLACE_MISSING', area === null ? 'Indiquez les caméras requises, ou tracez une zone sur la carte.' : 'La zone tracée ne contient aucune caméra.', {
        status: 400,
      });
    }
    return { cameraIds, area };
  }

  async #checkFootage(cameraId: string, fromMs: number, toMs: number, now: number): Promise<void> {
    const camera = await this.#d.cameras.get(cameraId);
    if (camera === undefined) throw new VigieError('VIGIE_REQUISITION_CAMERA_UNKNOWN', `La caméra « ${cameraId} » n'existe pas.`, { status: 400, context: { cameraId } });
    if (fromMs < now - camera.retentionDays * DAY_MS) {
      throw new VigieError(
        'VIGIE_REQUISITION_BEYOND_RETENTION',
        `La période demandée commence avant la durée de conservation de la caméra « ${camera.name} » (${camera.retentionDays} jours) : ces images n'existent plus.`,
        { status: 400, context: { cameraId, retentionDays: camera.retentionDays } },
      );
    }
    if (!(await this.#d.cameras.hasFootage(cameraId, fromMs, toMs))) {
      throw new VigieError(
        'VIGIE_REQUISITION_FOOTAGE_DESTROYED',
        `La caméra « ${camera.name} » n'a aucune image enregistrée sur cette période (détruite à l'échéance de conservation, ou jamais enregistrée).`,
        { status: 400, context: { cameraId } },
      );
    }
  }

  /** No two open requisitions of one procedure cover the same footage (`except`: the requisition being extended). */
  async #checkOverlap(reference: string, cameraIds: readonly string[], range: { fromMs: number; toMs: number }, except?: string): Promise<void> {
    let query = this.#d.db.selectFrom('requisitions').select(['id', 'camera_ids', 'from_ms', 'to_ms']).where('reference', '=', reference).where('state', 'not in', ['refused', 'closed']);
    if (except !== undefined) query = query.where('id', '!=', except);
    for (const row of await query.execute()) {
      const covered = JSON.parse(row.camera_ids) as string[];
      if (overlaps({ fromMs: Number(row.from_ms), toMs: Number(row.to_ms) }, range) && covered.some((id) => cameraIds.includes(id))) {
        throw new VigieError(
          'VIGIE_REQUISITION_OVERLAP',
          `Une réquisition ouverte de la même procédure (${reference}) couvre déjà une partie de ces caméras et de cette période : complétez-la ou clôturez-la d'abord.`,
          { status: 409, context: { requisitionId: row.id } },
        );
      }
    }
  }
}

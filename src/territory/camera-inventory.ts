// The camera inventory: create, update, remove and bulk-import cameras through one validation path, keep
// credentials encrypted, journal imports and command-line changes, and announce each committed change.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { parseCameras } from './camera-import.js';
import type { CameraChanges } from './camera-changes.js';
import {
  deleteCamera,
  insertCamera,
  isUniqueViolation,
  selectCamera,
  selectCameraCommune,
  selectCameraRow,
  selectCameraRowsWithSectors,
  selectCameras,
  updateCameraRow,
  type CameraRow,
} from './camera-store.js';
import { selectCommuneCodes } from './commune-store.js';
import type { CredentialsCipher } from './credentials-cipher.js';
import { TERRITORY_ERRORS, nameTaken, notFound, validationError, type FieldIssue } from './errors.js';
import type { ImportSource } from './import-rows.js';
import { draftColumns } from './camera-rows.js';
import { planImport, type ImportMode, type StoredCamera } from './import-plan.js';
import type { Camera, CameraImportReport, CameraStreams, ChangeAuthor, Credentials, FieldError, StreamEndpoint } from './model.js';
import type { CameraScope } from './scope.js';
import { selectSectorIndex } from './sector-store.js';
import { journalChange } from './territory-journal.js';
import { validateCamera, type CameraDraft, type CameraFields } from './validation.js';

export interface CameraInventoryDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly cipher: CredentialsCipher;
  readonly changes: CameraChanges;
  readonly defaultRetentionDays: number;
}

export class CameraInventory {
  readonly #deps: CameraInventoryDeps;

  constructor(deps: CameraInventoryDeps) {
    this.#deps = deps;
  }

  list(scope: CameraScope): Promise<Camera[]> {
    return selectCameras(this.#deps.db, scope.all ? {} : { communes: scope.communes });
  }

  get(id: string): Promise<Camera | undefined> {
    return selectCamera(this.#deps.db, id);
  }

  async require(id: string): Promise<Camera> {
    const camera = await this.get(id);
    if (camera === undefined) throw notFound('camera', id);
    return camera;
  }

  commune(id: string): Promise<string | undefined> {
    return selectCameraCommune(this.#deps.db, id);
  }

  /** Creates a camera; with an author, the change is journaled (the API's hook journals its own requests). */
  async create(fields: CameraFields, author?: ChangeAuthor): Promise<Camera> {
    const draft = await this.#validate(fields);
    const sectorIds = await this.#resolveSectors(draft.sectors ?? []);
    const id = newId();
    const camera = await this.#write(
      draft.name,
      async (db) => {
        await insertCamera(db, this.#toRow(id, draft, this.#seal(draft.credentials ?? null, id), this.#deps.clock.now()), sectorIds);
      },
      id,
    );
    if (author !== undefined) await journalChange(this.#deps.journal, author, 'camera.create', camera, { name: camera.name });
    this.#deps.changes.emit({ kind: 'created', camera });
    return camera;
  }

  /** Applies the given fields over the stored camera and validates the result as a whole. */
  async update(id: string, patch: CameraFields, author?: ChangeAuthor): Promise<Camera> {
    const previous = await this.require(id);
    const row = await selectCameraRow(this.#deps.db, id);
    if (row === undefined) throw notFound('camera', id);
    const merged: Record<string, unknown> = { ...fieldsOf(previous) };
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) merged[key] = value;
    const draft = await this.#validate(merged);
    const sectorIds = draft.sectors === undefined ? undefined : await this.#resolveSectors(draft.sectors);
    const envelope = draft.credentials === undefined ? row.credentials : this.#seal(draft.credentials, id);
    const camera = await this.#write(
      draft.name,
      async (db) => {
        await updateCameraRow(db, { ...this.#toRow(id, draft, envelope, this.#deps.clock.now()), created_at: row.created_at }, sectorIds);
      },
      id,
    );
    if (author !== undefined) await journalChange(this.#deps.journal, author, 'camera.update', camera, { name: camera.name, fields: Object.keys(patch).filter((k) => k !== 'password') });
    this.#deps.changes.emit({ kind: 'updated', camera, previous });
    return camera;
  }

  async remove(id: string, author?: ChangeAuthor): Promise<Camera> {
    const camera = await this.require(id);
    await this.#deps.db.transaction().execute((trx) => deleteCamera(trx, id));
    if (author !== undefined) await journalChange(this.#deps.journal, author, 'camera.remove', camera, { name: camera.name });
    this.#deps.changes.emit({ kind: 'removed', camera });
    return camera;
  }

  /**
   * All-or-nothing: any bad line and nothing is written; the report names every bad line and what each good one
   * does. `dryRun` stops there (the console's preview). Journaled with an author.
   */
  async import(source: ImportSource, author?: ChangeAuthor, options: { readonly mode?: ImportMode; readonly dryRun?: boolean } = {}): Promise<CameraImportReport> {
    const db = this.#deps.db;
    const mode = options.mode ?? 'create';
    const dryRun = options.dryRun === true;
    const [communes, storedRows, sectors] = await Promise.all([selectCommuneCodes(db), selectCameraRowsWithSectors(db), selectSectorIndex(db)]);
    const parsed = parseCameras(source, {
      isKnownCommune: (insee) => communes.has(insee),
      defaultRetentionDays: this.#deps.defaultRetentionDays,
      sectorId: (reference) => sectors.get(reference),
    });
    const stored = new Map(
      storedRows.map(({ row, sectorIds }) => [row.name, { row, sectorIds, credentials: () => (row.credentials === null ? null : this.#deps.cipher.open(row.credentials, row.id)) }]),
    );
    const plan = planImport(parsed.cameras, stored, mode);
    const errors = [...parsed.errors, ...plan.errors].sort((a, b) => a.line - b.line);
    const report = (created: ReadonlyArray<string | null>): CameraImportReport => ({
      imported: errors.length > 0 || dryRun ? 0 : plan.creates.length + plan.updates.length,
      dryRun,
      mode,
      errors,
      created: plan.creates.map((c, i) => ({ line: c.line, id: created[i] ?? null, name: c.draft.name, commune: c.draft.communeInsee })),
      updated: plan.updates.map((u) => ({ line: u.line, id: u.id, name: u.camera.draft.name, changed: u.changed })),
      unchanged: plan.unchanged,
      removed: plan.removals.map((r) => ({ id: r.id, name: r.name, commune: r.commune_insee })),
    });
    if (dryRun) return report([]);
    const journalImport = async (outcome: 'allowed' | 'failed', details: Record<string, unknown>): Promise<void> => {
      if (author !== undefined) await journalChange(this.#deps.journal, author, 'camera.import', null, { format: source.kind, mode, ...details }, outcome);
    };
    if (errors.length > 0) {
      await journalImport('failed', { imported: 0, errors: errors.length });
      return report([]);
    }
    const ids = plan.creates.map(() => newId());
    const touched = [...plan.updates.map((u) => u.id), ...plan.removals.map((r) => r.id)];
    const before = new Map((await selectCameras(db, { ids: touched })).map((camera) => [camera.id, camera]));
    const nowMs = this.#deps.clock.now();
    try {
      await db.transaction().execute(async (trx) => {
        for (const [i, { draft, sectorIds }] of plan.creates.entries()) {
          const id = ids[i] as string;
          await insertCamera(trx, this.#toRow(id, draft, this.#seal(draft.credentials ?? null, id), nowMs), sectorIds);
        }
        for (const { id, camera } of plan.updates) {
          const row = (stored.get(camera.draft.name) as StoredCamera).row;
          const envelope = camera.draft.credentials === undefined ? row.credentials : this.#seal(camera.draft.credentials, id);
          await updateCameraRow(trx, { ...this.#toRow(id, camera.draft, envelope, nowMs), created_at: row.created_at }, camera.draft.sectors === undefined ? undefined : camera.sectorIds);
        }
        for (const removal of plan.removals) await deleteCamera(trx, removal.id);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another writer took a name between our check and the insert: report it like any other conflict.
      const conflict: FieldError = { line: 0, field: 'name', message: 'a camera name in the file was taken while importing; retry', reason: 'name-taken' };
      await journalImport('failed', { imported: 0, errors: 1 });
      return { ...report([]), imported: 0, errors: [conflict] };
    }
    await journalImport('allowed', {
      imported: ids.length + plan.updates.length,
      created: ids.length,
      updated: plan.updates.length,
      removed: plan.removals.length,
      cameraIds: [...ids, ...touched],
    });
    const after = new Map((await selectCameras(db, { ids: [...ids, ...plan.updates.map((u) => u.id)] })).map((camera) => [camera.id, camera]));
    for (const id of ids) {
      const camera = after.get(id);
      if (camera !== undefined) this.#deps.changes.emit({ kind: 'created', camera });
    }
    for (const { id } of plan.updates) {
      const [camera, previous] = [after.get(id), before.get(id)];
      if (camera !== undefined && previous !== undefined) this.#deps.changes.emit({ kind: 'updated', camera, previous });
    }
    for (const { id } of plan.removals) {
      const camera = before.get(id);
      if (camera !== undefined) this.#deps.changes.emit({ kind: 'removed', camera });
    }
    return report(ids);
  }

  /** URLs and decrypted credentials, for the media ingest only — never for an API reply. */
  async streams(id: string): Promise<CameraStreams> {
    const row = await selectCameraRow(this.#deps.db, id);
    if (row === undefined) throw notFound('camera', id);
    const credentials = row.credentials === null ? undefined : this.#deps.cipher.open(row.credentials, id);
    const endpoint = (url: string): StreamEndpoint => (credentials === undefined ? { url } : { url, ...credentials });
    return row.sub_url === null ? { main: endpoint(row.main_url) } : { main: endpoint(row.main_url), sub: endpoint(row.sub_url) };
  }

  async #validate(fields: CameraFields): Promise<CameraDraft> {
    const communes = await selectCommuneCodes(this.#deps.db);
    const result = validateCamera(fields, { isKnownCommune: (insee) => communes.has(insee), defaultRetentionDays: this.#deps.defaultRetentionDays });
    if (!result.ok) throw validationError(result.issues);
    return result.value;
  }

  async #resolveSectors(references: readonly string[]): Promise<string[]> {
    const index = await selectSectorIndex(this.#deps.db);
    const issues: FieldIssue[] = [];
    const ids = references.map((reference) => {
      const id = index.get(reference);
      if (id === undefined) issues.push({ field: 'sectors', message: `unknown sector "${reference}"`, code: TERRITORY_ERRORS.invalid, reason: 'unknown-sector' });
      return id ?? '';
    });
    if (issues.length > 0) throw validationError(issues);
    return [...new Set(ids)];
  }

  /** Runs one write in a transaction, turning a duplicate name into a clear 409, and reads the camera back. */
  async #write(name: string, write: (db: Kysely<Database>) => Promise<void>, id: string): Promise<Camera> {
    try {
      await this.#deps.db.transaction().execute(write);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken('camera', name);
      throw error;
    }
    return this.require(id);
  }

  #seal(credentials: Credentials | null, id: string): string | null {
    return credentials === null ? null : this.#deps.cipher.seal(credentials, id);
  }

  #toRow(id: string, draft: CameraDraft, credentials: string | null, nowMs: number): CameraRow {
    return { id, ...draftColumns(draft), credentials, created_at: nowMs, updated_at: nowMs };
  }
}

/** A stored camera as the fields an update starts from (credentials stay out: they are kept unless replaced). */
function fieldsOf(camera: Camera): CameraFields {
  return {
    name: camera.name,
    commune: camera.communeInsee,
    lat: camera.position.lat,
    lon: camera.position.lon,
    type: camera.type,
    mounting: camera.mounting,
    mainUrl: camera.mainUrl,
    subUrl: camera.subUrl,
    retentionDays: camera.retentionDays,
    purposes: camera.purposes,
    sectors: camera.sectors.map((s) => s.id),
    enabled: camera.enabled,
    narrowField: camera.narrowField,
    onvifHost: camera.onvif?.host ?? null,
    onvifPort: camera.onvif?.port ?? null,
    fieldOfView: camera.fieldOfView,
    authorisationRef: camera.authorisation.reference,
    authorisationExpiresOn: camera.authorisation.expiresOn,
  };
}

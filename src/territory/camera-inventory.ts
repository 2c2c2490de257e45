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
  selectCameraNames,
  selectCameraRow,
  selectCameras,
  updateCameraRow,
  type CameraRow,
} from './camera-store.js';
import { selectCommuneCodes } from './commune-store.js';
import type { CredentialsCipher } from './credentials-cipher.js';
import { TERRITORY_ERRORS, nameTaken, notFound, validationError, type FieldIssue } from './errors.js';
import type { ImportSource } from './import-rows.js';
import type { Camera, CameraStreams, ChangeAuthor, Credentials, ImportReport, StreamEndpoint } from './model.js';
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

  /** All-or-nothing: any bad line and nothing is written; the report names every bad line. Journaled with an author. */
  async import(source: ImportSource, author?: ChangeAuthor): Promise<ImportReport> {
    const db = this.#deps.db;
    const [communes, names, sectors] = await Promise.all([selectCommuneCodes(db), selectCameraNames(db), selectSectorIndex(db)]);
    const parsed = parseCameras(source, {
      isKnownCommune: (insee) => communes.has(insee),
      defaultRetentionDays: this.#deps.defaultRetentionDays,
      isCameraNameTaken: (name) => names.has(name),
      sectorId: (reference) => sectors.get(reference),
    });
    if (!parsed.ok) {
      if (author !== undefined) await journalChange(this.#deps.journal, author, 'camera.import', null, { format: source.kind, imported: 0, errors: parsed.errors.length }, 'failed');
      return { imported: 0, errors: parsed.errors };
    }
    const nowMs = this.#deps.clock.now();
    const ids = parsed.cameras.map(() => newId());
    try {
      await db.transaction().execute(async (trx) => {
        for (const [i, { draft, sectorIds }] of parsed.cameras.entries()) {
          const id = ids[i] as string;
          await insertCamera(trx, this.#toRow(id, draft, this.#seal(draft.credentials ?? null, id), nowMs), sectorIds);
        }
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another writer took a name between our check and the insert: report it like any other conflict.
      if (author !== undefined) await journalChange(this.#deps.journal, author, 'camera.import', null, { format: source.kind, imported: 0, errors: 1 }, 'failed');
      return { imported: 0, errors: [{ line: 0, field: 'name', message: 'a camera name in the file was taken while importing; retry' }] };
    }
    if (author !== undefined) await journalChange(this.#deps.journal, author, 'camera.import', null, { format: source.kind, imported: ids.length, cameraIds: ids });
    for (const camera of await selectCameras(db, { ids })) this.#deps.changes.emit({ kind: 'created', camera });
    return { imported: ids.length, errors: [] };
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
      if (id === undefined) issues.push({ field: 'sectors', message: `unknown sector "${reference}"`, code: TERRITORY_ERRORS.invalid });
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
    return {
      id,
      name: draft.name,
      commune_insee: draft.communeInsee,
      lat: draft.position.lat,
      lon: draft.position.lon,
      type: draft.type,
      mounting: draft.mounting,
      main_url: draft.mainUrl,
      sub_url: draft.subUrl,
      credentials,
      retention_days: draft.retentionDays,
      purposes: JSON.stringify(draft.purposes),
      enabled: draft.enabled ? 1 : 0,
      narrow_field: draft.narrowField ? 1 : 0,
      onvif_host: draft.onvif?.host ?? null,
      onvif_port: draft.onvif?.port ?? null,
      created_at: nowMs,
      updated_at: nowMs,
    };
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
  };
}

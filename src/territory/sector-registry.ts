// Sectors: named groups of cameras and/or areas (GeoJSON polygons), some flagged sensitive so that operators
// watch them first, each in one commune (or, for older ones, spanning several). Creation, update (fields given
// replace those stored) and removal; a sector of a commune holds only that commune's cameras.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from './camera-store.js';
import { TERRITORY_ERRORS, nameTaken, notFound, validationError, type FieldIssue } from './errors.js';
import { isAbsent, readBoolean, readText } from './field-values.js';
import { readArea } from './geojson.js';
import type { Sector } from './model.js';
import { communeExists, deleteSector, insertSector, selectCameraCommunes, selectSectorRow, selectSectors, updateSectorRow, type SectorRow } from './sector-store.js';

export interface SectorFields {
  readonly name?: unknown;
  readonly sensitive?: unknown;
  /** GeoJSON Polygon/MultiPolygon, or null for none. */
  readonly area?: unknown;
  /** INSEE code of the sector's commune, or null for a sector spanning several communes. */
  readonly commune?: unknown;
  readonly cameraIds?: unknown;
}

export class SectorRegistry {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  list(): Promise<Sector[]> {
    return selectSectors(this.#db);
  }

  async get(id: string): Promise<Sector> {
    const sector = (await selectSectors(this.#db, [id]))[0];
    if (sector === undefined) throw notFound('sector', id);
    return sector;
  }

  async create(fields: SectorFields): Promise<Sector> {
    const nowMs = this.#clock.now();
    const { row, cameraIds } = await this.#validate({ id: newId(), name: '', sensitive: 0, area: null, commune_insee: null, created_at: nowMs, updated_at: nowMs }, fields, true);
    await this.#write(row.name, (db) => insertSector(db, row, cameraIds ?? []));
    return this.get(row.id);
  }

  async update(id: string, fields: SectorFields): Promise<Sector> {
    const stored = await selectSectorRow(this.#db, id);
    if (stored === undefined) throw notFound('sector', id);
    const { row, cameraIds } = await this.#validate({ ...stored, updated_at: this.#clock.now() }, fields, false);
    await this.#write(row.name, (db) => updateSectorRow(db, row, cameraIds));
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const removed = await this.#db.transaction().execute((trx) => deleteSector(trx, id));
    if (!removed) throw notFound('sector', id);
  }

  async #validate(base: SectorRow, fields: SectorFields, creating: boolean): Promise<{ row: SectorRow; cameraIds: string[] | undefined }> {
    const issues: FieldIssue[] = [];
    const issue = (field: string, message: string): void => void issues.push({ field, message, code: TERRITORY_ERRORS.invalid, reason: 'invalid' });
    let row = base;
    if (fields.name !== undefined || creating) {
      const name = isAbsent(fields.name) ? { ok: false as const, message: 'is required' } : readText(fields.name, 120);
      if (name.ok) row = { ...row, name: name.value };
      else issue('name', name.message);
    }
    if (fields.sensitive !== undefined) {
      const sensitive = readBoolean(fields.sensitive);
      if (sensitive.ok) row = { ...row, sensitive: sensitive.value ? 1 : 0 };
      else issue('sensitive', sensitive.message);
    }
    if (fields.area === null) row = { ...row, area: null };
    else if (fields.area !== undefined) {
      const area = readArea(fields.area);
      if (area.ok) row = { ...row, area: JSON.stringify(area.value) };
      else issue('area', area.message);
    }
    // The API's validation coerces a JSON null to '' for a nullable text: both mean no commune.
    if (fields.commune === null || fields.commune === '') row = { ...row, commune_insee: null };
    else if (fields.commune !== undefined) {
      const insee = typeof fields.commune === 'string' ? fields.commune.trim().toUpperCase() : '';
      if (insee !== '' && (await communeExists(this.#db, insee))) row = { ...row, commune_insee: insee };
      else issues.push({ field: 'commune', message: `unknown commune ${String(fields.commune)}`, code: TERRITORY_ERRORS.unknownCommune, reason: 'unknown-commune' });
    }
    let cameraIds: string[] | undefined;
    if (fields.cameraIds !== undefined) {
      if (!Array.isArray(fields.cameraIds) || !fields.cameraIds.every((id): id is string => typeof id === 'string')) issue('cameraIds', 'must be a list of camera ids');
      else cameraIds = [...new Set(fields.cameraIds)];
    }
    // The members checked: those given, or (when only the commune changes) those the sector already holds.
    const members = cameraIds ?? (creating || fields.commune === undefined ? [] : ((await selectSectors(this.#db, [base.id]))[0]?.cameraIds ?? []));
    const communes = await selectCameraCommunes(this.#db, members);
    const unknown = members.filter((id) => !communes.has(id));
    if (unknown.length > 0) issue('cameraIds', `unknown camera ${unknown.join(', ')}`);
    const elsewhere = members.filter((id) => row.commune_insee !== null && communes.has(id) && communes.get(id) !== row.commune_insee);
    if (elsewhere.length > 0 && !issues.some((i) => i.field === 'commune'))
      issues.push({ field: 'cameraIds', message: `camera ${elsewhere.join(', ')} is not in commune ${row.commune_insee ?? ''}`, code: TERRITORY_ERRORS.invalid, reason: 'outside-commune' });
    if (issues.length > 0) throw validationError(issues);
    return { row, cameraIds };
  }

  async #write(name: string, write: (db: Kysely<Database>) => Promise<void>): Promise<void> {
    try {
      await this.#db.transaction().execute(write);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken('sector', name);
      throw error;
    }
  }
}

// Sector queries: the only code that reads or writes the sector table and a sector's members.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import type { Sector } from './model.js';
import type { SectorTable } from './tables.js';

export type SectorRow = Selectable<SectorTable>;

export async function selectSectors(db: Kysely<Database>, ids?: readonly string[]): Promise<Sector[]> {
  if (ids?.length === 0) return [];
  let query = db.selectFrom('sectors').selectAll().orderBy('name');
  if (ids !== undefined) query = query.where('id', 'in', ids);
  const rows = await query.execute();
  let members = db.selectFrom('sector_cameras').select(['sector_id', 'camera_id']).orderBy('camera_id');
  if (ids !== undefined) members = members.where('sector_id', 'in', ids);
  const bySector = new Map<string, string[]>();
  for (const member of await members.execute()) {
    const list = bySector.get(member.sector_id) ?? [];
    list.push(member.camera_id);
    bySector.set(member.sector_id, list);
  }
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    sensitive: row.sensitive === 1,
    area: row.area === null ? null : (JSON.parse(row.area) as unknown),
    communeInsee: row.commune_insee,
    cameraIds: bySector.get(row.id) ?? [],
    createdAtMs: Number(row.created_at),
    updatedAtMs: Number(row.updated_at),
  }));
}

export async function selectSectorRow(db: Kysely<Database>, id: string): Promise<SectorRow | undefined> {
  return db.selectFrom('sectors').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sector ids by id and by name, for resolving references in imports. */
export async function selectSectorIndex(db: Kysely<Database>): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  for (const row of await db.selectFrom('sectors').select(['id', 'name']).execute()) {
    index.set(row.name, row.id);
    index.set(row.id, row.id);
  }
  return index;
}

export async function insertSector(db: Kysely<Database>, row: SectorRow, cameraIds: readonly string[]): Promise<void> {
  await db.insertInto('sectors').values(row).execute();
  await replaceSectorCameras(db, row.id, cameraIds);
}

export async function updateSectorRow(db: Kysely<Database>, row: SectorRow, cameraIds: readonly string[] | undefined): Promise<void> {
  const { id, created_at: _createdAt, ...changes } = row;
  await db.updateTable('sectors').set(changes).where('id', '=', id).execute();
  if (cameraIds !== undefined) await replaceSectorCameras(db, id, cameraIds);
}

export async function deleteSector(db: Kysely<Database>, id: string): Promise<boolean> {
  await db.deleteFrom('sector_cameras').where('sector_id', '=', id).execute();
  const result = await db.deleteFrom('sectors').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The commune of each of these camera ids that exists. */
export async function selectCameraCommunes(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('cameras').select(['id', 'commune_insee']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.commune_insee]));
}

/** Whether a commune is in the territory. */
export async function communeExists(db: Kysely<Database>, insee: string): Promise<boolean> {
  return (await db.selectFrom('communes').select('insee').where('insee', '=', insee).executeTakeFirst()) !== undefined;
}

async function replaceSectorCameras(db: Kysely<Database>, sectorId: string, cameraIds: readonly string[]): Promise<void> {
  await db.deleteFrom('sector_cameras').where('sector_id', '=', sectorId).execute();
  if (cameraIds.length > 0)
    await db
      .insertInto('sector_cameras')
      .values(cameraIds.map((camera_id) => ({ sector_id: sectorId, camera_id })))
      .execute();
}

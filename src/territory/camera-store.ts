// Camera queries: the only code that reads or writes the camera and sector_camera tables.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import type { Camera, CameraType, FieldOfView, Purpose, SectorRef } from './model.js';
import type { CameraTable } from './tables.js';

export type CameraRow = Selectable<CameraTable>;

export interface CameraFilter {
  readonly ids?: readonly string[];
  /** Only cameras of these communes (commune scope). */
  readonly communes?: readonly string[];
}

export async function selectCameras(db: Kysely<Database>, filter: CameraFilter = {}): Promise<Camera[]> {
  if (filter.ids?.length === 0 || filter.communes?.length === 0) return [];
  let query = db
    .selectFrom('cameras')
    .innerJoin('communes', 'communes.insee', 'cameras.commune_insee')
    .selectAll('cameras')
    .select('communes.name as commune_name')
    .orderBy('communes.name')
    .orderBy('cameras.name');
  if (filter.ids !== undefined) query = query.where('cameras.id', 'in', filter.ids);
  if (filter.communes !== undefined) query = query.where('cameras.commune_insee', 'in', filter.communes);
  const rows = await query.execute();
  const sectors = await sectorsByCamera(db, filter.ids);
  return rows.map((row) => toCamera(row, row.commune_name, sectors.get(row.id) ?? []));
}

export async function selectCamera(db: Kysely<Database>, id: string): Promise<Camera | undefined> {
  return (await selectCameras(db, { ids: [id] }))[0];
}

/** Every stored camera row with the ids of its sectors (the import compares a file against these). */
export async function selectCameraRowsWithSectors(db: Kysely<Database>): Promise<Array<{ row: CameraRow; sectorIds: string[] }>> {
  const [rows, members] = await Promise.all([db.selectFrom('cameras').selectAll().execute(), db.selectFrom('sector_cameras').selectAll().execute()]);
  const byCamera = new Map<string, string[]>();
  for (const member of members) byCamera.set(member.camera_id, [...(byCamera.get(member.camera_id) ?? []), member.sector_id]);
  return rows.map((row) => ({ row, sectorIds: byCamera.get(row.id) ?? [] }));
}

export async function selectCameraRow(db: Kysely<Database>, id: string): Promise<CameraRow | undefined> {
  return db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectCameraCommune(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('cameras').select('commune_insee').where('id', '=', id).executeTakeFirst();
  return row?.commune_insee;
}

export async function insertCamera(db: Kysely<Database>, row: CameraRow, sectorIds: readonly string[]): Promise<void> {
  await db.insertInto('cameras').values(row).execute();
  await replaceCameraSectors(db, row.id, sectorIds);
}

export async function updateCameraRow(db: Kysely<Database>, row: CameraRow, sectorIds: readonly string[] | undefined): Promise<void> {
  const { id, created_at: _createdAt, ...changes } = row;
  await db.updateTable('cameras').set(changes).where('id', '=', id).execute();
  if (sectorIds !== undefined) await replaceCameraSectors(db, id, sectorIds);
}

export async function deleteCamera(db: Kysely<Database>, id: string): Promise<boolean> {
  await db.deleteFrom('sector_cameras').where('camera_id', '=', id).execute();
  const result = await db.deleteFrom('cameras').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

async function replaceCameraSectors(db: Kysely<Database>, cameraId: string, sectorIds: readonly string[]): Promise<void> {
  await db.deleteFrom('sector_cameras').where('camera_id', '=', cameraId).execute();
  if (sectorIds.length > 0)
    await db
      .insertInto('sector_cameras')
      .values(sectorIds.map((sector_id) => ({ sector_id, camera_id: cameraId })))
      .execute();
}

async function sectorsByCamera(db: Kysely<Database>, cameraIds: readonly string[] | undefined): Promise<Map<string, SectorRef[]>> {
  let query = db
    .selectFrom('sector_cameras')
    .innerJoin('sectors', 'sectors.id', 'sector_cameras.sector_id')
    .select(['sector_cameras.camera_id', 'sectors.id', 'sectors.name', 'sectors.sensitive'])
    .orderBy('sectors.name');
  if (cameraIds !== undefined) query = query.where('sector_cameras.camera_id', 'in', cameraIds);
  const byCamera = new Map<string, SectorRef[]>();
  for (const row of await query.execute()) {
    const list = byCamera.get(row.camera_id) ?? [];
    list.push({ id: row.id, name: row.name, sensitive: row.sensitive === 1 });
    byCamera.set(row.camera_id, list);
  }
  return byCamera;
}

function toCamera(row: CameraRow, communeName: string, sectors: readonly SectorRef[]): Camera {
  return {
    id: row.id,
    name: row.name,
    communeInsee: row.commune_insee,
    communeName,
    position: { lat: row.lat, lon: row.lon },
    type: row.type as CameraType,
    mounting: row.mounting,
    mainUrl: row.main_url,
    subUrl: row.sub_url,
    hasCredentials: row.credentials !== null,
    retentionDays: row.retention_days,
    purposes: JSON.parse(row.purposes) as Purpose[],
    sectors,
    enabled: row.enabled === 1,
    narrowField: row.narrow_field === 1,
    onvif: row.onvif_host === null ? null : { host: row.onvif_host, port: row.onvif_port },
    fieldOfView: fieldOfViewOf(row),
    authorisation: { reference: row.authorisation_ref, expiresOn: row.authorisation_expires_on },
    createdAtMs: Number(row.created_at),
    updatedAtMs: Number(row.updated_at),
  };
}

function fieldOfViewOf(row: CameraRow): FieldOfView | null {
  if (row.fov_direction_deg === null || row.fov_angle_deg === null) return null;
  const view = { directionDeg: Number(row.fov_direction_deg), angleDeg: Number(row.fov_angle_deg) };
  return row.fov_range_m === null ? view : { ...view, rangeM: Number(row.fov_range_m) };
}

/** True for a UNIQUE constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

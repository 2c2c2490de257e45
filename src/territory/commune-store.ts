// Commune queries: the only code that reads or writes the commune table.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import type { CommuneDraft } from './commune-import.js';
import type { Commune, CommuneWithOutline } from './model.js';
import type { CommuneTable } from './tables.js';

export async function selectCommunes(db: Kysely<Database>): Promise<Commune[]> {
  const rows = await db
    .selectFrom('communes')
    .select(['insee', 'name', 'centroid_lat', 'centroid_lon', 'population', sql<number>`case when outline is null then 0 else 1 end`.as('has_outline')])
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    insee: row.insee,
    name: row.name,
    centroid: { lat: row.centroid_lat, lon: row.centroid_lon },
    population: row.population,
    hasOutline: Number(row.has_outline) === 1,
  }));
}

export async function selectCommune(db: Kysely<Database>, insee: string): Promise<CommuneWithOutline | undefined> {
  const row = await db.selectFrom('communes').selectAll().where('insee', '=', insee).executeTakeFirst();
  return row === undefined ? undefined : toCommune(row);
}

export async function selectCommuneCodes(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('communes').select('insee').execute();
  return new Set(rows.map((r) => r.insee));
}

/** Inserts or updates each commune; a draft without outline keeps the stored one. Returns how many were new. */
export async function upsertCommunes(db: Kysely<Database>, drafts: readonly CommuneDraft[], nowMs: number): Promise<{ created: number; updated: number }> {
  const existing = await selectCommuneCodes(db);
  for (const draft of drafts) {
    await db
      .insertInto('communes')
      .values({
        insee: draft.insee,
        name: draft.name,
        centroid_lat: draft.centroid.lat,
        centroid_lon: draft.centroid.lon,
        outline: draft.outline,
        population: draft.population,
        created_at: nowMs,
        updated_at: nowMs,
      })
      .onConflict((oc) =>
        oc.column('insee').doUpdateSet({
          name: (eb) => eb.ref('excluded.name'),
          centroid_lat: (eb) => eb.ref('excluded.centroid_lat'),
          centroid_lon: (eb) => eb.ref('excluded.centroid_lon'),
          outline: sql<string | null>`coalesce(excluded.outline, communes.outline)`,
          population: sql<number | null>`coalesce(excluded.population, communes.population)`,
          updated_at: nowMs,
        }),
      )
      .execute();
  }
  const created = drafts.filter((d) => !existing.has(d.insee)).length;
  return { created, updated: drafts.length - created };
}

/** Sets outlines only, for communes already known (the demo adds shared outlines to its public facts). */
export async function updateOutlines(db: Kysely<Database>, outlines: ReadonlyArray<{ readonly insee: string; readonly outline: string }>, nowMs: number): Promise<number> {
  let updated = 0;
  for (const { insee, outline } of outlines) {
    const result = await db.updateTable('communes').set({ outline, updated_at: nowMs }).where('insee', '=', insee).executeTakeFirst();
    updated += Number(result.numUpdatedRows);
  }
  return updated;
}

function toCommune(row: Selectable<CommuneTable>): CommuneWithOutline {
  return {
    insee: row.insee,
    name: row.name,
    centroid: { lat: row.centroid_lat, lon: row.centroid_lon },
    population: row.population,
    hasOutline: row.outline !== null,
    outline: row.outline === null ? null : (JSON.parse(row.outline) as unknown),
  };
}

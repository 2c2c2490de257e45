// A sector belongs to a commune (the console edits sectors commune by commune; a mayor sees his communes'
// sectors). Null for a sector that groups cameras of several communes, as sectors made before this did.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sectors').addColumn('commune_insee', 'text').execute();
  await db.schema.createIndex('sectors_commune_idx').on('sectors').column('commune_insee').execute();
}

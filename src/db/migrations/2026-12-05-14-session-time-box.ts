// A login session may end at a set instant whatever its use: an investigator's session in the viewing room is
// time-boxed (security.investigatorSessionMinutes). Null for the others (idle and absolute limits only).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('ends_at', 'bigint').execute();
}

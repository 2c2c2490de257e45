// API tokens carry at most the rights of the person who minted them: each token records its owner's account.
// Tokens minted before this migration are attached to the account named in created_by, when it still exists.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('owner_id', 'text').execute();
  await sql`update api_tokens set owner_id = (select users.id from users where users.username = api_tokens.created_by)`.execute(db);
}

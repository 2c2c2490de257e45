// Test helper: what someone holding write access to the database (and nothing else) does to the journal,
// in raw SQL as they would: cut the tail and move the head back, rewrite and re-hash the chain, append a
// forged entry with the head moved forward. Each leaves a chain that checks out inside the database.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { entryHash, type ChainedFields } from '../chain.js';

type Row = ChainedFields & { hash: string };

async function rows(db: Kysely<Database>, fromSequence: number): Promise<Row[]> {
  const result = await sql<Row>`select * from journal_entries where sequence >= ${fromSequence} order by sequence`.execute(db);
  return result.rows.map((row) => ({ ...row, sequence: Number(row.sequence), time: Number(row.time) }));
}

/** Deletes entries from `fromSequence` on and makes the head point at the entry before. */
export async function deleteTail(db: Kysely<Database>, fromSequence: number): Promise<void> {
  const deleted = await sql`delete from journal_entries where sequence >= ${fromSequence}`.execute(db);
  const previous = await sql<{ hash: string }>`select hash from journal_entries where sequence = ${fromSequence - 1}`.execute(db);
  await sql`update journal_head set last_sequence = ${fromSequence - 1}, last_hash = ${previous.rows[0]?.hash ?? ''}, entry_count = entry_count - ${Number(deleted.numAffectedRows ?? 0n)} where id = 1`.execute(
    db,
  );
}

/** Changes an entry's details and recomputes every hash from there to the head with the real hash function. */
export async function rewriteFrom(db: Kysely<Database>, sequence: number, details: string): Promise<void> {
  let prevHash: string | undefined;
  for (const row of await rows(db, sequence)) {
    const fields = { ...row, details: row.sequence === sequence ? details : row.details, prev_hash: prevHash ?? row.prev_hash };
    prevHash = entryHash(fields);
    await sql`update journal_entries set details = ${fields.details}, prev_hash = ${fields.prev_hash}, hash = ${prevHash} where sequence = ${row.sequence}`.execute(db);
  }
  await sql`update journal_head set last_hash = ${prevHash ?? ''} where id = 1`.execute(db);
}

/** Appends a well-chained entry that Vigie never wrote, and moves the head to it. */
export async function forgeAppend(db: Kysely<Database>): Promise<number> {
  const head = (await sql<{ last_sequence: number; last_hash: string; entry_count: number }>`select last_sequence, last_hash, entry_count from journal_head where id = 1`.execute(db)).rows[0];
  if (head === undefined) throw new Error('no journal head');
  const fields: ChainedFields = {
    sequence: Number(head.last_sequence) + 1,
    time: Date.now(),
    actor_id: null,
    actor_username: 'ghost',
    actor_role: 'administrator',
    ip: '10.6.6.6',
    action: 'user.create',
    target_type: 'user',
    target_id: 'u-ghost',
    camera_id: null,
    commune_insee: null,
    outcome: 'allowed',
    details: '{}',
    prev_hash: head.last_hash,
  };
  const hash = entryHash(fields);
  await sql`insert into journal_entries (sequence, time, actor_id, actor_username, actor_role, ip, action, target_type, target_id, camera_id, commune_insee, outcome, details, prev_hash, hash)
    values (${fields.sequence}, ${fields.time}, ${fields.actor_id}, ${fields.actor_username}, ${fields.actor_role}, ${fields.ip}, ${fields.action}, ${fields.target_type}, ${fields.target_id}, ${fields.camera_id}, ${fields.commune_insee}, ${fields.outcome}, ${fields.details}, ${fields.prev_hash}, ${hash})`.execute(
    db,
  );
  await sql`update journal_head set last_sequence = ${fields.sequence}, last_hash = ${hash}, entry_count = entry_count + 1 where id = 1`.execute(db);
  return fields.sequence;
}

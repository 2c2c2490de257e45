// Checks INSEE commune codes against the territory's `communes` table. The territory capability owns that
// table; until it holds rows (or exists), any well-formed code is accepted.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { VigieError } from '../core/errors.js';

/** INSEE commune code: 5 digits, or 2A/2B + 3 digits for Corsica. */
const INSEE_CODE = /^(?:\d{5}|2[AB]\d{3})$/;

export async function assertKnownCommunes(db: Kysely<Database>, codes: readonly string[]): Promise<void> {
  const malformed = codes.filter((code) => !INSEE_CODE.test(code));
  if (malformed.length > 0) {
    throw new VigieError('VIGIE_COMMUNE_INVALID', `not an INSEE commune code: ${malformed.join(', ')} (5 digits, e.g. 28085)`, { status: 400, context: { communes: malformed } });
  }
  if (codes.length === 0) return;
  let known: Set<string>;
  try {
    const count = await sql<{ n: number | string }>`select count(*) as n from communes`.execute(db);
    if (Number(count.rows[0]?.n ?? 0) === 0) return;
    const rows = await sql<{ insee: string }>`select insee from communes where insee in (${sql.join(codes)})`.execute(db);
    known = new Set(rows.rows.map((row) => row.insee));
  } catch {
    return; // no territory table yet
  }
  const unknown = codes.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new VigieError('VIGIE_COMMUNE_UNKNOWN', `unknown commune: ${unknown.join(', ')} (not in the territory)`, { status: 400, context: { communes: unknown } });
  }
}

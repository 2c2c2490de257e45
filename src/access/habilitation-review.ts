// Habilitations come to an end by themselves: the policy refuses video from the instant valid_until passes (each
// request, and each running stream at its next re-check). This review, run by housekeeping, journals it — once
// when a habilitation enters its last 30 days, once when it has ended — so that the register of habilitations
// shows who lost access and when, and administrators see renewals coming. A renewed habilitation (a new
// valid_until) is warned about and journaled afresh.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { habilitationRecord, toUserView } from './users.js';

export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

type Mark = 'expiry_warned_for' | 'expiry_journaled_for';

export async function reviewHabilitations(db: Kysely<Database>, journal: Pick<Journal, 'append'>, nowMs: number): Promise<void> {
  await journalOnce(db, journal, 'expiry_journaled_for', 'user.habilitation.expired', (until) => until <= nowMs);
  await journalOnce(db, journal, 'expiry_warned_for', 'user.habilitation.expiring', (until) => until > nowMs && until <= nowMs + EXPIRY_WARNING_DAYS * DAY_MS);
}

async function journalOnce(db: Kysely<Database>, journal: Pick<Journal, 'append'>, mark: Mark, action: string, due: (untilMs: number) => boolean): Promise<void> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('valid_until', 'is not', null)
    .where('disabled', '=', 0)
    .where((eb) => eb.or([eb(mark, 'is', null), eb(mark, '!=', eb.ref('valid_until'))]))
    .execute();
  for (const row of rows.filter((r) => r.valid_until !== null && due(Number(r.valid_until)))) {
    // Claimed first (only if still unmarked), so that two servers sharing the database journal it once.
    const claimed = await db
      .updateTable('users')
      .set({ [mark]: row.valid_until })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb(mark, 'is', null), eb(mark, '!=', sql<number>`${row.valid_until}`)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue;
    await journal.append({
      actor: null,
      action,
      outcome: 'allowed',
      target: { type: 'user', id: row.id },
      details: { username: row.username, role: row.role, habilitation: habilitationRecord(toUserView(row)) },
    });
  }
}

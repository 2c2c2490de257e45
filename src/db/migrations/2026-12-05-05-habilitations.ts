// Habilitation records in full (the reference of the authorisation or designation, the training date), the
// password an administrator reset (to be changed at next login), the TOTP second factor (secret sealed), and
// the marks that make the expiry warning and the expiry each journaled once.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const columns: [string, 'text' | 'bigint' | 'integer', boolean][] = [
    ['reference', 'text', true],
    ['training_date', 'bigint', false],
    ['must_change_password', 'integer', true],
    ['totp_secret', 'text', false],
    ['expiry_warned_for', 'bigint', false],
    ['expiry_journaled_for', 'bigint', false],
  ];
  for (const [name, type, notNull] of columns) {
    await db.schema
      .alterTable('users')
      .addColumn(name, type, (column) => (notNull ? column.notNull().defaultTo(type === 'text' ? '' : 0) : column))
      .execute();
  }
}

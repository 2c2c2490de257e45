// Recording index, gaps, holds, destruction log, exports.
import type { Kysely } from 'kysely';

export async function up(_db: Kysely<any>): Promise<void> {}

// API tokens for integrations: `vigie_` + 256 random bits, stored hashed, shown once. Each carries at most the
// rights of the person who minted it, narrowed to a list of actions (and communes), and expires; at every use the
// owner's current rights bound it again (access.ts).
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { ACTIONS, type Action, type Role } from './actions.js';
import type { Actor } from './actor.js';
import { assertKnownCommunes, type CommuneDirectory } from './communes.js';
import { tokenOverreach } from './policy.js';
import { newSecret, secretHash } from './secrets.js';
import type { ApiTokenTable } from './tables.js';
import { parseCommunes } from './users.js';

export const TOKEN_PREFIX = 'vigie_';
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_VALIDITY_DAYS = 2 * 365;

export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly actions: readonly Action[];
  readonly communes: readonly string[];
  readonly createdBy: string;
  readonly ownerId: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revoked: boolean;
  readonly lastUsedAt: string | null;
}

export interface NewToken {
  readonly name: string;
  /** When given, must be the owner's role (a token never borrows another role). */
  readonly role?: string;
  readonly actions: readonly string[];
  readonly communes?: readonly string[];
  readonly validDays?: number;
}

export class ApiTokens {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #communes: CommuneDirectory;

  constructor(db: Kysely<Database>, clock: Clock, communes: CommuneDirectory) {
    this.#db = db;
    this.#clock = clock;
    this.#communes = communes;
  }

  /** Mints a token for `owner`, within the owner's rights at this moment (an administrator mints no video token). */
  async create(input: NewToken, owner: Actor): Promise<{ token: string; view: TokenView }> {
    const role = owner.role;
    if (input.role !== undefined && input.role !== role) {
      throw new VigieError('VIGIE_TOKEN_EXCEEDS_OWNER', `a token carries its owner's role (${role}), not ${input.role}`, { status: 403, context: { role: input.role } });
    }
    const actions = [...new Set(input.actions)];
    const unknown = actions.filter((a) => !(ACTIONS as readonly string[]).includes(a));
    if (actions.length === 0 || unknown.length > 0) {
      throw new VigieError('VIGIE_TOKEN_SCOPE_INVALID', `a token needs at least one known action; unknown: ${unknown.join(', ') || '(none given)'}`, { status: 400, context: { unknown } });
    }
    const communes = [...new Set(input.communes === undefined || input.communes.length === 0 ? owner.communes : input.communes)];
    const overreach = tokenOverreach(owner, { actions: actions as Action[], communes });
    if (overreach !== undefined) {
      throw new VigieError('VIGIE_TOKEN_EXCEEDS_OWNER', `an API token carries at most the rights of the person who mints it: ${overreach}`, { status: 403, context: { reason: overreach } });
    }
    await assertKnownCommunes(this.#communes, communes);
    const validDays = input.validDays ?? 365;
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > MAX_VALIDITY_DAYS) {
      throw new VigieError('VIGIE_TOKEN_VALIDITY_INVALID', `validDays must be 1 to ${MAX_VALIDITY_DAYS}`, { status: 400 });
    }
    const token = newSecret(TOKEN_PREFIX);
    const now = this.#clock.now();
    const row: Selectable<ApiTokenTable> = {
      id: newId(),
      name: input.name,
      token_hash: secretHash(token),
      role,
      actions: JSON.stringify(actions),
      communes: JSON.stringify(communes),
      created_by: owner.username,
      owner_id: owner.id,
      created_at: now,
      expires_at: now + validDays * DAY_MS,
      revoked_at: null,
      last_used_at: null,
    };
    await this.#db.insertInto('api_tokens').values(row).execute();
    return { token, view: toTokenView(row) };
  }

  /** Every token, or those of one owner. */
  async list(ownerId?: string): Promise<TokenView[]> {
    let query = this.#db.selectFrom('api_tokens').selectAll();
    if (ownerId !== undefined) query = query.where('owner_id', '=', ownerId);
    return (await query.orderBy('created_at', 'desc').execute()).map(toTokenView);
  }

  async revoke(id: string): Promise<TokenView> {
    const row = await this.row(id);
    if (row === undefined) throw new VigieError('VIGIE_TOKEN_NOT_FOUND', `no API token ${id}`, { status: 404 });
    const revokedAt = row.revoked_at ?? this.#clock.now();
    await this.#db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
    return toTokenView({ ...row, revoked_at: revokedAt });
  }

  async row(id: string): Promise<Selectable<ApiTokenTable> | undefined> {
    return this.#db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The live token behind a bearer value (not revoked, not expired). */
  async resolve(token: string): Promise<Selectable<ApiTokenTable> | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const row = await this.#db.selectFrom('api_tokens').selectAll().where('token_hash', '=', secretHash(token)).executeTakeFirst();
    const now = this.#clock.now();
    if (row === undefined || row.revoked_at !== null || row.expires_at <= now) return undefined;
    await this.#db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    return row;
  }
}

export function tokenActions(row: Selectable<ApiTokenTable>): Action[] {
  const value: unknown = JSON.parse(row.actions);
  return Array.isArray(value) ? value.filter((a): a is Action => (ACTIONS as readonly unknown[]).includes(a)) : [];
}

export function toTokenView(row: Selectable<ApiTokenTable>): TokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    actions: tokenActions(row),
    communes: parseCommunes(row.communes),
    createdBy: row.created_by,
    ownerId: row.owner_id,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    revoked: row.revoked_at !== null,
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
  };
}

// API tokens for integrations: `vigie_` + 256 random bits, stored hashed, shown once. Each borrows a role's
// rights narrowed to a list of actions (and communes), and expires.
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { ACTIONS, COMMUNE_SCOPED_ROLES, isRole, type Action, type Role } from './actions.js';
import { assertKnownCommunes } from './communes.js';
import { ROLE_ACTIONS } from './policy.js';
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
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revoked: boolean;
  readonly lastUsedAt: string | null;
}

export interface NewToken {
  readonly name: string;
  readonly role: string;
  readonly actions: readonly string[];
  readonly communes?: readonly string[];
  readonly validDays?: number;
}

export class ApiTokens {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async create(input: NewToken, createdBy: string): Promise<{ token: string; view: TokenView }> {
    if (!isRole(input.role)) throw new VigieError('VIGIE_ROLE_INVALID', `unknown role "${input.role}"`, { status: 400 });
    const role = input.role;
    const actions = [...new Set(input.actions)];
    const outside = actions.filter((a) => !(ROLE_ACTIONS[role] as readonly string[]).includes(a));
    if (actions.length === 0 || outside.length > 0) {
      throw new VigieError('VIGIE_TOKEN_SCOPE_INVALID', `a token needs at least one action, all allowed to role ${role}; not allowed: ${outside.join(', ') || '(none given)'}`, { status: 400, context: { outside } });
    }
    const communes = [...new Set(input.communes ?? [])];
    if (COMMUNE_SCOPED_ROLES.includes(role) && communes.length === 0) throw new VigieError('VIGIE_COMMUNE_REQUIRED', `a ${role} token needs its communes`, { status: 400 });
    await assertKnownCommunes(this.#db, communes);
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
      created_by: createdBy,
      created_at: now,
      expires_at: now + validDays * DAY_MS,
      revoked_at: null,
      last_used_at: null,
    };
    await this.#db.insertInto('api_tokens').values(row).execute();
    return { token, view: toTokenView(row) };
  }

  async list(): Promise<TokenView[]> {
    return (await this.#db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute()).map(toTokenView);
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
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    revoked: row.revoked_at !== null,
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString(),
  };
}

// Named accounts and their habilitation records: validation, creation, changes, removal. Journaling is done
// by the caller (the API through the auth hook, the CLI directly), which knows who acts and from where.
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { COMMUNE_SCOPED_ROLES, isRole, type Role } from './actions.js';
import { assertKnownCommunes, type CommuneDirectory } from './communes.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { habilitationProblem } from './policy.js';
import { assertStrongPassword, type PasswordRules } from './password-policy.js';
import type { UserTable } from './tables.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly communes: readonly string[];
  readonly grantedBy: string;
  readonly authority: string;
  readonly reference: string;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
  /** The day the person was trained (ISO date-time at UTC midnight), or null. */
  readonly trainingDate: string | null;
  readonly disabled: boolean;
  /** The password was reset by an administrator and must be changed at next login. */
  readonly mustChangePassword: boolean;
  /** A TOTP second factor is enrolled. */
  readonly secondFactor: boolean;
  readonly createdAt: string;
}

/** An account as a chooser offers it (a room lead naming the investigator of a requisition): no habilitation, no role. */
export interface AccountChoice {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

/** The habilitation record's fields as the store takes them (instants in epoch ms; null clears). */
interface HabilitationInput {
  readonly grantedBy?: string;
  readonly authority?: string;
  readonly reference?: string;
  readonly validFromMs?: number | null;
  readonly validUntilMs?: number | null;
  readonly trainingDateMs?: number | null;
}

export interface NewUser extends HabilitationInput {
  readonly username: string;
  readonly role: string;
  readonly password: string;
  readonly displayName?: string;
  readonly communes?: readonly string[];
}

export interface UserChanges extends HabilitationInput {
  readonly displayName?: string;
  readonly role?: string;
  readonly communes?: readonly string[];
  readonly password?: string;
  /** Set with a password an administrator chose: the person must replace it at next login. */
  readonly mustChangePassword?: boolean;
  readonly disabled?: boolean;
}

export class Users {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #communes: CommuneDirectory;
  readonly #passwordRules: PasswordRules;

  constructor(db: Kysely<Database>, clock: Clock, communes: CommuneDirectory, passwordRules: PasswordRules) {
    this.#db = db;
    this.#clock = clock;
    this.#communes = communes;
    this.#passwordRules = passwordRules;
  }

  /** Every account, or with `expiringWithinDays` those whose habilitation ends within that many days (or has ended). */
  async list(filter: { expiringWithinDays?: number } = {}): Promise<UserView[]> {
    let query = this.#db.selectFrom('users').selectAll().orderBy('username');
    if (filter.expiringWithinDays !== undefined) query = query.where('valid_until', 'is not', null).where('valid_until', '<=', this.#clock.now() + filter.expiringWithinDays * DAY_MS);
    return (await query.execute()).map(toUserView);
  }

  /**
   * The accounts of a role that may act now — not disabled, habilitation in force (the policy's habilitationProblem) —
   * by display name, reduced to what choosing one needs.
   */
  async active(role: Role): Promise<AccountChoice[]> {
    const now = this.#clock.now();
    const rows = await this.#db.selectFrom('users').select(['id', 'username', 'display_name', 'disabled', 'valid_from', 'valid_until']).where('role', '=', role).execute();
    const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
    return rows
      .filter((row) => habilitationProblem({ disabled: row.disabled === 1, validFromMs: row.valid_from, validUntilMs: row.valid_until }, now) === undefined)
      .map((row) => ({ id: row.id, username: row.username, displayName: row.display_name }))
      .sort((a, b) => collator.compare(a.displayName, b.displayName) || collator.compare(a.username, b.username));
  }

  async get(id: string): Promise<UserView> {
    return toUserView(await this.row(id));
  }

  async row(id: string): Promise<Selectable<UserTable>> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new VigieError('VIGIE_USER_NOT_FOUND', `no user ${id}`, { status: 404, context: { id } });
    return row;
  }

  async findByUsername(username: string): Promise<Selectable<UserTable> | undefined> {
    return this.#db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
  }

  async countAdministrators(): Promise<number> {
    const row = await this.#db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('role', '=', 'administrator')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(input: NewUser): Promise<UserView> {
    const username = input.username.toLowerCase();
    if (!USERNAME.test(username)) {
      throw new VigieError('VIGIE_USERNAME_INVALID', 'username must be 2–64 characters: lowercase letters, digits, ".", "_" or "-", starting with a letter or digit', {
        status: 400,
        context: { username: input.username },
      });
    }
    const role = checkRole(input.role);
    const communes = await this.#checkCommunes(role, input.communes ?? []);
    await assertStrongPassword(input.password, this.#passwordRules, { username, ...(input.displayName === undefined ? {} : { displayName: input.displayName }) });
    checkHabilitation(input.validFromMs ?? null, input.validUntilMs ?? null, input.trainingDateMs ?? null);
    if ((await this.findByUsername(username)) !== undefined) {
      throw new VigieError('VIGIE_USERNAME_TAKEN', `username ${username} is already taken`, { status: 409, context: { username } });
    }
    const now = this.#clock.now();
    const row: Selectable<UserTable> = {
      id: newId(),
      username,
      display_name: input.displayName ?? username,
      role,
      communes: JSON.stringify(communes),
      password_hash: await hashPassword(input.password),
      granted_by: input.grantedBy ?? '',
      authority: input.authority ?? '',
      reference: input.reference ?? '',
      valid_from: input.validFromMs ?? null,
      valid_until: input.validUntilMs ?? null,
      training_date: input.trainingDateMs ?? null,
      disabled: 0,
      must_change_password: 0,
      totp_secret: null,
      expiry_warned_for: null,
      expiry_journaled_for: null,
      created_at: now,
      updated_at: now,
    };
    await this.#db.insertInto('users').values(row).execute();
    return toUserView(row);
  }

  /** Applies changes; returns the account before and after. Password change or disabling ends the user's sessions. */
  async update(id: string, changes: UserChanges): Promise<{ before: UserView; after: UserView }> {
    const current = await this.row(id);
    const role = changes.role === undefined ? (current.role as Role) : checkRole(changes.role);
    const communesChanged = changes.communes !== undefined || role !== current.role;
    // Leaving a commune-scoped role drops the communes unless new ones are given (and then refused).
    const requested = changes.communes ?? (COMMUNE_SCOPED_ROLES.includes(role) ? parseCommunes(current.communes) : []);
    const communes = communesChanged ? await this.#checkCommunes(role, requested) : parseCommunes(current.communes);
    const validFrom = changes.validFromMs === undefined ? current.valid_from : changes.validFromMs;
    const validUntil = changes.validUntilMs === undefined ? current.valid_until : changes.validUntilMs;
    const trainingDate = changes.trainingDateMs === undefined ? current.training_date : changes.trainingDateMs;
    checkHabilitation(validFrom, validUntil, trainingDate);
    const disabled = changes.disabled === undefined ? current.disabled === 1 : changes.disabled;
    if (current.role === 'administrator' && current.disabled === 0 && (role !== 'administrator' || disabled)) await this.#keepOneAdministrator(id);
    const update: Updateable<UserTable> = {
      role,
      communes: JSON.stringify(communes),
      valid_from: validFrom,
      valid_until: validUntil,
      training_date: trainingDate,
      disabled: disabled ? 1 : 0,
      updated_at: this.#clock.now(),
      ...(changes.displayName === undefined ? {} : { display_name: changes.displayName }),
      ...(changes.grantedBy === undefined ? {} : { granted_by: changes.grantedBy }),
      ...(changes.authority === undefined ? {} : { authority: changes.authority }),
      ...(changes.reference === undefined ? {} : { reference: changes.reference }),
    };
    if (changes.password !== undefined) {
      await assertStrongPassword(changes.password, this.#passwordRules, { username: current.username, displayName: changes.displayName ?? current.display_name });
      update.password_hash = await hashPassword(changes.password);
      update.must_change_password = changes.mustChangePassword === true ? 1 : 0;
    }
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set(update).where('id', '=', id).execute();
      if (changes.password !== undefined || disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    });
    return { before: toUserView(current), after: await this.get(id) };
  }

  /** An administrator's reset: a generated password, to be changed at next login; the account's sessions end. */
  async resetPassword(id: string): Promise<{ user: UserView; temporaryPassword: string }> {
    const current = await this.row(id);
    const temporaryPassword = generatePassword();
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: await hashPassword(temporaryPassword), must_change_password: 1, updated_at: this.#clock.now() })
        .where('id', '=', current.id)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', current.id).execute();
    });
    return { user: await this.get(id), temporaryPassword };
  }

  /** The person's own change: the current password proves it is him; the other sessions of the account end. */
  async changeOwnPassword(id: string, currentPassword: string, newPassword: string, keepSessionId: string | undefined): Promise<void> {
    const current = await this.row(id);
    if (!(await verifyPassword(currentPassword, current.password_hash))) throw new VigieError('VIGIE_PASSWORD_WRONG', 'the current password is wrong', { status: 403 });
    if (await verifyPassword(newPassword, current.password_hash)) throw new VigieError('VIGIE_PASSWORD_UNCHANGED', 'the new password must differ from the current one', { status: 400 });
    await assertStrongPassword(newPassword, this.#passwordRules, { username: current.username, displayName: current.display_name });
    const hash = await hashPassword(newPassword);
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, must_change_password: 0, updated_at: this.#clock.now() }).where('id', '=', id).execute();
      await trx
        .deleteFrom('sessions')
        .where('user_id', '=', id)
        .where('id', '!=', keepSessionId ?? '')
        .execute();
    });
  }

  /** Stores (sealed) or removes the TOTP second factor's secret; removal ends the account's sessions (a recovery). */
  async setSecondFactor(id: string, sealedSecret: string | null): Promise<UserView> {
    await this.row(id);
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ totp_secret: sealedSecret, updated_at: this.#clock.now() }).where('id', '=', id).execute();
      if (sealedSecret === null) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    });
    return this.get(id);
  }

  async remove(id: string): Promise<UserView> {
    const current = await this.row(id);
    if (current.role === 'administrator' && current.disabled === 0) await this.#keepOneAdministrator(id);
    await this.#db.deleteFrom('users').where('id', '=', id).execute();
    return toUserView(current);
  }

  async #keepOneAdministrator(leavingId: string): Promise<void> {
    const others = await this.#db.selectFrom('users').select('id').where('role', '=', 'administrator').where('disabled', '=', 0).where('id', '!=', leavingId).limit(1).execute();
    if (others.length === 0) throw new VigieError('VIGIE_LAST_ADMINISTRATOR', 'this is the last active administrator: create another one first', { status: 409 });
  }

  async #checkCommunes(role: Role, communes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(communes)];
    if (COMMUNE_SCOPED_ROLES.includes(role)) {
      if (unique.length === 0) throw new VigieError('VIGIE_COMMUNE_REQUIRED', `role ${role} needs at least one commune (INSEE code)`, { status: 400 });
      await assertKnownCommunes(this.#communes, unique);
    } else if (unique.length > 0) {
      throw new VigieError('VIGIE_COMMUNE_NOT_APPLICABLE', `communes apply to ${COMMUNE_SCOPED_ROLES.join(' and ')} only, not to ${role}`, { status: 400 });
    }
    return unique;
  }
}

function checkRole(value: string): Role {
  if (!isRole(value)) throw new VigieError('VIGIE_ROLE_INVALID', `unknown role "${value}"`, { status: 400, context: { role: value } });
  return value;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A habilitation ends after it starts; a training date is a real date. `context.field` names the field at fault. */
export function checkHabilitation(fromMs: number | null, untilMs: number | null, trainingMs: number | null): void {
  for (const [field, value] of [
    ['validFrom', fromMs],
    ['validUntil', untilMs],
    ['trainingDate', trainingMs],
  ] as const) {
    if (value !== null && !Number.isFinite(value)) throw new VigieError('VIGIE_VALIDATION_FAILED', `${field} is not a date`, { status: 400, context: { field } });
  }
  if (fromMs !== null && untilMs !== null && untilMs <= fromMs) {
    throw new VigieError('VIGIE_HABILITATION_INVALID', 'habilitation validUntil must come after validFrom', { status: 400, context: { field: 'validUntil' } });
  }
}

export function parseCommunes(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The habilitation record as the journal keeps it. */
export function habilitationRecord(user: UserView): Record<string, unknown> {
  return { grantedBy: user.grantedBy, authority: user.authority, reference: user.reference, validFrom: user.validFrom, validUntil: user.validUntil, trainingDate: user.trainingDate };
}

export function toUserView(row: Selectable<UserTable>): UserView {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    communes: parseCommunes(row.communes),
    grantedBy: row.granted_by,
    authority: row.authority,
    reference: row.reference,
    validFrom: iso(row.valid_from),
    validUntil: iso(row.valid_until),
    trainingDate: iso(row.training_date),
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    secondFactor: row.totp_secret !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

// Password login: per-address throttling, account lockout after repeated failures, habilitation check, and a
// journal entry for every attempt (failed ones carry the username tried).
import type { Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import type { Journal } from '../journal/index.js';
import type { Database } from '../db/database.js';
import type { Kysely } from 'kysely';
import type { Role } from './actions.js';
import type { Actor } from './actor.js';
import { LoginThrottle } from './login-throttle.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { habilitationProblem } from './policy.js';
import type { UserTable } from './tables.js';
import { parseCommunes, type Users } from './users.js';

export interface LoginPolicy {
  readonly maxFailures: number;
  readonly lockoutMs: number;
}

export class PasswordLogin {
  readonly #db: Kysely<Database>;
  readonly #users: Users;
  readonly #journal: Journal;
  readonly #clock: Clock;
  readonly #policy: LoginPolicy;
  readonly #throttle: LoginThrottle;

  constructor(deps: { db: Kysely<Database>; users: Users; journal: Journal; clock: Clock; policy: LoginPolicy }) {
    this.#db = deps.db;
    this.#users = deps.users;
    this.#journal = deps.journal;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
    // An address gets four accounts' worth of failures per lockout window.
    this.#throttle = new LoginThrottle({ maxFailures: deps.policy.maxFailures * 4, windowMs: deps.policy.lockoutMs });
  }

  async authenticate(username: string, password: string, source: { ip: string }): Promise<Actor> {
    const now = this.#clock.now();
    const tried = username.slice(0, 100);
    if (this.#throttle.isBlocked(source.ip, now)) {
      await this.#record(null, 'denied', source.ip, { username: tried, reason: 'too many failed logins from this address' });
      throw new VigieError('VIGIE_LOGIN_THROTTLED', 'too many failed logins from this address; try again later', { status: 429 });
    }
    const row = await this.#users.findByUsername(tried);
    if (row === undefined) {
      await verifyPassword(password, await dummyPasswordHash());
      return this.#fail(null, source.ip, tried, 'unknown username');
    }
    if (row.locked_until !== null && row.locked_until > now) {
      await this.#record(row, 'denied', source.ip, { username: tried, reason: 'account locked' });
      throw locked(row.locked_until);
    }
    if (!(await verifyPassword(password, row.password_hash))) return this.#wrongPassword(row, source.ip, tried, now);
    const problem = habilitationProblem({ disabled: row.disabled === 1, validFromMs: row.valid_from, validUntilMs: row.valid_until }, now);
    if (problem !== undefined) {
      await this.#record(row, 'denied', source.ip, { username: tried, reason: problem });
      throw new VigieError('VIGIE_HABILITATION_INVALID', `login refused: ${problem}; ask your administrator to renew it`, { status: 403 });
    }
    await this.#db.updateTable('users').set({ failed_count: 0, locked_until: null }).where('id', '=', row.id).execute();
    await this.#record(row, 'allowed', source.ip, {});
    return { kind: 'user', id: row.id, username: row.username, role: row.role as Role, communes: parseCommunes(row.communes) };
  }

  async #wrongPassword(row: Selectable<UserTable>, ip: string, tried: string, now: number): Promise<never> {
    const failures = row.failed_count + 1;
    const lock = failures >= this.#policy.maxFailures;
    const lockedUntil = now + this.#policy.lockoutMs;
    await this.#db
      .updateTable('users')
      .set(lock ? { failed_count: 0, locked_until: lockedUntil } : { failed_count: failures })
      .where('id', '=', row.id)
      .execute();
    if (!lock) return this.#fail(row, ip, tried, 'wrong password');
    this.#throttle.recordFailure(ip, now);
    await this.#record(row, 'failed', ip, { username: tried, reason: 'wrong password', lockedUntil: new Date(lockedUntil).toISOString() });
    throw locked(lockedUntil);
  }

  async #fail(row: Selectable<UserTable> | null, ip: string, tried: string, reason: string): Promise<never> {
    this.#throttle.recordFailure(ip, this.#clock.now());
    await this.#record(row, 'failed', ip, { username: tried, reason });
    throw new VigieError('VIGIE_LOGIN_FAILED', 'wrong username or password', { status: 401 });
  }

  #record(row: Selectable<UserTable> | null, outcome: 'allowed' | 'denied' | 'failed', ip: string, details: Record<string, unknown>): Promise<void> {
    // Only a successful login names an actor; a failed attempt names the account it tried.
    return this.#journal.append({
      actor: row === null || outcome !== 'allowed' ? null : { id: row.id, username: row.username, role: row.role },
      action: 'auth.login',
      outcome,
      ip,
      target: row === null ? { type: 'user' } : { type: 'user', id: row.id },
      details,
    });
  }
}

function locked(untilMs: number): VigieError {
  return new VigieError('VIGIE_ACCOUNT_LOCKED', `account locked after repeated failed logins, until ${new Date(untilMs).toISOString()}`, { status: 423, context: { lockedUntil: new Date(untilMs).toISOString() } });
}

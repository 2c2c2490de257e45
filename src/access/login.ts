// Password login: a slot reserved in the login-attempt counters before the password is evaluated (so that a
// burst of parallel attempts gets no more evaluations than a sequential one), the habilitation check, the
// one-time code of an enrolled second factor (a wrong code is a failed attempt, counted like a wrong password;
// a right password sent without its code gives its slot back and is asked for the code), and a journal entry
// for every attempt (failed and refused ones carry the username tried).
//
// The answer never tells whether an account exists: an unknown username is checked against a dummy hash (same
// scrypt cost), counted and locked like a real one, and every refusal while locked is the same 429.
import type { Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import type { Journal } from '../journal/index.js';
import type { Role } from './actions.js';
import type { Actor, Pending } from './actor.js';
import type { LoginAttempts } from './login-attempts.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { habilitationProblem } from './policy.js';
import { codeMatches, openSecret, secondFactorRequired, type SecondFactorSetting, type SecretSealer } from './second-factor.js';
import type { UserTable } from './tables.js';
import { parseCommunes, type Users } from './users.js';

export class PasswordLogin {
  readonly #users: Pick<Users, 'findByUsername'>;
  readonly #attempts: LoginAttempts;
  readonly #journal: Journal;
  readonly #clock: Clock;
  readonly #secondFactor: SecondFactorSetting;
  readonly #sealer: SecretSealer;

  constructor(deps: { users: Pick<Users, 'findByUsername'>; attempts: LoginAttempts; journal: Journal; clock: Clock; secondFactor: SecondFactorSetting; sealer: SecretSealer }) {
    this.#users = deps.users;
    this.#attempts = deps.attempts;
    this.#journal = deps.journal;
    this.#clock = deps.clock;
    this.#secondFactor = deps.secondFactor;
    this.#sealer = deps.sealer;
    // Made now, so that the first unknown username does not cost two hashes (a timing tell).
    void dummyPasswordHash();
  }

  async authenticate(username: string, password: string, source: { ip: string }, code?: string): Promise<Actor> {
    const tried = username.slice(0, 100);
    const reservation = await this.#attempts.reserve(tried, source.ip);
    if (!reservation.admitted) {
      const retryAfterSeconds = Math.ceil((reservation.retryAtMs - this.#clock.now()) / 1000);
      await this.#record(null, 'denied', source.ip, { username: tried, reason: 'too many failed logins', lockedBy: reservation.lockedBy, retryAfterSeconds });
      throw new VigieError('VIGIE_LOGIN_THROTTLED', `too many failed logins; try again in ${retryAfterSeconds} s or ask an administrator`, { status: 429, context: { retryAfterSeconds } });
    }
    const row = await this.#users.findByUsername(tried);
    const right = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
    if (row === undefined || !right) {
      await this.#record(row ?? null, 'failed', source.ip, { username: tried, reason: row === undefined ? 'unknown username' : 'wrong password' });
      throw new VigieError('VIGIE_LOGIN_FAILED', 'wrong username or password', { status: 401 });
    }
    if (this.#secondFactor !== 'off' && row.totp_secret !== null) {
      if (code === undefined || code === '') {
        await this.#attempts.release(reservation);
        throw new VigieError('VIGIE_SECOND_FACTOR_REQUIRED', 'this account has a second factor: send the one-time code (field code)', { status: 401 });
      }
      if (!codeMatches(openSecret(this.#sealer, row.id, row.totp_secret), code, this.#clock.now())) {
        await this.#record(row, 'failed', source.ip, { username: tried, reason: 'wrong one-time code' });
        throw new VigieError('VIGIE_SECOND_FACTOR_INVALID', 'wrong or expired one-time code', { status: 401 });
      }
    }
    await this.#attempts.succeeded(reservation);
    const problem = habilitationProblem({ disabled: row.disabled === 1, validFromMs: row.valid_from, validUntilMs: row.valid_until }, this.#clock.now());
    if (problem !== undefined) {
      await this.#record(row, 'denied', source.ip, { username: tried, reason: problem });
      // Said only once the password matched: the console names the cause (disabled, or outside the period).
      throw new VigieError('VIGIE_HABILITATION_INVALID', `login refused: ${problem}; ask your administrator to renew it`, { status: 403, context: { disabled: row.disabled === 1 } });
    }
    const pending = pendingOf(row, this.#secondFactor);
    await this.#record(row, 'allowed', source.ip, { secondFactor: row.totp_secret !== null && this.#secondFactor !== 'off', ...(pending === undefined ? {} : { pending }) });
    return { kind: 'user', id: row.id, username: row.username, role: row.role as Role, communes: parseCommunes(row.communes), ...(pending === undefined ? {} : { pending }) };
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

/** What a person must do before anything else: change a password an administrator reset, enrol a required second factor. */
export function pendingOf(row: Pick<Selectable<UserTable>, 'must_change_password' | 'totp_secret' | 'role'>, setting: SecondFactorSetting): Pending | undefined {
  if (row.must_change_password === 1) return 'password-change';
  if (row.totp_secret === null && secondFactorRequired(setting, row.role as Role)) return 'second-factor-enrolment';
  return undefined;
}

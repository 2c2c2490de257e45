// Login-attempt counters in the database (rules in login-throttle.ts). Each reservation is one transaction
// that reads its counters, decides and writes: SQLite runs one writer at a time (the transaction opens with an
// insert, which takes the write lock), PostgreSQL locks the counter rows (select … for update, in key order),
// so parallel attempts, in one process or in several servers sharing the database, are counted one by one.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/database.js';
import { isPostgres } from '../db/dialect-sql.js';
import {
  currentCounter,
  FRESH_COUNTER,
  isTrusted,
  lockEnd,
  releaseAttempt,
  reserveAttempt,
  succeededCounter,
  TRUSTED_ADDRESS_MS,
  type AttemptCounter,
  type CounterKind,
  type CounterLimit,
} from './login-throttle.js';
import type { LoginAttemptTable } from './tables.js';

export type LoginLimits = Readonly<Record<CounterKind, CounterLimit>>;

/** The counters' limits from the `security` settings: one base and maximum lockout, three sizes. */
export function loginLimits(security: Config['security']): LoginLimits {
  const lockouts = { baseLockoutMs: security.lockoutMinutes * 60_000, maxLockoutMs: security.lockoutMaxHours * 3_600_000 };
  return {
    account_address: { maxFailures: security.loginMaxFailures, ...lockouts },
    account: { maxFailures: security.accountMaxFailures, ...lockouts },
    address: { maxFailures: security.addressMaxFailures, ...lockouts },
  };
}

interface CounterKey {
  readonly kind: CounterKind;
  readonly username: string;
  readonly ip: string;
}

/** An admitted attempt holds a slot in these counters until its outcome is known. */
export type Reservation = { readonly admitted: true; readonly counters: readonly CounterKey[] } | { readonly admitted: false; readonly retryAtMs: number; readonly lockedBy: readonly CounterKind[] };

export interface LockoutView {
  readonly kind: CounterKind;
  readonly username: string | null;
  readonly address: string | null;
  readonly failures: number;
  readonly lockouts: number;
  readonly lockedUntil: string;
}

const PURGE_EVERY_MS = 3_600_000;

export class LoginAttempts {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #limits: LoginLimits;
  #lastPurgeMs = 0;

  constructor(db: Kysely<Database>, clock: Clock, limits: LoginLimits) {
    this.#db = db;
    this.#clock = clock;
    this.#limits = limits;
  }

  /** Counts an attempt before its password is evaluated, or refuses it while one of its counters is locked. */
  async reserve(username: string, ip: string): Promise<Reservation> {
    await this.#purgeHourly();
    const name = username.toLowerCase();
    const pair: CounterKey = { kind: 'account_address', username: name, ip };
    const keys: CounterKey[] = [pair, { kind: 'account', username: name, ip: '' }, { kind: 'address', username: '', ip }];
    return this.#db.transaction().execute(async (trx) => {
      const now = this.#clock.now();
      const counterOf = await this.#lockCounters(trx, keys);
      const applicable = isTrusted(counterOf(pair), now) ? [pair] : keys;
      const locked = applicable.flatMap((key) => {
        const end = lockEnd(counterOf(key), now);
        return end === undefined ? [] : [{ kind: key.kind, end }];
      });
      if (locked.length > 0) return { admitted: false, retryAtMs: Math.max(...locked.map((l) => l.end)), lockedBy: locked.map((l) => l.kind) };
      for (const key of applicable) await this.#write(trx, key, reserveAttempt(counterOf(key), this.#limits[key.kind], now));
      return { admitted: true, counters: applicable };
    });
  }

  /** The password was right: the account + address starts over and is trusted, the other counters get their slot back. */
  async succeeded(reservation: Reservation & { admitted: true }): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const now = this.#clock.now();
      const counterOf = await this.#lockCounters(trx, reservation.counters);
      for (const key of reservation.counters) {
        await this.#write(trx, key, key.kind === 'account_address' ? succeededCounter(now) : releaseAttempt(counterOf(key), this.#limits[key.kind]));
      }
    });
  }

  /** The attempt proved nothing either way (a right password still waiting for its one-time code): every counter gets its slot back. */
  async release(reservation: Reservation & { admitted: true }): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const counterOf = await this.#lockCounters(trx, reservation.counters);
      for (const key of reservation.counters) await this.#write(trx, key, releaseAttempt(counterOf(key), this.#limits[key.kind]));
    });
  }

  /** The locks in force, latest ending first. */
  async lockouts(): Promise<LockoutView[]> {
    const rows = await this.#db.selectFrom('login_attempts').selectAll().where('locked_until', '>', this.#clock.now()).orderBy('locked_until', 'desc').execute();
    return rows.map((row) => ({
      kind: row.kind as CounterKind,
      username: row.username === '' ? null : row.username,
      address: row.ip === '' ? null : row.ip,
      failures: row.failures,
      lockouts: row.lockouts,
      lockedUntil: new Date(row.locked_until ?? 0).toISOString(),
    }));
  }

  /** Lifts every lock on an account (its own and with each address) and forgets its back-off; returns how many were in force. */
  async unlockAccount(username: string): Promise<number> {
    const name = username.toLowerCase();
    const inForce = await this.#db.selectFrom('login_attempts').select('kind').where('username', '=', name).where('locked_until', '>', this.#clock.now()).execute();
    await this.#db.updateTable('login_attempts').set({ failures: 0, lockouts: 0, locked_until: null }).where('username', '=', name).execute();
    return inForce.length;
  }

  /** The counters of `keys` as they stand now, created when missing and locked against other attempts until the transaction ends. */
  async #lockCounters(trx: Transaction<Database>, keys: readonly CounterKey[]): Promise<(key: CounterKey) => AttemptCounter> {
    const sorted = [...keys].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    // The insert comes first: on SQLite it takes the write lock for the whole transaction.
    await trx
      .insertInto('login_attempts')
      .values(sorted.map((key) => toRow(key, FRESH_COUNTER)))
      .onConflict((conflict) => conflict.columns(['kind', 'username', 'ip']).doNothing())
      .execute();
    const query = trx
      .selectFrom('login_attempts')
      .selectAll()
      .where((eb) => eb.or(sorted.map((key) => eb.and([eb('kind', '=', key.kind), eb('username', '=', key.username), eb('ip', '=', key.ip)]))))
      .orderBy('kind')
      .orderBy('username')
      .orderBy('ip');
    const rows = await (isPostgres(trx) ? query.forUpdate() : query).execute();
    const now = this.#clock.now();
    const counters = new Map(rows.map((row) => [keyOf(row as CounterKey), currentCounter(fromRow(row), this.#limits[row.kind as CounterKind], now)]));
    // A row the purge deleted between the insert and the select held nothing worth keeping: it counts as fresh
    // (and this one attempt goes uncounted there, a rare race).
    return (key) => counters.get(keyOf(key)) ?? FRESH_COUNTER;
  }

  async #write(trx: Transaction<Database>, key: CounterKey, counter: AttemptCounter): Promise<void> {
    const { kind: _kind, username: _username, ip: _ip, ...values } = toRow(key, counter);
    await trx.updateTable('login_attempts').set(values).where('kind', '=', key.kind).where('username', '=', key.username).where('ip', '=', key.ip).execute();
  }

  /** Counters with nothing left to remember (no lock, no recent failure, no trust) are deleted, at most hourly. */
  async #purgeHourly(): Promise<void> {
    const now = this.#clock.now();
    if (now - this.#lastPurgeMs < PURGE_EVERY_MS) return;
    this.#lastPurgeMs = now;
    const forgetBefore = now - Math.max(...Object.values(this.#limits).map((limit) => limit.maxLockoutMs));
    await this.#db
      .deleteFrom('login_attempts')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', forgetBefore)]))
      .where((eb) => eb.or([eb('last_failure_at', 'is', null), eb('last_failure_at', '<', forgetBefore)]))
      .where((eb) => eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', now - TRUSTED_ADDRESS_MS)]))
      .execute();
  }
}

function keyOf(key: CounterKey): string {
  return `${key.kind}\n${key.username}\n${key.ip}`;
}

function toRow(key: CounterKey, counter: AttemptCounter): LoginAttemptTable {
  return {
    kind: key.kind,
    username: key.username,
    ip: key.ip,
    failures: counter.failures,
    lockouts: counter.lockouts,
    locked_until: counter.lockedUntil,
    last_failure_at: counter.lastFailureAt,
    last_success_at: counter.lastSuccessAt,
  };
}

function fromRow(row: Selectable<LoginAttemptTable>): AttemptCounter {
  return { failures: row.failures, lockouts: row.lockouts, lockedUntil: row.locked_until, lastFailureAt: row.last_failure_at, lastSuccessAt: row.last_success_at };
}

// The rules of login throttling, pure (the counters live in the database: login-attempts.ts). Three counters
// meet every attempt:
// - account + address: the lockout a user meets after mistyping; a stranger elsewhere cannot trigger it;
// - account, across addresses: much higher, against guessing one password from many addresses;
// - address, across accounts: against spraying one password over many accounts.
// An attempt is counted before its password is evaluated (so parallel attempts cannot overtake the count) and
// gives its slot back when the password was right. The attempt that fills a counter locks it, for a time that
// doubles with each lockout in a row (back-off). An address where the account logged in recently is trusted
// for it: there, only the account + address counter applies, so a stranger who locks the account across
// addresses does not keep its owner out of his usual workstation.

export type CounterKind = 'account_address' | 'account' | 'address';

export interface CounterLimit {
  /** Attempts in a streak; the one that reaches it locks the counter. */
  readonly maxFailures: number;
  /** The first lockout; each one in a row doubles it, up to maxLockoutMs. */
  readonly baseLockoutMs: number;
  /** The longest lockout; a counter left quiet this long after its last failure and lockout is forgotten, back-off included. */
  readonly maxLockoutMs: number;
}

export interface AttemptCounter {
  readonly failures: number;
  readonly lockouts: number;
  readonly lockedUntil: number | null;
  readonly lastFailureAt: number | null;
  readonly lastSuccessAt: number | null;
}

export const FRESH_COUNTER: AttemptCounter = { failures: 0, lockouts: 0, lockedUntil: null, lastFailureAt: null, lastSuccessAt: null };

/** How long a successful login makes its address trusted for the account. */
export const TRUSTED_ADDRESS_MS = 30 * 24 * 3_600_000;

/** The counter as it stands at `nowMs`: an expired lock starts a new streak; a long-quiet counter starts over. */
export function currentCounter(counter: AttemptCounter, limit: CounterLimit, nowMs: number): AttemptCounter {
  const lockOver = counter.lockedUntil === null || counter.lockedUntil <= nowMs;
  // Quiet is counted from the end of a lockout too, or the longest lockout would end its own back-off.
  const quietSince = Math.max(counter.lastFailureAt ?? 0, counter.lockedUntil ?? 0);
  if (lockOver && counter.lastFailureAt !== null && nowMs - quietSince >= limit.maxLockoutMs) {
    return { ...FRESH_COUNTER, lastSuccessAt: counter.lastSuccessAt };
  }
  if (counter.lockedUntil !== null && lockOver) return { ...counter, failures: 0, lockedUntil: null };
  return counter;
}

/** The end of the lock in force at `nowMs`, if any (on a counter from currentCounter). */
export function lockEnd(counter: AttemptCounter, nowMs: number): number | undefined {
  return counter.lockedUntil !== null && counter.lockedUntil > nowMs ? counter.lockedUntil : undefined;
}

/** Counts an attempt about to be evaluated (the counter must not be locked); the one that fills it locks it. */
export function reserveAttempt(counter: AttemptCounter, limit: CounterLimit, nowMs: number): AttemptCounter {
  const failures = counter.failures + 1;
  if (failures < limit.maxFailures) return { ...counter, failures, lastFailureAt: nowMs };
  const lockoutMs = Math.min(limit.baseLockoutMs * 2 ** counter.lockouts, limit.maxLockoutMs);
  return { ...counter, failures, lockouts: counter.lockouts + 1, lockedUntil: nowMs + lockoutMs, lastFailureAt: nowMs };
}

/** The password was right: the attempt gives its slot back, and a lock its streak no longer fills is lifted. */
export function releaseAttempt(counter: AttemptCounter, limit: CounterLimit): AttemptCounter {
  const failures = Math.max(0, counter.failures - 1);
  if (counter.lockedUntil === null || failures >= limit.maxFailures) return { ...counter, failures };
  return { ...counter, failures, lockedUntil: null, lockouts: Math.max(0, counter.lockouts - 1) };
}

/** The account + address after a right password: its streak and back-off forgotten, the address trusted. */
export function succeededCounter(nowMs: number): AttemptCounter {
  return { ...FRESH_COUNTER, lastSuccessAt: nowMs };
}

export function isTrusted(accountAddress: AttemptCounter, nowMs: number): boolean {
  return accountAddress.lastSuccessAt !== null && nowMs - accountAddress.lastSuccessAt < TRUSTED_ADDRESS_MS;
}

// The throttling rules over time, where HTTP tests would wait for days: the back-off cap, a counter forgotten
// after a quiet period, a right password lifting the lock its own reservation set, and trust expiring.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentCounter, FRESH_COUNTER, isTrusted, lockEnd, releaseAttempt, reserveAttempt, succeededCounter, TRUSTED_ADDRESS_MS, type AttemptCounter } from './login-throttle.js';

const MIN = 60_000;
const LIMIT = { maxFailures: 3, baseLockoutMs: 15 * MIN, maxLockoutMs: 4 * 60 * MIN };

/** Fills the counter's streak at `nowMs` and returns it locked. */
function fill(counter: AttemptCounter, nowMs: number): AttemptCounter {
  let current = currentCounter(counter, LIMIT, nowMs);
  for (let i = 0; i < LIMIT.maxFailures; i += 1) {
    assert.equal(lockEnd(current, nowMs), undefined, `attempt ${i + 1} is admitted`);
    current = reserveAttempt(current, LIMIT, nowMs);
  }
  return current;
}

describe('login throttle rules', () => {
  it('doubles each lockout in a row up to the maximum', () => {
    let counter = FRESH_COUNTER;
    let now = 0;
    const lockouts: number[] = [];
    for (let round = 0; round < 6; round += 1) {
      counter = fill(counter, now);
      const end = lockEnd(counter, now);
      assert.ok(end !== undefined);
      lockouts.push((end - now) / MIN);
      now = end;
    }
    assert.deepEqual(lockouts, [15, 30, 60, 120, 240, 240]);
  });

  it('forgets a counter, back-off included, after the longest lockout without a failure', () => {
    const locked = fill(fill(FRESH_COUNTER, 0), 15 * MIN);
    assert.deepEqual([locked.lockouts, locked.lockedUntil], [2, 45 * MIN]);
    const justBefore = currentCounter(locked, LIMIT, 45 * MIN + LIMIT.maxLockoutMs - 1);
    assert.deepEqual([justBefore.failures, justBefore.lockouts], [0, 2], 'the lock is over, the back-off remembered');
    assert.deepEqual(currentCounter(locked, LIMIT, 45 * MIN + LIMIT.maxLockoutMs), FRESH_COUNTER);
  });

  it("lifts the lock a right password's own reservation set, not one the streak still fills", () => {
    const twoFailures = reserveAttempt(reserveAttempt(FRESH_COUNTER, LIMIT, 0), LIMIT, 0);
    const lockedByRightPassword = reserveAttempt(twoFailures, LIMIT, 0);
    assert.ok(lockEnd(lockedByRightPassword, 0) !== undefined);
    const released = releaseAttempt(lockedByRightPassword, LIMIT);
    assert.deepEqual([released.failures, released.lockedUntil, released.lockouts], [2, null, 0]);
    const overfilled = { ...lockedByRightPassword, failures: 4 };
    assert.ok(lockEnd(releaseAttempt(overfilled, LIMIT), 0) !== undefined, 'three failures still fill it');
  });

  it('trusts an address for the account for 30 days after a successful login', () => {
    const trusted = succeededCounter(0);
    assert.equal(isTrusted(trusted, TRUSTED_ADDRESS_MS - 1), true);
    assert.equal(isTrusted(trusted, TRUSTED_ADDRESS_MS), false);
    assert.equal(isTrusted(FRESH_COUNTER, 0), false);
    assert.equal(currentCounter(fill(trusted, 0), LIMIT, 15 * MIN).lastSuccessAt, 0, 'a lockout keeps the trust');
  });
});

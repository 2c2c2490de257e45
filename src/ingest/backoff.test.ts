import { it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from './backoff.js';

it('doubles from 500 ms, keeps half of it fixed, and never exceeds 30 s', () => {
  assert.equal(backoffDelayMs(1, 0), 250);
  assert.equal(backoffDelayMs(1, 0.999), 500);
  assert.equal(backoffDelayMs(2, 0), 500);
  assert.equal(backoffDelayMs(4, 1), 4000);
  for (let failures = 1; failures < 100; failures += 1) {
    const delay = backoffDelayMs(failures, Math.random());
    assert.ok(delay >= 250 && delay <= 30_000, `${failures} → ${delay}`);
  }
  assert.equal(backoffDelayMs(1000, 0), 15_000);
});

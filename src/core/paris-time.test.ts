import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parisDay, parisInstant, parisMidnight, parisYearMonth } from './paris-time.js';

test('writes instants the French way in Paris time, winter and summer', () => {
  assert.equal(parisInstant(Date.UTC(2026, 0, 15, 23, 30, 5)), '16/01/2026 00:30:05');
  assert.equal(parisInstant(Date.UTC(2026, 6, 14, 21, 59, 59)), '14/07/2026 23:59:59');
  assert.equal(parisDay(Date.UTC(2026, 11, 31, 23, 0)), '01/01/2027');
});

test('a month starts at Paris midnight, across the changes of offset', () => {
  assert.equal(parisMidnight(2026, 1), Date.UTC(2025, 11, 31, 23));
  // March 2026 begins in winter time, April in summer time (the change is on 29 March).
  assert.equal(parisMidnight(2026, 3), Date.UTC(2026, 1, 28, 23));
  assert.equal(parisMidnight(2026, 4), Date.UTC(2026, 2, 31, 22));
  assert.equal(parisMidnight(2026, 11), Date.UTC(2026, 9, 31, 23));
  assert.equal(parisMidnight(2026, 13), parisMidnight(2027, 1));
});

test('gives the Paris calendar month of an instant', () => {
  assert.deepEqual(parisYearMonth(Date.UTC(2026, 4, 31, 22, 30)), { year: 2026, month: 6 });
  assert.deepEqual(parisYearMonth(Date.UTC(2026, 11, 31, 22, 59)), { year: 2026, month: 12 });
  assert.deepEqual(parisYearMonth(Date.UTC(2026, 11, 31, 23, 0)), { year: 2027, month: 1 });
});

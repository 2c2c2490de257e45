// Paris wall time ↔ UTC for the console's date and time inputs, across both daylight-saving changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formRange, parisDate, parisDayBounds, parisTimeInput, parisToUtc } from '../../web/src/time/paris.js';

const HOUR = 3_600_000;

test('converts Paris wall time to UTC in winter (UTC+1) and summer (UTC+2)', () => {
  assert.equal(parisToUtc('2026-01-15', '08:30'), Date.UTC(2026, 0, 15, 7, 30));
  assert.equal(parisToUtc('2026-07-14', '12:00:05'), Date.UTC(2026, 6, 14, 10, 0, 5));
  assert.equal(parisToUtc('2026-12-31', '23:59:59'), Date.UTC(2026, 11, 31, 22, 59, 59));
});

test('round-trips through the date and time inputs', () => {
  for (const ms of [Date.UTC(2026, 2, 29, 0, 59, 59), Date.UTC(2026, 2, 29, 1, 0, 0), Date.UTC(2026, 9, 25, 2, 30), Date.UTC(2026, 10, 25, 21, 47, 9)]) {
    assert.equal(parisToUtc(parisDate(ms), parisTimeInput(ms)), ms, new Date(ms).toISOString());
  }
});

test('a Paris day lasts 23 hours in March, 25 in October, 24 otherwise', () => {
  const length = (date: string): number => {
    const { from, to } = parisDayBounds(date);
    return (to - from) / HOUR;
  };
  assert.equal(length('2026-03-29'), 23);
  assert.equal(length('2026-10-25'), 25);
  assert.equal(length('2026-11-25'), 24);
  assert.equal(parisDayBounds('2026-11-25').from, Date.UTC(2026, 10, 24, 23));
});

test('the hour repeated in October resolves to its second occurrence (winter time)', () => {
  assert.equal(parisToUtc('2026-10-25', '02:30'), Date.UTC(2026, 9, 25, 1, 30));
});

test('malformed input gives NaN instead of a wrong instant', () => {
  assert.ok(Number.isNaN(parisToUtc('25/11/2026', '10:00')));
  assert.ok(Number.isNaN(parisToUtc('2026-11-25', '10h00')));
});

test('reads a form range typed JJ/MM/AAAA HH:MM; a one-day form names its day once', () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  };
  assert.deepEqual(formRange(form({ fromDate: '14/07/2026', fromTime: '10:00', toDate: '15/07/2026', toTime: '09:30' })), {
    fromMs: Date.UTC(2026, 6, 14, 8, 0),
    toMs: Date.UTC(2026, 6, 15, 7, 30),
  });
  assert.deepEqual(formRange(form({ fromDate: '15/01/2026', fromTime: '08:30', toTime: '09:00' })), { fromMs: Date.UTC(2026, 0, 15, 7, 30), toMs: Date.UTC(2026, 0, 15, 8, 0) });
  assert.equal(formRange(form({ fromDate: '15/01/2026', fromTime: '08:30', toDate: '', toTime: '09:00' })), null, 'a form with a toDate field left blank');
  assert.equal(formRange(form({ fromDate: '31/02/2026', fromTime: '08:30', toTime: '09:00' })), null);
});

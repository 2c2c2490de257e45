import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArchiveName } from './archive.js';
import { parseMonth } from './build.js';
import { coveredBy, mean, percent, servicePeriod } from './figures.js';
import { previousMonth } from './scheduler.js';

test('counts overlapping and open spans once, inside the period only', () => {
  const spans = [
    { startMs: 0, endMs: 50 },
    { startMs: 40, endMs: 80 },
    { startMs: 90, endMs: null },
    { startMs: -100, endMs: 5 },
  ];
  assert.equal(coveredBy(spans, 10, 100), 70 + 10);
  assert.equal(coveredBy([], 0, 100), 0);
});

test('a camera counts from its connection and until now', () => {
  assert.deepEqual(servicePeriod(0, 100, 30, 80), { fromMs: 30, toMs: 80 });
  assert.equal(servicePeriod(0, 100, 120, 200), null, 'connected after the period');
  assert.equal(servicePeriod(100, 200, 0, 50), null, 'a period still to come');
});

test('percentages with one decimal, capped; means of known values', () => {
  assert.equal(percent(1, 3), 33.3);
  assert.equal(percent(5, 4), 100);
  assert.equal(percent(1, 0), 0);
  assert.equal(mean([50, null, 100]), 75);
  assert.equal(mean([null]), null);
});

test('periods: months and the month before, in Paris time', () => {
  assert.throws(() => parseMonth('2026-13', Date.now()), /not a month/);
  assert.throws(() => parseMonth('2999-01', Date.now()), /has not begun/);
  assert.deepEqual(previousMonth(Date.UTC(2027, 0, 1, 0, 30)), { year: 2026, month: 12, period: '2026-12' }, '00:30 UTC on 1 January is already January in Paris');
  assert.deepEqual(previousMonth(Date.UTC(2026, 11, 31, 22, 30)).period, '2026-11');
});

test('archive names have two shapes and nothing else reaches the disk', () => {
  assert.deepEqual(parseArchiveName('mensuel-2026-11-28085.pdf'), { name: 'mensuel-2026-11-28085.pdf', kind: 'monthly', period: '2026-11', insee: '28085', format: 'pdf' });
  assert.equal(parseArchiveName('annuel-2026.csv')?.kind, 'yearly');
  assert.equal(parseArchiveName('mensuel-2A004-2026-11.pdf'), undefined);
  assert.equal(parseArchiveName('../mensuel-2026-11-28085.pdf'), undefined);
  assert.equal(parseArchiveName('mensuel-2026-11-28085.pdf.exe'), undefined);
});

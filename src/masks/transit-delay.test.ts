import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TransitDelay } from './transit-delay.js';

const FRAME_MS = 40;
const ticks = (ms: number): number => ms * 90;

test('pictures arriving at their usual pace are not late; a stalled stretch is late by the stall', () => {
  const delay = new TransitDelay();
  const start = 1_000_000;
  const base = 123_456_789;
  for (let i = 0; i < 50; i += 1) assert.equal(delay.lateMs(start + i * FRAME_MS + (i % 3), base + ticks(i * FRAME_MS)), i % 3);
  // The encoder holds 20 pictures back for 900 ms, then delivers them in a burst.
  const stalledAt = start + 50 * FRAME_MS + 900;
  for (let i = 50; i < 70; i += 1) assert.ok(Math.abs(delay.lateMs(stalledAt + (i - 50), base + ticks(i * FRAME_MS)) - (900 - (i - 50) * (FRAME_MS - 1))) <= 1);
  // Back to normal: the quickest transit is still remembered.
  assert.equal(delay.lateMs(start + 80 * FRAME_MS, base + ticks(80 * FRAME_MS)), 0);
});

test('the quickest transit is forgotten after a minute, and a timestamp jump starts over', () => {
  const delay = new TransitDelay();
  assert.equal(delay.lateMs(0, 0), 0);
  assert.equal(delay.lateMs(30_000, ticks(29_500)), 500);
  assert.equal(delay.lateMs(59_000, ticks(58_500)), 500, 'the first picture is still within the minute');
  assert.equal(delay.lateMs(61_000, ticks(60_500)), 0, 'a minute later the slower transit is the usual one');
  assert.equal(delay.lateMs(61_040, ticks(5_000)), 0, 'a camera that restarted its timestamps is not 56 s late');
  assert.equal(delay.lateMs(61_080, ticks(5_040)), 0);
});

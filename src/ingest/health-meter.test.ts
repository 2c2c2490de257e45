import { it } from 'node:test';
import assert from 'node:assert/strict';
import { lengthPrefixed } from '../media/hub/index.js';
import { HealthMeter } from './health-meter.js';

const frame = (index: number) => ({ ...lengthPrefixed([]), dts90k: index * 3600, pts90k: index * 3600, wallClockMs: 0, isKeyframe: index % 50 === 0 });

it('reads bitrate, fps, keyframe interval and losses over the last whole seconds', () => {
  const meter = new HealthMeter(5);
  const startMs = 1_700_000_000_000;
  for (let i = 0; i <= 250; i += 1) meter.frame(frame(i), 10_000, startMs + i * 40);
  meter.lost(3, startMs + 9_000);
  const reading = meter.read(startMs + 10_000);
  assert.equal(reading.fps, 25);
  assert.equal(reading.bitrateBps, 25 * 10_000 * 8);
  assert.equal(reading.keyframeIntervalMs, 2000);
  assert.equal(reading.lostInWindow, 3);
  assert.equal(reading.framesReceived, 251);
  assert.equal(reading.lastFrameAtMs, startMs + 10_000);
  const later = meter.read(startMs + 30_000);
  assert.equal(later.fps, 0);
  assert.equal(later.lostInWindow, 0);
  assert.equal(later.framesLost, 3);
});

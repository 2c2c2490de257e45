// The simulated head on a hand-driven clock: glides reach their target at the bounded speed, including after a
// continuous move was stopped before its timeout (that stale deadline once froze a glide crossing it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PtzState } from './ptz-state.js';

function clockedHead(): { head: PtzState; advance: (ms: number) => void } {
  let now = 1_000_000;
  return { head: new PtzState(() => now), advance: (ms) => (now += ms) };
}

test('a continuous move integrates its velocity and stops at its timeout', () => {
  const { head, advance } = clockedHead();
  head.continuousMove({ pan: 1 }, 1000);
  advance(3000);
  assert.equal(head.position().pan, 0.5);
  assert.equal(head.isMoving(), false);
});

test('a preset recalled after a stopped, timed continuous move glides all the way', () => {
  const { head, advance } = clockedHead();
  head.continuousMove({ pan: 1, tilt: 1 }, 10_000);
  advance(400);
  head.stop();
  const token = head.setPreset('Porche nord');
  assert.ok(token !== undefined);
  head.absoluteMove({ pan: 0, tilt: 0 });
  advance(1000);
  assert.deepEqual(head.position(), { pan: 0, tilt: 0, zoom: 0 });
  // Recalled 50 ms before the stopped continuous move's 10 s timeout would have fallen: the glide crosses it.
  advance(8_550);
  head.gotoPreset(token);
  advance(100);
  assert.equal(head.isMoving(), true, 'half-way after 100 ms');
  advance(1000);
  assert.deepEqual(head.position(), { pan: 0.2, tilt: 0.2, zoom: 0 });
  assert.equal(head.isMoving(), false);
});

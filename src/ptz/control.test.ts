// Control priority, holds, take-overs, the head's prediction and tour windows, without a camera.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isVigieError } from '../core/errors.js';
import { HoldTable, type PtzController } from './control.js';
import { HeadModel } from './position-feed.js';
import { insideWindows } from './service.js';

const operator: PtzController = { kind: 'user', id: 'u1', username: 'alice', role: 'operator' };
const operator2: PtzController = { kind: 'user', id: 'u2', username: 'bruno', role: 'operator' };
const lead: PtzController = { kind: 'user', id: 'u3', username: 'chef', role: 'room_lead' };
const alert: PtzController = { kind: 'alert', id: 'a1', label: 'alerte intrusion' };

test('holds: equal priority waits, higher takes over and the previous holder is told, expiry frees the camera', () => {
  const holds = new HoldTable(60_000);
  holds.acquire('c1', operator, 0);
  assert.throws(
    () => holds.acquire('c1', operator2, 1000),
    (error: unknown) => isVigieError(error) && error.code === 'VIGIE_PTZ_HELD' && /alice \(opérateur\)/.test(error.message),
  );
  assert.throws(
    () => holds.acquire('c1', alert, 1000),
    (error: unknown) => isVigieError(error) && error.code === 'VIGIE_PTZ_HELD',
    'an alert does not take a camera from a person',
  );
  const { replaced } = holds.acquire('c1', lead, 2000);
  assert.equal(replaced?.id, 'u1');
  assert.deepEqual(holds.state('c1', 'u1', 2000).takenFromYou?.by, { name: 'chef', role: 'room_lead' });
  assert.equal(holds.state('c1', 'u3', 2000).youHold, true);
  assert.throws(() => holds.acquire('c1', operator, 3000));
  // The hold lasts 60 s after the last command, then anyone may move the camera.
  assert.equal(holds.expired(62_001).length, 1);
  assert.equal(holds.acquire('c1', operator2, 62_001).replaced, undefined);
  assert.equal(holds.release('c1', 'u2')?.id, 'u2');
  assert.equal(holds.holder('c1', 62_002), undefined);
});

test('the head model predicts continuous and target moves and is corrected by a status', () => {
  const head = new HeadModel({ pan: 0, tilt: 0, zoom: 0 }, false, 0);
  head.continuous({ pan: 1, tilt: 0, zoom: 0 }, 0, 2000);
  assert.ok(Math.abs(head.at(1000).pan - 0.5) < 1e-9 && head.at(1000).moving);
  assert.ok(Math.abs(head.at(5000).pan - 1) < 1e-9 && !head.at(5000).moving, 'stops at its timeout');
  head.toward({ pan: 0 }, 5000);
  assert.ok(Math.abs(head.at(5500).pan - 0.5) < 1e-9);
  assert.equal(head.at(7000).moving, false);
  head.correct({ pan: 0.2, tilt: 0.1, zoom: 0.3 }, false, 7000);
  assert.deepEqual([head.at(8000).pan, head.at(8000).tilt, head.at(8000).zoom], [0.2, 0.1, 0.3]);
});

test('tour windows in Paris time, across midnight too', () => {
  const at = (iso: string): number => Date.parse(iso);
  // 4 December: Paris is UTC+1.
  assert.equal(insideWindows([{ from: '22:00', to: '06:00' }], at('2026-12-04T22:30:00Z')), true);
  assert.equal(insideWindows([{ from: '22:00', to: '06:00' }], at('2026-12-04T04:30:00Z')), true);
  assert.equal(insideWindows([{ from: '22:00', to: '06:00' }], at('2026-12-04T05:30:00Z')), false);
  assert.equal(insideWindows([{ from: '08:00', to: '09:00' }], at('2026-12-04T07:15:00Z')), true);
});

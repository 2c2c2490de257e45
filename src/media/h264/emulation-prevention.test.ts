import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { insertEmulationPrevention, removeEmulationPrevention } from './emulation-prevention.js';

test('removes 0x03 after two zeros, keeps other bytes (H.264 §7.4.1)', () => {
  assert.deepEqual(removeEmulationPrevention(hex('00 00 03 01 00 00 03 00 00 03 03 ff')), hex('00 00 01 00 00 00 00 03 ff'));
});

test('without escape bytes the input view itself comes back (no copy)', () => {
  const nal = hex('67 42 c0 0d da 05');
  assert.equal(removeEmulationPrevention(nal), nal);
});

test('insertion is the inverse of removal', () => {
  const rbsp = hex('00 00 00 00 00 01 00 00 02 00 00 03 00 00 04 00 00');
  const escaped = insertEmulationPrevention(rbsp);
  assert.deepEqual(escaped, hex('00 00 03 00 00 03 00 01 00 00 03 02 00 00 03 03 00 00 04 00 00'));
  assert.deepEqual(removeEmulationPrevention(escaped), rbsp);
});

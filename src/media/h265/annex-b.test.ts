import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { groupH265AccessUnits } from './access-unit-boundary.js';
import { splitAnnexB } from './annex-b.js';

test('H.265 pictures: AUD, parameter sets and first_slice_segment_in_pic_flag open a new access unit', () => {
  // AUD VPS SPS PPS IDR(first) | AUD TRAIL(first) TRAIL(not first) | TRAIL(first)
  const stream = hex('00000001 4601 50  00000001 4001 0c  00000001 4201 01  00000001 4401 c1  000001 2601 af  00000001 4601 50  000001 0201 d0  000001 0201 40  000001 0201 d0');
  const units = groupH265AccessUnits(splitAnnexB(stream));
  assert.deepEqual(
    units.map((unit) => unit.length),
    [5, 3, 1],
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { groupH264AccessUnits } from './access-unit-boundary.js';
import { joinAnnexB, splitAnnexB } from './annex-b.js';
import { joinAvcc, splitAvcc } from './avcc.js';

test('splits on 3- and 4-byte start codes into views of the input', () => {
  const stream = hex('00 00 00 01 09 10  00 00 01 67 42 00  00 00 00 01 68 ce  00 00 01 65 88 00 00 00');
  const nals = splitAnnexB(stream);
  assert.deepEqual(nals, [hex('09 10'), hex('67 42'), hex('68 ce'), hex('65 88')]);
  assert.ok(nals.every((nal) => nal.buffer === stream.buffer));
});

test('bytes before the first start code are ignored; join writes 4-byte start codes', () => {
  assert.deepEqual(splitAnnexB(hex('ff ff 00 00 01 09 10')), [hex('09 10')]);
  assert.deepEqual(joinAnnexB([hex('09 10'), hex('65')]), hex('00 00 00 01 09 10 00 00 00 01 65'));
  assert.deepEqual(splitAnnexB(new Uint8Array(0)), []);
});

test('AVCC: length-prefixed NAL units both ways, truncation is a VigieError', () => {
  const sample = joinAvcc([hex('65 88 84'), hex('06 05')]);
  assert.deepEqual(sample, hex('00 00 00 03 65 88 84 00 00 00 02 06 05'));
  assert.deepEqual(splitAvcc(sample), [hex('65 88 84'), hex('06 05')]);
  assert.throws(() => splitAvcc(hex('00 00 00 09 65')), { code: 'VIGIE_BITSTREAM_TRUNCATED' });
});

test('groups NAL units into pictures at delimiters and first slices', () => {
  // AUD SPS PPS IDR(first_mb=0) | AUD P(first_mb=0) P(first_mb≠0) | P(first_mb=0)
  const nals = [hex('09 10'), hex('67 42'), hex('68 ce'), hex('65 88'), hex('09 30'), hex('41 9a'), hex('41 1a'), hex('41 9b')];
  const units = groupH264AccessUnits(nals);
  assert.deepEqual(
    units.map((unit) => unit.length),
    [4, 3, 1],
  );
});

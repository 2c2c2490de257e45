import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { parseHevcDecoderConfig, writeHevcDecoderConfig } from './decoder-config.js';

const vps = hex('40010c01ffff016000000300900000030000030078959809');
const sps = hex('420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000f04');
const pps = hex('4401c172b46240');

test('hvcC record (ISO/IEC 14496-15 §8.3.3.1): general PTL copied from the SPS, three arrays, and back', () => {
  const record = writeHevcDecoderConfig({ vps, sps, pps });
  assert.deepEqual(record.subarray(0, 23), hex('01 01 60000000 900000000000 78 f000 fc fd f8 f8 0000 0f 03'));
  assert.deepEqual(record.subarray(23, 28), hex(`a0 0001 00${vps.length.toString(16)}`));
  assert.deepEqual(parseHevcDecoderConfig(record), { vps, sps, pps });
  assert.throws(() => parseHevcDecoderConfig(record.subarray(0, 30)), { code: 'VIGIE_BITSTREAM_INVALID' });
});

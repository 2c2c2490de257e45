import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { parseAvcDecoderConfig, writeAvcDecoderConfig } from './decoder-config.js';

test('avcC record of a baseline stream (ISO/IEC 14496-15 §5.3.3.1), and back', () => {
  const sps = hex('6742c00dda0507ec0440000003004000000c83c50aa8');
  const pps = hex('68ce0fc8');
  const record = writeAvcDecoderConfig({ sps, pps });
  assert.deepEqual(record, hex(`01 42 c0 0d ff e1 0016 ${Buffer.from(sps).toString('hex')} 01 0004 68ce0fc8`));
  assert.deepEqual(parseAvcDecoderConfig(record), { sps, pps });
});

test('High profile records carry the chroma and bit-depth extension', () => {
  const sps = hex('67640028acd940780227e5c044000003000400000300f03c60c658');
  const record = writeAvcDecoderConfig({ sps, pps: hex('68ebe3cb22c0') });
  assert.deepEqual(record.subarray(record.length - 4), hex('fd f8 f8 00'));
  assert.throws(() => parseAvcDecoderConfig(record.subarray(0, 12)), { code: 'VIGIE_BITSTREAM_INVALID' });
});

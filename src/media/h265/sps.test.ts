import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { h265CodecString } from './codec-string.js';
import { parseH265Sps } from './sps.js';
import { parseH265Vps } from './vps.js';

// x265 Main, level 4 (120), 1920x1080 coded as 1920x1088 with a conformance window.
const X265_MAIN_1080P = hex('420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000f04');
const X265_VPS = hex('40010c01ffff016000000300900000030000030078959809');
// GStreamer x265enc, from the committed SDP fixture (sprop-sps): 320x240, level 2 (60).
const GST_SPS = new Uint8Array(Buffer.from('QgEBAWAAAAMAkAAAAwAAAwA8oAoIDxZbpKTC//AAEAAWoMDAwIAAAAMAgAAAB4Q=', 'base64'));

test('x265 Main 1080p: profile/tier/level and the size after the conformance window', () => {
  const sps = parseH265Sps(X265_MAIN_1080P);
  assert.deepEqual(
    [sps.profileTierLevel.profileIdc, sps.profileTierLevel.tierFlag, sps.profileTierLevel.levelIdc, sps.width, sps.height, sps.chromaFormatIdc, sps.bitDepthLuma],
    [1, 0, 120, 1920, 1080, 1, 8],
  );
  assert.equal(h265CodecString(X265_MAIN_1080P), 'hvc1.1.6.L120.90');
});

test('GStreamer x265enc 320x240 and its VPS', () => {
  const sps = parseH265Sps(GST_SPS);
  assert.deepEqual([sps.width, sps.height, sps.profileTierLevel.levelIdc], [320, 240, 60]);
  assert.equal(h265CodecString(GST_SPS), 'hvc1.1.6.L60.90');
  const vps = parseH265Vps(X265_VPS);
  assert.deepEqual([vps.vpsId, vps.maxSubLayersMinus1, vps.profileTierLevel.profileIdc, vps.profileTierLevel.levelIdc], [0, 0, 1, 120]);
});

test('a truncated SPS is a VigieError', () => {
  assert.throws(() => parseH265Sps(X265_MAIN_1080P.subarray(0, 10)), { code: 'VIGIE_BITSTREAM_TRUNCATED' });
});

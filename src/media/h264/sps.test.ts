import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { isVigieError } from '../../core/errors.js';
import { h264CodecString } from './codec-string.js';
import { parseH264Sps } from './sps.js';

// x264 High 4.0, 1920x1080 (1088 coded, cropped by 8 lines), VUI timing 60/2 → 30 fps.
const X264_HIGH_1080P = hex('67640028acd940780227e5c044000003000400000300f03c60c658');
// GStreamer x264enc baseline, 320x240, 15 fps (from the committed SDP fixture).
const GST_BASELINE_240P = new Uint8Array(Buffer.from('Z0LADNoFB+wFqDAwNSgAAAMACAAAAwD0eKFV', 'base64'));

test('x264 High profile 1080p: size after cropping, level and frame rate from VUI', () => {
  const sps = parseH264Sps(X264_HIGH_1080P);
  assert.deepEqual(
    { profile: sps.profileIdc, level: sps.levelIdc, width: sps.width, height: sps.height, frameRate: sps.frameRate, chroma: sps.chromaFormatIdc },
    { profile: 100, level: 40, width: 1920, height: 1080, frameRate: 30, chroma: 1 },
  );
  assert.equal(h264CodecString(X264_HIGH_1080P), 'avc1.640028');
});

test('GStreamer baseline 320x240 at 15 fps, constraint flags kept in the codec string', () => {
  const sps = parseH264Sps(GST_BASELINE_240P);
  assert.deepEqual([sps.profileIdc, sps.constraintFlags, sps.width, sps.height, sps.frameRate], [66, 0xc0, 320, 240, 15]);
  assert.equal(h264CodecString(GST_BASELINE_240P), 'avc1.42c00c');
});

test('a truncated SPS is a VigieError and the input is left untouched', () => {
  const cut = X264_HIGH_1080P.slice(0, 6);
  const before = Buffer.from(cut).toString('hex');
  assert.throws(() => parseH264Sps(cut), (error) => isVigieError(error) && error.code === 'VIGIE_BITSTREAM_TRUNCATED');
  assert.equal(Buffer.from(cut).toString('hex'), before);
});

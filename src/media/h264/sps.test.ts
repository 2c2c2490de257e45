import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { isVigieError } from '../../core/errors.js';
import { h264CodecString } from './codec-string.js';
import { joinAnnexB } from './annex-b.js';
import { encodeClip, probeAnnexB, traceFirstSps } from '../../../test/support/ffmpeg-clip.js';
import { H264_NAL, h264NalType } from './nal-unit.js';
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
  assert.throws(
    () => parseH264Sps(cut),
    (error) => isVigieError(error) && error.code === 'VIGIE_BITSTREAM_TRUNCATED',
  );
  assert.equal(Buffer.from(cut).toString('hex'), before);
});

const spsOf = (nals: readonly Uint8Array[]): Uint8Array => {
  const sps = nals.find((nal) => h264NalType(nal) === H264_NAL.sps);
  assert.ok(sps, 'the clip carries an SPS');
  return sps;
};

// The last case adds NAL HRD parameters to the VUI, between the timing info and the bitstream restriction.
for (const { rate, x264 } of [
  { rate: '25', x264: ['-bf', '0'] },
  { rate: '30000/1001', x264: ['-bf', '3'] },
  { rate: '12.5', x264: ['-bf', '3', '-x264-params', 'b-pyramid=none'] },
  { rate: '50', x264: ['-bf', '2', '-x264-params', 'nal-hrd=vbr:vbv-maxrate=500:vbv-bufsize=1000'] },
]) {
  test(`x264 at ${rate} fps with ${x264.join(' ')}: size, frame rate and reorder depth agree with ffprobe`, () => {
    const nals = encodeClip({ size: '160x120', rate, frames: 10, encoder: ['-c:v', 'libx264', ...x264, '-f', 'h264'] });
    const stream = joinAnnexB(nals);
    const probed = probeAnnexB(stream, 'h264');
    const sps = parseH264Sps(spsOf(nals));
    assert.deepEqual(
      { width: sps.width, height: sps.height, frameRate: sps.frameRate, reorder: sps.maxNumReorderFrames },
      { width: probed.width, height: probed.height, frameRate: probed.frameRate, reorder: probed.hasBFrames },
    );
    assert.equal(sps.maxNumReorderFrames, traceFirstSps(stream, 'h264').get('max_num_reorder_frames'));
  });
}

test('an SPS cut inside its VUI keeps the size and what it could read before the cut, never a wrong value', () => {
  const nals = encodeClip({ size: '160x120', rate: '30000/1001', frames: 1, encoder: ['-c:v', 'libx264', '-bf', '3', '-x264-params', 'nal-hrd=vbr:vbv-maxrate=500:vbv-bufsize=1000', '-f', 'h264'] });
  const whole = spsOf(nals);
  assert.deepEqual([parseH264Sps(whole).frameRate, parseH264Sps(whole).maxNumReorderFrames], [29.97, 2]);
  const outcomes = new Set<string>();
  for (let length = 1; length <= whole.length; length += 1) {
    try {
      const sps = parseH264Sps(whole.subarray(0, length));
      assert.deepEqual([sps.width, sps.height], [160, 120]);
      assert.ok(sps.frameRate === undefined || sps.frameRate === 29.97, `cut at ${length}: ${sps.frameRate}`);
      assert.ok(sps.maxNumReorderFrames === undefined || sps.maxNumReorderFrames === 2, `cut at ${length}: ${sps.maxNumReorderFrames}`);
      outcomes.add(`${sps.frameRate ?? '-'} ${sps.maxNumReorderFrames ?? '-'}`);
    } catch (error) {
      assert.ok(isVigieError(error), `cut at ${length}: ${String(error)}`);
      outcomes.add('error');
    }
  }
  assert.deepEqual([...outcomes].sort(), ['- -', '29.97 -', '29.97 2', 'error']);
});

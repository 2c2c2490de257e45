import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { isVigieError } from '../../core/errors.js';
import { BitWriter } from '../bits/bit-writer.js';
import { joinAnnexB } from './annex-b.js';
import { encodeClip, probeAnnexB, traceFirstSps } from '../../../test/support/ffmpeg-clip.js';
import { h265CodecString } from './codec-string.js';
import { insertEmulationPrevention } from './emulation-prevention.js';
import { H265_NAL, h265NalType } from './nal-unit.js';
import { parseH265Sps } from './sps.js';
import { h265TrackInfo } from './track-info.js';
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

const spsOf = (nals: readonly Uint8Array[]): Uint8Array => {
  const sps = nals.find((nal) => h265NalType(nal) === H265_NAL.sps);
  assert.ok(sps, 'the clip carries an SPS');
  return sps;
};

for (const { rate, x265 } of [
  { rate: '25', x265: 'bframes=0' },
  { rate: '30000/1001', x265: 'bframes=3' },
  { rate: '12.5', x265: 'bframes=3:b-pyramid=0' },
  { rate: '50', x265: 'bframes=0' },
]) {
  test(`x265 at ${rate} fps with ${x265}: size, frame rate and reorder depth agree with ffprobe`, () => {
    const nals = encodeClip({ size: '160x120', rate, frames: 10, encoder: ['-c:v', 'libx265', '-x265-params', `${x265}:log-level=error`, '-f', 'hevc'] });
    const probed = probeAnnexB(joinAnnexB(nals), 'hevc');
    const sps = parseH265Sps(spsOf(nals));
    assert.deepEqual(
      { width: sps.width, height: sps.height, frameRate: sps.frameRate, reorder: sps.maxNumReorderPics },
      { width: probed.width, height: probed.height, frameRate: probed.frameRate, reorder: probed.hasBFrames },
    );
    assert.ok(x265 === 'bframes=0' ? sps.maxNumReorderPics === 0 : sps.maxNumReorderPics > 0);
  });
}

/** A 160x120 Main SPS with every optional structure before the VUI timing (§7.3.2.2.1, §7.3.4, §7.3.7, E.2.1). */
function spsWithEveryOption(): Uint8Array {
  const w = new BitWriter();
  w.writeBits(0x4201, 16); // NAL header: SPS, layer 0, temporal id 0
  w.writeBits(0b0000_000_1, 8); // sps_video_parameter_set_id, sps_max_sub_layers_minus1, sps_temporal_id_nesting_flag
  w.writeBits(0b00_0_00001, 8); // profile space, tier, Main
  w.writeBits(0x6000_0000, 32); // compatible with Main and Main 10
  w.writeBits(0b1001, 4); // progressive, frame only
  w.writeBits(0, 44);
  w.writeBits(60, 8); // level 2
  w.writeUe(0); // sps_seq_parameter_set_id
  w.writeUe(1); // 4:2:0
  w.writeUe(160);
  w.writeUe(128);
  w.writeBit(1); // conformance window: 8 lines off the bottom
  for (const offset of [0, 0, 0, 4]) w.writeUe(offset);
  w.writeUe(0); // bit_depth_luma_minus8
  w.writeUe(0); // bit_depth_chroma_minus8
  w.writeUe(4); // log2_max_pic_order_cnt_lsb_minus4: 8-bit POC LSBs
  w.writeBit(1); // sub-layer ordering info for every sub-layer (the only one)
  w.writeUe(4); // sps_max_dec_pic_buffering_minus1
  w.writeUe(2); // sps_max_num_reorder_pics
  w.writeUe(0); // sps_max_latency_increase_plus1
  for (const size of [1, 1, 0, 3, 0, 0]) w.writeUe(size); // CU 16..32, TU 4..32, hierarchy depths 0
  w.writeBit(1); // scaling_list_enabled_flag
  w.writeBit(1); // sps_scaling_list_data_present_flag
  for (let sizeId = 0; sizeId < 4; sizeId += 1) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (matrixId > 0) {
        w.writeBit(0); // scaling_list_pred_mode_flag: copy the matrix before
        w.writeUe(1); // scaling_list_pred_matrix_id_delta
        continue;
      }
      w.writeBit(1); // explicit flat list of 16s
      if (sizeId > 1) w.writeSe(8); // scaling_list_dc_coef_minus8
      for (let i = 0; i < Math.min(64, 1 << (4 + (sizeId << 1))); i += 1) w.writeSe(i === 0 ? 8 : 0);
    }
  }
  w.writeBit(1); // amp_enabled_flag
  w.writeBit(0); // sample_adaptive_offset_enabled_flag, as in the x265 picture it goes with
  w.writeBit(1); // pcm_enabled_flag, for 16x16 blocks
  w.writeBits(0x77, 8); // PCM sample bit depths minus 1
  w.writeUe(1);
  w.writeUe(0);
  w.writeBit(1); // pcm_loop_filter_disabled_flag
  w.writeUe(4); // num_short_term_ref_pic_sets
  // Set 0: S0 = {-1, -3}, S1 = {+2}.
  w.writeUe(2);
  w.writeUe(1);
  for (const step of [0, 1, 1]) {
    w.writeUe(step);
    w.writeBit(1);
  }
  // Set 1 from set 0 shifted by +1: -1 lands on 0 (never kept), -3 → -2, +2 → +3 (dropped), plus +1 itself.
  // It holds two pictures; a parser counting three or four would misread every later flag.
  w.writeBit(1); // inter_ref_pic_set_prediction_flag
  w.writeBit(0); // delta_rps_sign
  w.writeUe(0); // abs_delta_rps_minus1
  for (const flags of [[1], [1], [0, 0], [1]]) for (const flag of flags) w.writeBit(flag);
  // Set 2 from set 1 ({-2}, {+1}) shifted by -2: -4 used, -1 kept unused, -2 itself dropped.
  w.writeBit(1);
  w.writeBit(1);
  w.writeUe(1);
  for (const flags of [[1], [0, 1], [0, 0]]) for (const flag of flags) w.writeBit(flag);
  // Set 3 from set 2 ({-1, -4}) shifted by +2: +1 used, -2 kept unused, +2 itself used.
  w.writeBit(1);
  w.writeBit(0);
  w.writeUe(1);
  for (const flags of [[1], [0, 1], [1]]) for (const flag of flags) w.writeBit(flag);
  w.writeBit(1); // long_term_ref_pics_present_flag
  w.writeUe(2);
  w.writeBits(5, 8);
  w.writeBit(1);
  w.writeBits(200, 8);
  w.writeBit(0);
  w.writeBit(1); // sps_temporal_mvp_enabled_flag
  w.writeBit(1); // strong_intra_smoothing_enabled_flag
  w.writeBit(1); // vui_parameters_present_flag
  w.writeBit(1); // aspect ratio: Extended_SAR 4:3
  w.writeBits(255, 8);
  w.writeBits(4, 16);
  w.writeBits(3, 16);
  w.writeBit(1); // overscan_info_present_flag
  w.writeBit(0);
  w.writeBit(1); // video signal type: PAL, limited range, BT.709 colours
  w.writeBits(0b101_0, 4);
  w.writeBit(1);
  w.writeBits(0x01_01_01, 24);
  w.writeBit(1); // chroma_loc_info_present_flag
  w.writeUe(1);
  w.writeUe(1);
  w.writeBits(0b000, 3); // neutral chroma, field_seq, frame_field_info
  w.writeBit(1); // default display window
  for (const offset of [2, 2, 0, 0]) w.writeUe(offset);
  w.writeBit(1); // vui_timing_info_present_flag: 2 ticks of 1/25 s, 12.5 pictures a second
  w.writeBits(2, 32);
  w.writeBits(25, 32);
  w.writeBit(1); // vui_poc_proportional_to_timing_flag
  w.writeUe(0);
  w.writeBit(0); // vui_hrd_parameters_present_flag
  w.writeBit(0); // bitstream_restriction_flag
  w.writeBit(0); // sps_extension_present_flag
  w.writeTrailingBits();
  return insertEmulationPrevention(w.toBytes());
}

test('an SPS with scaling lists, PCM, predicted reference picture sets, long-term pictures and a full VUI is read as ffmpeg reads it', () => {
  // ffmpeg needs a picture after the SPS; an IDR slice header reads nothing of what the crafted SPS adds but SAO.
  const nals = encodeClip({ size: '160x120', rate: '25', frames: 1, encoder: ['-c:v', 'libx265', '-x265-params', 'sao=0:log-level=error', '-f', 'hevc'] });
  const crafted = spsWithEveryOption();
  const ffmpeg = traceFirstSps(joinAnnexB(nals.map((nal) => (h265NalType(nal) === H265_NAL.sps ? crafted : nal))), 'hevc');
  assert.equal(ffmpeg.get('rbsp_stop_one_bit'), 1, 'ffmpeg accepts every field up to the end');
  const sps = parseH265Sps(crafted);
  assert.deepEqual(
    { width: sps.width, height: sps.height, frameRate: sps.frameRate, reorder: sps.maxNumReorderPics },
    { width: 160, height: 120, frameRate: (ffmpeg.get('vui_time_scale') ?? 0) / (ffmpeg.get('vui_num_units_in_tick') ?? 0), reorder: ffmpeg.get('sps_max_num_reorder_pics[0]') },
  );
  assert.equal(sps.frameRate, 12.5);
});

test('an SPS cut anywhere after the picture size keeps the size and never reports a wrong frame rate', () => {
  const nals = encodeClip({ size: '160x120', rate: '30000/1001', frames: 1, encoder: ['-c:v', 'libx265', '-x265-params', 'log-level=error', '-f', 'hevc'] });
  const whole = spsOf(nals);
  assert.equal(parseH265Sps(whole).frameRate, 29.97);
  const outcomes = new Set<string>();
  for (let length = 1; length <= whole.length; length += 1) {
    try {
      const sps = parseH265Sps(whole.subarray(0, length));
      assert.deepEqual([sps.width, sps.height], [160, 120]);
      assert.ok(sps.frameRate === undefined || sps.frameRate === 29.97, `cut at ${length}: ${sps.frameRate}`);
      outcomes.add(sps.frameRate === undefined ? 'size only' : 'complete');
    } catch (error) {
      assert.ok(isVigieError(error), `cut at ${length}: ${String(error)}`);
      outcomes.add('error');
    }
  }
  assert.deepEqual([...outcomes].sort(), ['complete', 'error', 'size only']);
});

test('the H.265 track description carries the frame rate', () => {
  const nals = encodeClip({ size: '160x120', rate: '12.5', frames: 1, encoder: ['-c:v', 'libx265', '-x265-params', 'log-level=error', '-f', 'hevc'] });
  const find = (type: number): Uint8Array => nals.find((nal) => h265NalType(nal) === type) ?? new Uint8Array(0);
  const track = h265TrackInfo(96, 90_000, { vps: find(H265_NAL.vps), sps: find(H265_NAL.sps), pps: find(H265_NAL.pps) });
  assert.deepEqual([track.width, track.height, track.frameRate], [160, 120, 12.5]);
});

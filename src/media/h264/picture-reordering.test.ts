// The reorder depth the H.264 depacketizer works with: announced, inferred from the profile, or unknown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { BitWriter } from '../bits/bit-writer.js';
import { insertEmulationPrevention } from './emulation-prevention.js';
import { h264PictureReordering } from './picture-reordering.js';
import { parseH264Sps } from './sps.js';

/** A 320x240 SPS without VUI (so without bitstream restriction) for a profile and its constraint flags. */
function spsWithoutVui(profileIdc: number, constraintFlags: number): Uint8Array {
  const w = new BitWriter();
  w.writeBits(profileIdc, 8);
  w.writeBits(constraintFlags, 8);
  w.writeBits(30, 8); // level_idc
  w.writeUe(0); // seq_parameter_set_id
  if (profileIdc === 100) {
    w.writeUe(1); // chroma_format_idc
    w.writeUe(0); // bit_depth_luma_minus8
    w.writeUe(0); // bit_depth_chroma_minus8
    w.writeBits(0, 2); // qpprime_y_zero_transform_bypass_flag, seq_scaling_matrix_present_flag
  }
  w.writeUe(0); // log2_max_frame_num_minus4
  w.writeUe(0); // pic_order_cnt_type
  w.writeUe(0); // log2_max_pic_order_cnt_lsb_minus4
  w.writeUe(4); // max_num_ref_frames
  w.writeBit(0); // gaps_in_frame_num_value_allowed_flag
  w.writeUe(19); // pic_width_in_mbs_minus1
  w.writeUe(14); // pic_height_in_map_units_minus1
  w.writeBits(0b110, 3); // frame_mbs_only_flag, direct_8x8_inference_flag, frame_cropping_flag
  w.writeBit(0); // vui_parameters_present_flag
  w.writeTrailingBits();
  return Uint8Array.from([0x67, ...insertEmulationPrevention(w.toBytes())]);
}

test('x264 High with B-frames announces its depth (VUI bitstream restriction) and its frame rate', () => {
  // x264 High 4.0, 1920x1080, 30 fps, max_num_reorder_frames 2.
  const reordering = h264PictureReordering(hex('67640028acd940780227e5c044000003000400000300f03c60c658'));
  assert.deepEqual(reordering, { depth: 2, frameDuration90k: 3000 });
});

test('without bitstream restriction: 0 for Baseline and intra High, unknown for High', () => {
  assert.deepEqual(
    [66, 100].map((profile) => parseH264Sps(spsWithoutVui(profile, 0)).width),
    [320, 320],
    'valid SPSs',
  );
  assert.equal(h264PictureReordering(spsWithoutVui(66, 0xc0)).depth, 0);
  assert.equal(h264PictureReordering(spsWithoutVui(100, 0x10)).depth, 0);
  assert.deepEqual(h264PictureReordering(spsWithoutVui(100, 0)), { depth: undefined, frameDuration90k: undefined });
});

test('an unreadable SPS leaves the depth unknown instead of throwing', () => {
  assert.deepEqual(h264PictureReordering(Uint8Array.of(0x67, 0x64)), { depth: undefined, frameDuration90k: undefined });
  assert.deepEqual(h264PictureReordering(new Uint8Array(0)), { depth: undefined, frameDuration90k: undefined });
});

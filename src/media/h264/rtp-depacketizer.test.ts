import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { readRtpCapture } from '../../../test/support/rtp-capture.js';
import type { AccessUnit } from '../hub/access-unit.js';
import { parseRtpPacket, serializeRtpPacket, type RtpPacket } from '../rtp/rtp-packet.js';
import { RtpReceiver } from '../rtp/rtp-receiver.js';
import { joinAvcc, splitAvcc } from './avcc.js';
import { H264_NAL, h264NalType } from './nal-unit.js';
import { H264Depacketizer } from './rtp-depacketizer.js';

// 2.2 s of GStreamer x264enc → rtph264pay (aggregate-mode=zero-latency): STAP-A (SPS+PPS), FU-A IDR, STAP-A P-frames.
const CAPTURE = readRtpCapture(new URL('./fixtures/gstreamer-x264-baseline-320x240.rtp', import.meta.url));

function depacketize(packets: readonly Uint8Array[], slots = 0): { units: AccessUnit[]; receiver: RtpReceiver } {
  const receiver = new RtpReceiver(new H264Depacketizer(), { reorderSlots: slots });
  const units: AccessUnit[] = [];
  packets.forEach((bytes, index) => units.push(...receiver.receiveRtp(bytes, 1_000_000 + index)));
  return { units, receiver };
}

test('GStreamer capture: one access unit per marker, keyframes at each IDR, SPS/PPS captured in-band', () => {
  const markers = CAPTURE.map(parseRtpPacket).filter((p) => p.marker).length;
  const digest = createHash('sha1').update(Buffer.concat(CAPTURE)).digest('hex');
  const { units, receiver } = depacketize(CAPTURE);
  assert.equal(units.length, markers);
  assert.equal(units.filter((u) => u.isKeyframe).length, 3);
  assert.ok(units[0]?.isKeyframe);
  assert.ok(units.every((u) => u.nalUnits.some((n) => [H264_NAL.slice, H264_NAL.sliceIdr].includes(h264NalType(n) as 1 | 5))));
  assert.ok(units.every((u, i) => i === 0 || u.pts90k > (units[i - 1]?.pts90k ?? 0)));
  assert.equal(units[0]?.pts90k, 0);
  assert.equal(receiver.depacketizer.parameterSets?.sps.length, 27);
  assert.equal(receiver.depacketizer.parameterSetsVersion, 2);
  assert.deepEqual(units[0]?.sample, joinAvcc(units[0]?.nalUnits ?? []), 'the sample holds the NAL units, length-prefixed');
  assert.equal(createHash('sha1').update(Buffer.concat(CAPTURE)).digest('hex'), digest, 'input packets unchanged');
});

test('a lost packet drops the damaged picture and everything up to the next keyframe', () => {
  const all = depacketize(CAPTURE).units;
  const withLoss = [...CAPTURE.slice(0, 6), ...CAPTURE.slice(7)];
  const { units, receiver } = depacketize(withLoss);
  const firstKeyAfter = all.findIndex((u, i) => i > 3 && u.isKeyframe);
  assert.equal(units.length, all.length - firstKeyAfter + 4);
  assert.ok(units[4]?.isKeyframe);
  assert.equal(receiver.stats.packetsLost, 1);
  assert.equal(receiver.stats.unitsDropped, firstKeyAfter - 5); // picture 4 vanished with its packet; 5… were damaged or undecodable
});

test('packets reordered over UDP come out as if in order', () => {
  const swapped = [...CAPTURE];
  [swapped[5], swapped[6]] = [swapped[6] ?? new Uint8Array(0), swapped[5] ?? new Uint8Array(0)];
  [swapped[10], swapped[12]] = [swapped[12] ?? new Uint8Array(0), swapped[10] ?? new Uint8Array(0)];
  const expected = depacketize(CAPTURE, 16).units.length;
  const { units, receiver } = depacketize(swapped, 16);
  assert.equal(receiver.stats.packetsLost, 0);
  // The last few units wait in the reorder buffer for a gap that never comes.
  assert.ok(units.length >= expected - 16 && units.length <= expected);
  assert.ok(units.every((u, i) => i === 0 || u.pts90k > (units[i - 1]?.pts90k ?? 0)));
});

const idr = Uint8Array.of(0x65, 0x88, 0x84, 0x00, 0x21);
const pSlice = Uint8Array.of(0x41, 0x9a, 0x02);
function packet(seq: number, ts: number, marker: boolean, payload: Uint8Array): RtpPacket {
  return parseRtpPacket(serializeRtpPacket({ marker, payloadType: 96, sequenceNumber: seq, timestamp: ts, ssrc: 1 }, payload));
}

test('a timestamp change closes a picture whose marker bit was not set', () => {
  const d = new H264Depacketizer();
  assert.deepEqual(d.push(packet(1, 1000, false, idr), 0, 0), []);
  const out = d.push(packet(2, 4000, true, pSlice), 0, 40);
  assert.equal(out.length, 2);
  assert.deepEqual(
    out.map((u) => [u.isKeyframe, u.pts90k]),
    [
      [true, 0],
      [false, 3000],
    ],
  );
});

test('FU-A fragments are joined with the rebuilt NAL header; a middle fragment without start is counted, not thrown', () => {
  const d = new H264Depacketizer();
  assert.deepEqual(d.push(packet(1, 0, false, Uint8Array.of(0x7c, 0x85, 1, 2)), 0, 0), []);
  const [unit] = d.push(packet(2, 0, true, Uint8Array.of(0x7c, 0x45, 3)), 0, 0);
  assert.deepEqual(unit?.nalUnits, [Uint8Array.of(0x65, 1, 2, 3)]);
  assert.deepEqual(d.push(packet(3, 3000, true, Uint8Array.of(0x5c, 0x01, 9)), 0, 0), []);
  assert.equal(d.stats.malformedPackets, 1);
  assert.deepEqual(d.push(packet(4, 6000, true, Uint8Array.of(0x80)), 0, 0), []);
  assert.equal(d.stats.malformedPackets, 2);
});

test('joining in the middle of a fragmented IDR is not an error: decoding starts at the next keyframe', () => {
  const { units, receiver } = depacketize(CAPTURE.slice(2));
  assert.equal(receiver.stats.malformedPackets, 0);
  assert.ok(units[0]?.isKeyframe);
  assert.equal(units.filter((u) => u.isKeyframe).length, 2);
});

test('camera quirk: SPS and PPS sent with the marker bit and a timestamp of their own stay with the IDR picture', () => {
  const d = new H264Depacketizer();
  const sps = Uint8Array.of(0x67, 0x42, 0xc0, 0x0d);
  const pps = Uint8Array.of(0x68, 0xce);
  assert.deepEqual(d.push(packet(1, 1000, true, sps), 0, 0), []);
  assert.deepEqual(d.push(packet(2, 1001, true, pps), 0, 0), []);
  const [unit] = d.push(packet(3, 4000, true, idr), 0, 0);
  assert.deepEqual(unit?.nalUnits, [sps, pps, idr]);
  assert.equal(unit?.isKeyframe, true);
});

test('units stay intact when every packet arrives in the same reused buffer, with or without reordering', () => {
  for (const slots of [0, 16]) {
    const expected = depacketize(CAPTURE, slots).units;
    const scratch = new Uint8Array(2048);
    const receiver = new RtpReceiver(new H264Depacketizer(), { reorderSlots: slots });
    // With reorder slots, packets after the first come swapped in pairs: the held ones must survive the reuse.
    const swapped = (i: number): number => (i === 0 ? 0 : i % 2 === 1 ? Math.min(i + 1, CAPTURE.length - 1) : i - 1);
    const order = slots === 0 ? CAPTURE : CAPTURE.map((_, i) => CAPTURE[swapped(i)] ?? new Uint8Array(0));
    const units = order.flatMap((bytes, index) => {
      scratch.set(bytes);
      const out = [...receiver.receiveRtp(scratch.subarray(0, bytes.length), 1_000_000 + index)];
      scratch.fill(0xee); // what the next read would do to the buffer
      return out;
    });
    assert.equal(receiver.stats.packetsLost, 0);
    assert.ok(units.length >= expected.length - 16 && units.length <= expected.length);
    units.forEach((unit, i) => {
      assert.deepEqual(unit.sample, expected[i]?.sample, `unit ${i} (${slots} reorder slots)`);
      assert.deepEqual(unit.nalUnits, splitAvcc(unit.sample));
    });
  }
});

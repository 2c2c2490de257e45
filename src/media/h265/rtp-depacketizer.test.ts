import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex, readRtpCapture } from '../../../test/support/rtp-capture.js';
import type { AccessUnit } from '../hub/access-unit.js';
import { buildRtpPackets } from '../rtp/rtp-packet-builder.js';
import { parseRtpPacket } from '../rtp/rtp-packet.js';
import { RtpReceiver } from '../rtp/rtp-receiver.js';
import { H265_NAL, h265NalType } from './nal-unit.js';
import { H265Depacketizer } from './rtp-depacketizer.js';
import { packetizeH265 } from './rtp-packetizer.js';

// 2.2 s of GStreamer x265enc → rtph265pay: VPS/SPS/PPS single packets, FU for SEI, IDR/CRA and large slices.
const CAPTURE = readRtpCapture(new URL('./fixtures/gstreamer-x265-main-320x240.rtp', import.meta.url));

function depacketize(packets: readonly Uint8Array[]): { units: AccessUnit[]; receiver: RtpReceiver } {
  const receiver = new RtpReceiver(new H265Depacketizer(), { reorderSlots: 0 });
  const units = packets.flatMap((bytes, index) => [...receiver.receiveRtp(bytes, index)]);
  return { units, receiver };
}

test('GStreamer capture: IRAP pictures (IDR, CRA) are keyframes, parameter sets captured in-band', () => {
  const { units, receiver } = depacketize(CAPTURE);
  assert.equal(units.length, CAPTURE.map(parseRtpPacket).filter((p) => p.marker).length);
  assert.equal(units.filter((u) => u.isKeyframe).length, 3);
  assert.deepEqual(units[0]?.nalUnits.slice(0, 3).map(h265NalType), [H265_NAL.vps, H265_NAL.sps, H265_NAL.pps]);
  assert.ok(receiver.depacketizer.parameterSets?.vps !== undefined);
  assert.equal(receiver.stats.malformedPackets, 0);
});

test('a loss inside a picture drops it and waits for the next IRAP picture', () => {
  // Packets 0–6 are the IDR picture, 7 and 8 two single-packet pictures, 9–10 the FU of the fourth picture.
  const full = depacketize(CAPTURE).units;
  const { units, receiver } = depacketize([...CAPTURE.slice(0, 9), ...CAPTURE.slice(10)]);
  assert.equal(receiver.stats.packetsLost, 1);
  assert.deepEqual(units.map((u) => u.pts90k).slice(0, 3), full.map((u) => u.pts90k).slice(0, 3));
  assert.ok(units[3]?.isKeyframe);
  assert.equal(units[3]?.pts90k, full.find((u, i) => i > 3 && u.isKeyframe)?.pts90k);
});

const vps = hex('40010c01ffff016000000300900000030000030078959809');
const sps = hex('420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000f04');
const pps = hex('4401c172b46240');
const bigIdr = new Uint8Array(4000).map((_, i) => (i === 0 ? 0x26 : i === 1 ? 0x01 : (i * 13) & 0xff));

test('packetizer: AP of VPS+SPS+PPS before an IRAP picture, FU under the MTU; the depacketizer restores it', () => {
  const payloads = packetizeH265([bigIdr], { parameterSets: { vps, sps, pps } });
  assert.equal(h265NalType(payloads[0] ?? new Uint8Array(0)), H265_NAL.ap);
  assert.ok(payloads.slice(1).every((p) => h265NalType(p) === H265_NAL.fu && p.length <= 1388));
  const packets = buildRtpPackets(payloads, { payloadType: 96, ssrc: 1, firstSequence: 65535, timestamp: 0 });
  const d = new H265Depacketizer();
  const units = packets.flatMap((p) => [...d.push(parseRtpPacket(p), 0, 0)]);
  assert.equal(units.length, 1);
  assert.deepEqual(units[0]?.nalUnits, [vps, sps, pps, bigIdr]);
  assert.equal(units[0]?.isKeyframe, true);
});

test('PACI and truncated payloads are counted, never thrown', () => {
  const d = new H265Depacketizer();
  const paci = buildRtpPackets([Uint8Array.of(50 << 1, 1, 0, 0)], { payloadType: 96, ssrc: 1, firstSequence: 1, timestamp: 0 });
  const short = buildRtpPackets([Uint8Array.of(0x62)], { payloadType: 96, ssrc: 1, firstSequence: 2, timestamp: 10 });
  assert.deepEqual(
    [...paci, ...short].flatMap((p) => [...d.push(parseRtpPacket(p), 0, 0)]),
    [],
  );
  assert.equal(d.stats.malformedPackets, 2);
});

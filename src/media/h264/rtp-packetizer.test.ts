import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { buildRtpPackets } from '../rtp/rtp-packet-builder.js';
import { parseRtpPacket } from '../rtp/rtp-packet.js';
import { H264_NAL, h264NalType } from './nal-unit.js';
import { H264Depacketizer } from './rtp-depacketizer.js';
import { packetizeH264 } from './rtp-packetizer.js';

const sps = hex('6742c00dda0507ec0440000003004000000c83c50aa8');
const pps = hex('68ce0fc8');
const bigIdr = new Uint8Array(5000).map((_, i) => (i === 0 ? 0x65 : (i * 7) & 0xff));

test('an IDR without in-band parameter sets gets a STAP-A of SPS+PPS, then FU-A under the MTU; AUD is dropped', () => {
  const payloads = packetizeH264([hex('0910'), bigIdr], { parameterSets: { sps, pps } });
  assert.equal(h264NalType(payloads[0] ?? new Uint8Array(0)), H264_NAL.stapA);
  assert.deepEqual(payloads[0]?.subarray(1, 3), Uint8Array.of(0, sps.length));
  assert.ok(payloads.slice(1).every((p) => h264NalType(p) === H264_NAL.fuA && p.length <= 1388));
  assert.equal(payloads.length, 1 + Math.ceil((bigIdr.length - 1) / 1386));
});

test('packetize then depacketize gives back the same NAL units', () => {
  const nals = [sps, pps, bigIdr];
  const packets = buildRtpPackets(packetizeH264(nals, { mtu: 500 }), { payloadType: 96, ssrc: 7, firstSequence: 65530, timestamp: 4294967000 });
  assert.ok(packets.every((p) => p.length <= 500));
  const d = new H264Depacketizer();
  const units = packets.flatMap((p) => [...d.push(parseRtpPacket(p), 0, 0)]);
  assert.equal(units.length, 1);
  assert.deepEqual(units[0]?.nalUnits, nals);
  assert.equal(units[0]?.isKeyframe, true);
});

test('small non-IDR pictures go as single NAL unit packets', () => {
  assert.deepEqual(packetizeH264([hex('419a02')], { parameterSets: { sps, pps } }), [hex('419a02')]);
});

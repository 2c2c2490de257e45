import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lengthPrefixed, type AccessUnit } from '../hub/access-unit.js';
import { h264TrackInfo } from '../h264/track-info.js';
import { parseRtpPacket, serializeRtpPacket } from '../rtp/rtp-packet.js';
import { splitRtcpCompound } from '../rtp/rtcp-packet.js';
import { ServerRtpWriter } from './server-rtp-writer.js';

const sps = Uint8Array.from(Buffer.from('Z0LADNoFB+wFqDAwNSgAAAMACAAAAwD0eKFV', 'base64'));
const pps = Uint8Array.from(Buffer.from('aM48gA==', 'base64'));
const track = h264TrackInfo(96, 90_000, { sps, pps });

function frames(buffer: Uint8Array): { channel: number; payload: Uint8Array }[] {
  const out: { channel: number; payload: Uint8Array }[] = [];
  for (let o = 0; o < buffer.length;) {
    assert.equal(buffer[o], 0x24);
    const length = ((buffer[o + 2] ?? 0) << 8) | (buffer[o + 3] ?? 0);
    out.push({ channel: buffer[o + 1] ?? 0, payload: buffer.subarray(o + 4, o + 4 + length) });
    o += 4 + length;
  }
  return out;
}

test('forwarded packets: one buffer of interleaved frames, sequence/timestamp/SSRC rewritten, source packets untouched', () => {
  const originals = [0, 1, 2].map((i) => serializeRtpPacket({ marker: i === 2, payloadType: 96, sequenceNumber: 500 + i, timestamp: 1234, ssrc: 42 }, Uint8Array.of(0x41, i)));
  const copies = originals.map((p) => p.slice());
  const writer = new ServerRtpWriter({ ssrc: 7, firstSequence: 65535, timestampBase: 2 ** 32 - 100, channels: [2, 3] });
  const unit: AccessUnit = { ...lengthPrefixed([]), dts90k: 9000, pts90k: 9000, wallClockMs: 1_700_000_000_000, isKeyframe: false, rtpPackets: originals };
  const first = writer.frame(unit, track, 0);
  const parts = frames(first.buffer);
  assert.deepEqual(
    parts.map((p) => p.channel),
    [2, 2, 2, 3],
    'three RTP frames then a sender report',
  );
  const packets = parts.slice(0, 3).map((p) => parseRtpPacket(p.payload));
  assert.deepEqual(
    packets.map((p) => [p.sequenceNumber, p.timestamp, p.ssrc, p.marker]),
    [
      [65535, 2 ** 32 - 100, 7, false],
      [0, 2 ** 32 - 100, 7, false],
      [1, 2 ** 32 - 100, 7, true],
    ],
  );
  assert.deepEqual(originals, copies);
  assert.equal(splitRtcpCompound(parts[3]?.payload ?? new Uint8Array(0))[0]?.packetType, 200);
  const next = writer.frame({ ...unit, pts90k: 12_600, dts90k: 12_600 }, track, 1000);
  const later = frames(next.buffer).map((p) => parseRtpPacket(p.payload));
  assert.deepEqual(
    later.map((p) => [p.sequenceNumber, p.timestamp]),
    [
      [2, 3500],
      [3, 3500],
      [4, 3500],
    ],
    'timestamps continue across the 32-bit wrap; no report within 5 s',
  );
});

test('units without RTP packets are packetized; over UDP the buffer is bare packets', () => {
  const writer = new ServerRtpWriter({ ssrc: 9, firstSequence: 10, timestampBase: 0, channels: undefined });
  const idr = new Uint8Array(3000).map((_, i) => (i === 0 ? 0x65 : i & 0xff));
  const framed = writer.frame({ ...lengthPrefixed([idr]), dts90k: 0, pts90k: 0, wallClockMs: 0, isKeyframe: true }, track, 0);
  const pairs = Array.from({ length: framed.packets.length / 2 }, (_, i) => [framed.packets[2 * i] ?? 0, framed.packets[2 * i + 1] ?? 0] as const);
  const packets = pairs.map(([offset, length]) => parseRtpPacket(framed.buffer.subarray(offset, offset + length)));
  assert.equal((packets[0]?.payload[0] ?? 0) & 0x1f, 24, 'STAP-A with SPS and PPS first');
  assert.ok(packets.slice(1).every((p) => (p.payload[0] ?? 0) % 32 === 28 && p.bytes.length <= 1400));
  assert.deepEqual(
    packets.map((p) => p.marker),
    [...packets.slice(1).map(() => false), true],
  );
  assert.ok(framed.senderReport !== undefined);
  assert.equal(
    pairs.reduce((sum, [, length]) => sum + length, 0),
    framed.buffer.length,
  );
});

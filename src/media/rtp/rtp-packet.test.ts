import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { parseRtpPacket, rewriteRtpHeader, serializeRtpPacket } from './rtp-packet.js';

test('header, two CSRCs, a one-word extension and two bytes of padding', () => {
  const bytes = hex('b2 e0 1234 89abcdef 00000001  00000002 00000003  bede 0001 aabbccdd  65 88 84  00 02');
  const packet = parseRtpPacket(bytes);
  assert.deepEqual([packet.marker, packet.payloadType, packet.sequenceNumber, packet.timestamp, packet.ssrc, packet.csrcs], [true, 96, 0x1234, 0x89abcdef, 1, [2, 3]]);
  assert.deepEqual(packet.extension, { profile: 0xbede, data: hex('aabbccdd') });
  assert.deepEqual(packet.payload, hex('65 88 84'));
  assert.equal(packet.payload.buffer, bytes.buffer, 'the payload is a view, not a copy');
});

test('serialize writes the 12-byte header; rewrite changes only sequence, timestamp and SSRC', () => {
  const bytes = serializeRtpPacket({ marker: false, payloadType: 96, sequenceNumber: 65535, timestamp: 2 ** 32 - 1, ssrc: 0xdeadbeef }, hex('41 9a'));
  assert.deepEqual(bytes, hex('80 60 ffff ffffffff deadbeef 41 9a'));
  rewriteRtpHeader(bytes, 0, 7, 9, 11);
  assert.deepEqual(bytes, hex('80 60 0007 00000009 0000000b 41 9a'));
});

test('malformed packets are VigieErrors: short, wrong version, CSRC or extension or padding beyond the end', () => {
  for (const bad of ['80 60 00', '40 60 0001 00000000 00000000', '8f 60 0001 00000000 00000000', '90 60 0001 00000000 00000000 bede 0004 00', 'a0 60 0001 00000000 00000000 01 09']) {
    assert.throws(() => parseRtpPacket(hex(bad)), { code: 'VIGIE_RTP_INVALID' }, bad);
  }
});

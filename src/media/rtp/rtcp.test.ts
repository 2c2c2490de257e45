import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { hex } from '../../../test/support/rtp-capture.js';
import { RtpClockMapping } from './clock-mapping.js';
import { buildReceiverReport } from './receiver-report.js';
import { RTCP_TYPE, splitRtcpCompound } from './rtcp-packet.js';
import { buildBye, buildSenderReport, findSenderReports } from './sender-report.js';

test('GStreamer compound RTCP (SR + SDES): the sender report is found and read', () => {
  const datagram = new Uint8Array(readFileSync(new URL('./fixtures/gstreamer-h264-sender-report.rtcp', import.meta.url)));
  assert.deepEqual(
    splitRtcpCompound(datagram).map((p) => p.packetType),
    [RTCP_TYPE.senderReport, RTCP_TYPE.sdes],
  );
  const [report] = findSenderReports(datagram);
  assert.ok(report !== undefined && Math.abs(report.ntpTimeMs - Date.parse('2026-11-25T22:08:55Z')) < 3_600_000);
});

test('sender report round trip, and BYE', () => {
  const bytes = buildSenderReport({ ssrc: 0x01020304, ntpTimeMs: 1_700_000_000_250, rtpTimestamp: 90_000, packetCount: 10, octetCount: 12_345 });
  assert.deepEqual(bytes.subarray(0, 8), hex('80 c8 0006 01020304'));
  const [report] = findSenderReports(Uint8Array.from([...bytes, ...buildBye(0x01020304)]));
  assert.equal(report?.ssrc, 0x01020304);
  assert.ok(Math.abs((report?.ntpTimeMs ?? 0) - 1_700_000_000_250) < 0.001);
  assert.deepEqual([report?.rtpTimestamp, report?.packetCount, report?.octetCount], [90_000, 10, 12_345]);
});

test('receiver report layout (RFC 3550 §6.4.2)', () => {
  const bytes = buildReceiverReport({
    reporterSsrc: 1,
    sourceSsrc: 2,
    fractionLost: 64,
    cumulativeLost: 3,
    extendedHighestSequence: 0x10005,
    jitter: 0,
    lastSenderReport: 0xaabbccdd,
    delaySinceLastSenderReport: 65536,
  });
  assert.deepEqual(bytes, hex('81 c9 0007 00000001 00000002 40 000003 00010005 00000000 aabbccdd 00010000'));
});

test('compound packets that overrun the datagram are VigieErrors', () => {
  assert.throws(() => splitRtcpCompound(hex('80 c8 0006 0000')), { code: 'VIGIE_RTCP_INVALID' });
  assert.throws(() => splitRtcpCompound(hex('00 c8 0000')), { code: 'VIGIE_RTCP_INVALID' });
});

test('clock mapping: arrival time until a sender report, then the report anchors RTP time to NTP time', () => {
  const clock = new RtpClockMapping(90_000);
  assert.deepEqual(clock.map(1000, 5_000), { pts: 0, wallClockMs: 5_000 });
  assert.deepEqual(clock.map(10_000, 5_130), { pts: 9000, wallClockMs: 5_100 }); // smoothed: jitter of arrival ignored
  clock.onSenderReport(1_700_000_000_000, 19_000);
  assert.deepEqual(clock.map(28_000, 5_400), { pts: 27_000, wallClockMs: 1_700_000_000_100 });
});

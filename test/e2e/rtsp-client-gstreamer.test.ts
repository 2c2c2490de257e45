// Vigie's RTSP client against GStreamer's RTSP server (an independent implementation): H.264 and H.265, TCP and
// UDP, Digest authentication accepted and refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AccessUnit } from '../../src/media/hub/index.js';
import { splitAvcc } from '../../src/media/h264/index.js';
import { openRtspSession, type RtspSession } from '../../src/media/rtsp/index.js';
import { startGstCams, type GstCams } from '../support/gst-cams.js';

let open: GstCams | undefined;
let guarded: GstCams | undefined;

before(async () => {
  [open, guarded] = await Promise.all([startGstCams(), startGstCams({ auth: 'viewer:s3cret' })]);
});

after(async () => {
  await Promise.all([open?.stop(), guarded?.stop()]);
});

/** Plays for `ms` and returns what arrived; the cameras encode 15 fps with a keyframe every second. */
async function watch(session: RtspSession, ms: number): Promise<AccessUnit[]> {
  const units: AccessUnit[] = [];
  session.onAccessUnit((unit) => units.push(unit));
  await new Promise((resolve) => setTimeout(resolve, ms));
  await session.close();
  return units;
}

test('H.264 and H.265 over TCP and UDP: track described, pictures decoded from the first keyframe on', async () => {
  const cams = open;
  assert.ok(cams !== undefined);
  // gst-rtsp-server 1.22 aborts (gst_rtsp_media_get_rates assertion) or answers 503 when two clients set up one
  // shared media at the same moment: the two codecs run side by side, the two transports of a codec one after the other.
  const perCodec = await Promise.all(
    (['h264', 'h265'] as const).map(async (codec) => {
      const results = [];
      for (const transport of ['tcp', 'udp'] as const) {
        const session = await openRtspSession({ url: cams.url(codec), transport, udpLocalAddress: '127.0.0.1', timeoutMs: 5000 });
        const units = await watch(session, 2000);
        results.push({ codec, transport, track: session.track, units, stats: session.stats(), reason: await session.closed });
      }
      return results;
    }),
  );
  for (const { codec, transport, track, units, stats, reason } of perCodec.flat()) {
    const label = `${codec}/${transport}`;
    assert.equal(track.codec, codec, label);
    assert.deepEqual([track.width, track.height], [320, 240], label);
    assert.match(track.codecString ?? '', codec === 'h264' ? /^avc1\.42c00c$/ : /^hvc1\.1\.6\.L60\./, label);
    // Joining a shared stream mid-GOP waits up to a second for the first keyframe.
    assert.ok(units.length >= 12, `${label}: ${units.length} pictures`);
    assert.ok(units[0]?.isKeyframe, `${label}: starts on a keyframe`);
    assert.ok(units.filter((u) => u.isKeyframe).length >= 1, label);
    // 15 fps is 6000 ticks of 90 kHz; a starved live encoder on a busy machine may skip a frame, never half of one.
    const steps = units.slice(1).map((u, i) => u.pts90k - (units[i]?.pts90k ?? 0));
    assert.ok(
      steps.every((step) => step > 0 && step % 6000 === 0),
      `${label}: steps ${steps.join(',')}`,
    );
    assert.ok(steps.filter((step) => step === 6000).length >= steps.length * 0.8, `${label}: steps ${steps.join(',')}`);
    assert.ok(
      units.every((u) => u.sample.length > 0 && splitAvcc(u.sample).every((nal, i) => Buffer.compare(nal, u.nalUnits[i] ?? new Uint8Array(0)) === 0)),
      `${label}: samples hold the NAL units`,
    );
    assert.ok(
      units.every((u) => Math.abs(u.wallClockMs - Date.now()) < 10_000),
      `${label}: wall clock near now`,
    );
    // A starved test process makes gst-rtsp-server drop part of its backlog, even over TCP: losses are counted.
    assert.ok(stats.packetsLost <= stats.packetsReceived / 10, `${label}: ${stats.packetsLost} lost`);
    assert.equal(stats.malformedPackets, 0, label);
    assert.ok(stats.bytesReceived > 5000, label);
    assert.deepEqual(reason, { kind: 'closed' }, label);
  }
});

test('Digest authentication: right credentials play, wrong or missing ones give VIGIE_RTSP_AUTH_REJECTED', async () => {
  const cams = guarded;
  assert.ok(cams !== undefined);
  const session = await openRtspSession({ url: cams.url('h264', 'viewer:s3cret'), transport: 'tcp' });
  const units = await watch(session, 800);
  assert.ok(units.length >= 3, `${units.length} pictures`);
  await assert.rejects(openRtspSession({ url: cams.url('h265'), username: 'viewer', password: 'wrong' }), { code: 'VIGIE_RTSP_AUTH_REJECTED', message: /rejected/ });
  await assert.rejects(openRtspSession({ url: cams.url('h265') }), { code: 'VIGIE_RTSP_AUTH_REJECTED', message: /requires credentials/ });
});

test('a path the camera does not serve is a clear error', async () => {
  const cams = open;
  assert.ok(cams !== undefined);
  await assert.rejects(openRtspSession({ url: `rtsp://127.0.0.1:${cams.port}/nothing` }), { code: 'VIGIE_RTSP_UNEXPECTED_STATUS', message: /404/ });
});

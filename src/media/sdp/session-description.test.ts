import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { h264TrackInfo } from '../h264/track-info.js';
import { resolveControlUrl } from './control-url.js';
import { parseSdp } from './session-description.js';
import { findVideoTrack } from './video-track.js';
import { writeVideoSdp } from './write.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('GStreamer H.264: rtpmap, fmtp with sprop-parameter-sets, control relative to Content-Base', () => {
  const sdp = parseSdp(fixture('gstreamer-h264.sdp'));
  assert.equal(sdp.control, '*');
  assert.equal(sdp.media[0]?.rtpMaps.get(96)?.encoding, 'H264');
  assert.equal(sdp.media[0]?.fmtp.get(96)?.get('profile-level-id'), '42c00c');
  const track = findVideoTrack(sdp, 'rtsp://127.0.0.1:44769/h264/');
  assert.equal(track?.codec, 'h264');
  assert.equal(track?.controlUrl, 'rtsp://127.0.0.1:44769/h264/stream=0');
  assert.deepEqual([track?.parameterSets?.sps.length, track?.parameterSets?.pps.length], [27, 4]);
});

test('GStreamer H.265: sprop-vps, sprop-sps and sprop-pps', () => {
  const track = findVideoTrack(parseSdp(fixture('gstreamer-h265.sdp')), 'rtsp://127.0.0.1:1/h265/');
  assert.equal(track?.codec, 'h265');
  assert.deepEqual([track?.parameterSets?.vps?.length, track?.parameterSets?.sps.length, track?.parameterSets?.pps.length], [24, 47, 6]);
});

test('camera-style SDP: absolute control URLs, audio recognised and skipped', () => {
  const sdp = parseSdp(fixture('synthetic-camera-absolute-control-with-audio.sdp'));
  assert.deepEqual(
    sdp.media.map((m) => m.kind),
    ['video', 'audio'],
  );
  const track = findVideoTrack(sdp, 'rtsp://192.168.1.64:554/Streaming/Channels/101');
  assert.equal(track?.controlUrl, 'rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast');
  assert.equal(track?.parameterSets?.sps[0], 0x67);
});

test('audio first, LF line endings, relative controls resolved under the base', () => {
  const track = findVideoTrack(parseSdp(fixture('synthetic-camera-relative-control-audio-first.sdp')), 'rtsp://10.0.0.2/live');
  assert.deepEqual([track?.codec, track?.payloadType, track?.controlUrl], ['h265', 98, 'rtsp://10.0.0.2/live/track2']);
});

test('control URL resolution (RFC 2326 §C.1.1)', () => {
  assert.equal(resolveControlUrl('rtsp://h/a/', '*'), 'rtsp://h/a/');
  assert.equal(resolveControlUrl('rtsp://h/a', 'trackID=1'), 'rtsp://h/a/trackID=1');
  assert.equal(resolveControlUrl('rtsp://h/a', 'rtsp://other/x'), 'rtsp://other/x');
  assert.equal(resolveControlUrl('rtsp://h/a', undefined), 'rtsp://h/a');
});

test('written SDP parses back to the same track', () => {
  const parsed = findVideoTrack(parseSdp(fixture('gstreamer-h264.sdp')), 'rtsp://h/x/');
  const track = h264TrackInfo(96, 90_000, parsed?.parameterSets);
  const text = writeVideoSdp(track, { sessionId: '1', host: '127.0.0.1', trackControl: 'trackID=0' });
  const again = findVideoTrack(parseSdp(text), 'rtsp://h/x/');
  assert.equal(again?.controlUrl, 'rtsp://h/x/trackID=0');
  assert.deepEqual(again?.parameterSets, parsed?.parameterSets);
  assert.match(text, /a=fmtp:96 packetization-mode=1;profile-level-id=42c00c;sprop-parameter-sets=/);
});

test('broken descriptions are VigieErrors', () => {
  assert.throws(() => parseSdp('hello'), { code: 'VIGIE_SDP_INVALID' });
  assert.throws(() => parseSdp('s=no version\r\n'), { code: 'VIGIE_SDP_INVALID' });
  assert.throws(() => parseSdp('v=0\r\nm=video\r\n'), { code: 'VIGIE_SDP_INVALID' });
  assert.throws(() => parseSdp(`v=0\r\n${'a=x\r\n'.repeat(20_000)}`), { code: 'VIGIE_SDP_INVALID' });
});

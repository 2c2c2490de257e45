// The restream path end to end: a GStreamer camera read by Vigie's RTSP client, published in the hub, served again
// by Vigie's RTSP server with the camera's own RTP packets forwarded, and read by ffmpeg and by Vigie's client.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, test } from 'node:test';
import { Hub } from '../../src/media/hub/index.js';
import type { AccessUnit } from '../../src/media/hub/index.js';
import { createRtspServer, openRtspSession } from '../../src/media/rtsp/index.js';
import { startGstCams } from '../support/gst-cams.js';

const closers: (() => Promise<unknown> | unknown)[] = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

test('camera → client → hub → server → ffmpeg and client: every picture decodes, new viewers start on a keyframe', async () => {
  const cams = await startGstCams();
  closers.push(() => cams.stop());
  const hub = new Hub();
  closers.push(() => hub.close());
  const ingest = await openRtspSession({ url: cams.url('h264'), transport: 'tcp' });
  closers.push(() => ingest.close());
  const publisher = hub.publish('cam/main');
  publisher.setTrack(ingest.track);
  ingest.onTrackChange((track) => publisher.setTrack(track));
  ingest.onAccessUnit((unit) => publisher.push(unit));
  const server = await createRtspServer({
    host: '127.0.0.1',
    port: 0,
    resolve: (path) => ({ track: () => hub.track(path), subscribe: (consumer, options) => hub.subscribe(path, consumer, options) }),
  });
  closers.push(() => server.close());
  const url = `rtsp://127.0.0.1:${server.port}/cam/main`;
  await new Promise((resolve) => setTimeout(resolve, 1200)); // let the hub cache a keyframe

  const ffmpeg = await new Promise<string>((resolve) => {
    execFile('ffmpeg', ['-v', 'info', '-rtsp_transport', 'udp', '-i', url, '-frames:v', '20', '-f', 'null', '-'], { timeout: 20_000 }, (error, _out, stderr) =>
      resolve(`${stderr}${error === null ? '' : `\nexit: ${error.message}`}`),
    );
  });
  assert.match(ffmpeg, /frame=\s*20\b/, ffmpeg.slice(-800));
  assert.doesNotMatch(ffmpeg, /error while decoding|exit:/i, ffmpeg.slice(-800));

  const started = Date.now();
  const units: AccessUnit[] = [];
  let firstArrivalMs = Number.POSITIVE_INFINITY;
  const viewer = await openRtspSession({
    url,
    transport: 'tcp',
    onAccessUnit: (unit) => {
      firstArrivalMs = Math.min(firstArrivalMs, Date.now());
      units.push(unit);
    },
  });
  const playedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await viewer.close();
  assert.ok(units[0]?.isKeyframe, 'the first picture is the cached keyframe');
  // A 15 fps camera with one keyframe a second: without the cache the wait could reach a second.
  assert.ok(firstArrivalMs - playedAt < 250, `first picture ${firstArrivalMs - playedAt} ms after PLAY (${playedAt - started} ms to open)`);
  assert.ok(units.length >= 15, `${units.length} pictures in a second`);
  const steps = units.slice(1).map((u, i) => u.pts90k - (units[i]?.pts90k ?? 0));
  assert.ok(
    steps.every((step) => step > 0 && step % 6000 === 0),
    steps.join(','),
  );
  assert.equal(viewer.stats().malformedPackets, 0);
  assert.deepEqual(viewer.track.parameterSets, ingest.track.parameterSets);
});

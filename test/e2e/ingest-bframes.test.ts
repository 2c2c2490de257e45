// Cameras that send B-frames: GStreamer's RTSP server sends MP4 files encoded by ffmpeg with B-frames (RTP
// timestamps = presentation times, packets in decode order); Vigie's RTSP client ingests them, the depacketizer
// derives the decode times, Vigie's muxer writes a fragmented MP4, and ffprobe / ffmpeg read it back.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AccessUnit } from '../../src/media/hub/index.js';
import { openRtspSession } from '../../src/media/rtsp/index.js';
import { probePackets, relative, writeAndProbe } from '../support/fmp4-probe.js';
import { startGstCams, type GstCams } from '../support/gst-cams.js';

const run = promisify(execFile);
const FRAMES = 50;
const ENCODERS = {
  h264: ['-c:v', 'libx264', '-bf', '2', '-g', '25'],
  h265: ['-c:v', 'libx265', '-x265-params', 'bframes=3:log-level=error', '-g', '25', '-tag:v', 'hvc1'],
} as const;

let dir: string;
let cam: GstCams | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigie-bframes-'));
  await Promise.all(
    Object.entries(ENCODERS).map(([codec, encoder]) =>
      run('ffmpeg', [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x240:rate=25',
        '-frames:v',
        String(FRAMES),
        ...encoder,
        '-preset',
        'superfast',
        '-pix_fmt',
        'yuv420p',
        '-video_track_timescale',
        '90000',
        join(dir, `${codec}.mp4`),
      ]),
    ),
  );
  cam = await startGstCams({ files: { h264: join(dir, 'h264.mp4'), h265: join(dir, 'h265.mp4') } });
});

after(async () => {
  await cam?.stop();
  await rm(dir, { recursive: true, force: true });
});

for (const codec of ['h264', 'h265'] as const) {
  it(`ingests ${codec.toUpperCase()} with B-frames from GStreamer and records a file that plays in presentation order`, async () => {
    const source = await probePackets(join(dir, `${codec}.mp4`));
    assert.ok(
      source.pts.some((pts, i) => i > 0 && pts < (source.pts[i - 1] ?? 0)),
      'the source has B-frames',
    );

    const units: AccessUnit[] = [];
    assert.ok(cam);
    const session = await openRtspSession({ url: cam.url(codec), transport: 'tcp', onAccessUnit: (unit) => void units.push(unit) });
    const deadline = Date.now() + 15_000;
    while (units.length < FRAMES && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const track = session.track;
    await session.close();

    assert.equal(units.length, FRAMES);
    assert.equal(track.codec, codec);
    assert.deepEqual(relative(units.map((u) => u.pts90k)), relative(source.pts), 'the pictures as the file has them');
    units.forEach((unit, i) => {
      assert.ok(unit.dts90k <= unit.pts90k, `dts ≤ pts at ${i}`);
      if (i > 0) assert.ok(unit.dts90k > (units[i - 1]?.dts90k ?? Infinity), `dts increases at ${i}`);
    });
    assert.deepEqual(relative(units.map((u) => u.dts90k)), relative(source.dts), "the encoder's own decode times");

    const recorded = await writeAndProbe(join(dir, `${codec}-recorded.mp4`), track, units);
    assert.equal(recorded.probeWarnings + recorded.decodeErrors, '', 'ffprobe and ffmpeg read the file without a word');
    assert.deepEqual(relative(recorded.pts), relative(source.pts));
    assert.deepEqual(relative(recorded.dts), relative(source.dts));
  });
}

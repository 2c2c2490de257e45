import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { h265NalType, h265TrackInfo, splitAnnexB } from '../h265/index.js';
import { parseH264Sps } from '../h264/index.js';
import { Hub, lengthPrefixed, type AccessUnit, type TrackInfo } from '../hub/index.js';
import { H264Transcoder } from './h264-transcoder.js';

/** 50 pictures of 320×240 H.265 (GOP 25) from ffmpeg, as hub access units. */
function hevcUnits(): { track: TrackInfo; units: AccessUnit[] } {
  const stream = execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25',
      '-frames:v',
      '50',
      '-c:v',
      'libx265',
      '-preset',
      'ultrafast',
      '-x265-params',
      'aud=1:keyint=25:bframes=0:log-level=error',
      '-f',
      'hevc',
      '-',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const pictures: Uint8Array[][] = [];
  const sets: Record<number, Uint8Array> = {};
  for (const nal of splitAnnexB(new Uint8Array(stream))) {
    const type = h265NalType(nal);
    if (type === 35) pictures.push([]);
    else if (type >= 32 && type <= 34) sets[type] = nal;
    else pictures[pictures.length - 1]?.push(nal);
  }
  const track = h265TrackInfo(96, 90000, { vps: sets[32] as Uint8Array, sps: sets[33] as Uint8Array, pps: sets[34] as Uint8Array });
  const units = pictures.map((nalUnits, i) => ({ ...lengthPrefixed(nalUnits), dts90k: i * 3600, pts90k: i * 3600, wallClockMs: 1000 + i * 40, isKeyframe: i % 25 === 0 }));
  return { track, units };
}

it('transcodes an H.265 hub stream to an H.264 one, picture for picture, while it runs', async () => {
  const { track, units } = hevcUnits();
  assert.equal(units.length, 50);
  const hub = new Hub();
  const source = hub.publish('cam/main');
  source.setTrack(track);
  const errors: Error[] = [];
  const transcoder = new H264Transcoder({ source: hub, sourceKey: 'cam/main', publish: () => hub.publish('cam/main/h264'), onError: (e) => errors.push(e) });
  const received: AccessUnit[] = [];
  const tracks: TrackInfo[] = [];
  hub.subscribe('cam/main/h264', { label: 'viewer', start: (t) => tracks.push(t), accept: (u) => void received.push(u), stop: () => undefined }, { startAt: 'last-keyframe', maxQueuedBytes: 1e7 });
  transcoder.start();
  for (const unit of units) {
    source.push(unit);
    await sleep(5);
  }
  for (let waited = 0; received.length < 48 && waited < 10_000; waited += 50) await sleep(50);
  transcoder.stop();
  await sleep(5);
  assert.deepEqual(errors, []);
  assert.equal(tracks[0]?.codec, 'h264');
  const sps = tracks[0]?.parameterSets?.sps;
  assert.ok(sps !== undefined);
  assert.deepEqual([parseH264Sps(sps).width, parseH264Sps(sps).height], [320, 240]);
  // Two pictures stay in the pipeline of a live feed: ffmpeg's parser and our framing each wait for the next delimiter.
  assert.ok(received.length >= 48, `got ${received.length} pictures`);
  assert.equal(received[0]?.isKeyframe, true);
  assert.deepEqual(
    received.slice(0, 48).map((u) => u.pts90k),
    units.slice(0, 48).map((u) => u.pts90k),
  );
  assert.equal(hub.streamStats('cam/main/h264'), undefined, 'the derived stream ended');
});

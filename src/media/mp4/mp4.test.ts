// fMP4 writer and reader against ffprobe: frame count, size, timestamps and keyframes survive, H.264 and H.265.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codecString, parseFragments, parseInitSegment, ProgressiveMp4Writer, writeInitSegment, writeMediaFragment } from './index.js';
import { encodeClip, type Clip } from './test-clip.js';
import type { AccessUnit } from '../hub/access-unit.js';

const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), 'vigie-mp4-'));
after(() => rm(dir, { recursive: true, force: true }));

interface Probed {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly codec: string;
  readonly pts: number[];
  readonly keyframes: number;
}

async function probe(file: string): Promise<Probed> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height,nb_read_frames,codec_name:packet=pts,flags',
    '-of',
    'json',
    file,
  ]);
  const json = JSON.parse(stdout) as { streams: Array<{ width: number; height: number; nb_read_frames: string; codec_name: string }>; packets: Array<{ pts: number; flags: string }> };
  const stream = json.streams[0];
  assert.ok(stream);
  return {
    width: stream.width,
    height: stream.height,
    frames: Number(stream.nb_read_frames),
    codec: stream.codec_name,
    pts: json.packets.map((p) => p.pts).sort((a, b) => a - b),
    keyframes: json.packets.filter((p) => p.flags.startsWith('K')).length,
  };
}

/** Cuts units into fragments of at most `perFragment` units, a new one at each keyframe. */
function fragments(units: readonly AccessUnit[], perFragment: number): AccessUnit[][] {
  const out: AccessUnit[][] = [];
  for (const unit of units) {
    const current = out[out.length - 1];
    if (current === undefined || unit.isKeyframe || current.length >= perFragment) out.push([unit]);
    else current.push(unit);
  }
  return out;
}

async function muxFragmented(clip: Clip, file: string, offset90k = 0): Promise<Uint8Array> {
  const parts = [writeInitSegment(clip.track)];
  const groups = fragments(clip.units, 10);
  groups.forEach((group, i) => parts.push(writeMediaFragment(i + 1, group, { timeOffset90k: offset90k, ...(groups[i + 1]?.[0] ? { nextDts90k: groups[i + 1]![0]!.dts90k } : {}) })));
  const bytes = new Uint8Array(Buffer.concat(parts));
  await writeFile(file, bytes);
  return bytes;
}

for (const codec of ['h264', 'h265'] as const) {
  describe(`fMP4 ${codec}`, async () => {
    const clip = await encodeClip({ codec, seconds: 3, width: 320, height: 240, gop: 25, bFrames: 2 });
    const expectedPts = clip.units.map((u) => u.pts90k - (clip.units[0]?.dts90k ?? 0)).sort((a, b) => a - b);

    it('writes a fragmented file ffprobe reads frame for frame', async () => {
      const file = join(dir, `${codec}.mp4`);
      await muxFragmented(clip, file);
      const probed = await probe(file);
      assert.equal(probed.codec, codec === 'h264' ? 'h264' : 'hevc');
      assert.equal(probed.width, 320);
      assert.equal(probed.height, 240);
      assert.equal(probed.frames, 75);
      assert.equal(probed.keyframes, 3);
      assert.ok(
        clip.units.some((u) => u.pts90k !== u.dts90k),
        'the clip has B-frames',
      );
      assert.deepEqual(
        probed.pts,
        clip.units.map((u) => u.pts90k).sort((a, b) => a - b),
      );
      assert.deepEqual(expectedPts.slice(0, 3), [expectedPts[0], expectedPts[0]! + 3600, expectedPts[0]! + 7200]);
    });

    it('reads back what it wrote: track, fragments, sample times, keyframes and offsets', async () => {
      const bytes = await muxFragmented(clip, join(dir, `${codec}-read.mp4`), 1_000_000);
      const { track, byteLength } = parseInitSegment(bytes);
      assert.equal(track.codec, codec);
      assert.equal(track.width, 320);
      assert.deepEqual(track.parameterSets?.sps, clip.track.parameterSets?.sps);
      const { fragments: read, validEnd } = parseFragments(bytes, byteLength);
      assert.equal(validEnd, bytes.length);
      const samples = read.flatMap((f) => f.samples);
      assert.equal(samples.length, clip.units.length);
      samples.forEach((s, i) => {
        const unit = clip.units[i]!;
        assert.equal(s.dts90k, unit.dts90k + 1_000_000);
        assert.equal(s.pts90k, unit.pts90k + 1_000_000);
        assert.equal(s.isKeyframe, unit.isKeyframe);
        assert.deepEqual(bytes.subarray(s.offset, s.offset + s.size), unit.sample);
      });
      // A tail cut in the middle of the last fragment: that fragment is dropped, the rest stands.
      const cut = parseFragments(bytes.subarray(0, bytes.length - 5), byteLength);
      assert.equal(cut.fragments.length, read.length - 1);
      assert.equal(cut.validEnd, read[read.length - 1]!.offset);
    });

    it('writes a progressive file with the same frames', async () => {
      const file = join(dir, `${codec}-progressive.mp4`);
      const writer = await ProgressiveMp4Writer.create(file, clip.track);
      for (const [i, unit] of clip.units.entries()) {
        const next = clip.units[i + 1];
        await writer.add({ dts90k: unit.dts90k, pts90k: unit.pts90k, duration90k: next ? next.dts90k - unit.dts90k : 3600, isKeyframe: unit.isKeyframe, data: unit.sample });
      }
      const finished = await writer.finish();
      assert.equal(finished.durationMs, 3000);
      assert.equal(
        finished.sha256,
        createHash('sha256')
          .update(await readFile(file))
          .digest('hex'),
      );
      const probed = await probe(file);
      assert.equal(probed.frames, 75);
      assert.equal(probed.keyframes, 3);
    });

    it('gives the RFC 6381 codec string', () => {
      assert.match(codecString(clip.track), codec === 'h264' ? /^avc1\.4d[0-9a-f]{4}$/ : /^hvc1\.1\.6\.L\d+(\.[0-9A-F]+)*$/);
    });
  });
}

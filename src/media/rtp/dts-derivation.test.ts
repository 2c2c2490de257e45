// Decode times derived at ingest: the DtsDeriver on its own (invariants under any input), then ffmpeg's B-frame
// streams packetized to RTP (timestamps = presentation times, decode order) through the depacketizers, written as
// fMP4 with the project's muxer and read back by ffprobe / decoded by ffmpeg.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { H264Depacketizer } from '../h264/rtp-depacketizer.js';
import { isH264BPicture } from '../h264/slice-type.js';
import { packetizeH264 } from '../h264/rtp-packetizer.js';
import { H265Depacketizer } from '../h265/rtp-depacketizer.js';
import { packetizeH265 } from '../h265/rtp-packetizer.js';
import { relative, writeAndProbe } from '../../../test/support/fmp4-probe.js';
import type { AccessUnit } from '../hub/access-unit.js';
import { encodeClip, type Clip } from '../mp4/test-clip.js';
import { DtsDeriver, MAX_REORDER_DEPTH } from './dts-derivation.js';
import type { NalDepacketizer } from './nal-depacketizer.js';
import { buildRtpPackets } from './rtp-packet-builder.js';
import { parseRtpPacket } from './rtp-packet.js';

/** Decode-order presentation times of a GOP of 8 with b-pyramid (I P B b b …), reorder depth 2, 3600 ticks a frame. */
function pyramidGop(firstFrame: number): number[] {
  const order = [0, 4, 2, 1, 3, 7, 6, 5];
  return order.map((n) => (firstFrame + n) * 3600);
}

const NO_NALS: readonly Uint8Array[] = [];

function assertTimeline(dts: readonly number[], pts: readonly number[]): void {
  dts.forEach((d, i) => {
    assert.ok(d <= (pts[i] ?? -Infinity), `dts ${d} ≤ pts ${pts[i]} at ${i}`);
    if (i > 0) assert.ok(d > (dts[i - 1] ?? Infinity), `dts increases at ${i}: ${dts[i - 1]} → ${d}`);
  });
}

describe('DtsDeriver', () => {
  it('keeps dts = pts when the SPS announces no reordering', () => {
    const deriver = new DtsDeriver(() => true);
    deriver.configure({ depth: 0, frameDuration90k: 3600 });
    for (let i = 0; i < 100; i += 1) assert.equal(deriver.next(1000 + i * 3600, i % 25 === 0, NO_NALS), 1000 + i * 3600);
  });

  it('gives the presentation time N pictures back in presentation order, the first N evenly spaced before it', () => {
    const deriver = new DtsDeriver(() => true);
    deriver.configure({ depth: 2, frameDuration90k: 3600 });
    const pts = [...pyramidGop(0), ...pyramidGop(8)];
    const dts = pts.map((p, i) => deriver.next(p, i % 8 === 0, NO_NALS));
    assert.deepEqual(
      dts,
      pts.map((_, i) => (i - 2) * 3600),
    );
    assert.equal(deriver.picturesDropped, 0);
  });

  it('learns the depth of a stream that reorders without saying so, from the next keyframe', () => {
    const deriver = new DtsDeriver(() => true);
    deriver.configure({ depth: undefined, frameDuration90k: 3600 });
    const pts = [...pyramidGop(0), ...pyramidGop(8), ...pyramidGop(16)];
    const placed: { dts: number; pts: number }[] = [];
    pts.forEach((p, i) => {
      const dts = deriver.next(p, i % 8 === 0, NO_NALS);
      if (dts !== undefined) placed.push({ dts, pts: p });
    });
    // I and P pass as they are until the first B; the rest of that GOP waits for the keyframe.
    assert.deepEqual(
      placed.slice(0, 2).map((u) => u.dts),
      [0, 4 * 3600],
    );
    assert.equal(deriver.picturesDropped, 6);
    assert.equal(placed.length, 2 + 16);
    assertTimeline(
      placed.map((u) => u.dts),
      placed.map((u) => u.pts),
    );
    // Once settled, the same decode times as a stream that announced depth 2.
    assert.deepEqual(
      placed.slice(-8).map((u) => u.dts),
      pyramidGop(16).map((_, i) => (16 + i - 2) * 3600),
    );
  });

  it('passes on a picture that goes back without being a B picture: the camera clock, not reordering', () => {
    const deriver = new DtsDeriver(() => false);
    deriver.configure({ depth: undefined, frameDuration90k: 3600 });
    const pts = [0, 3600, 7200, 5000, 10_800, 14_400];
    assert.deepEqual(
      pts.map((p, i) => deriver.next(p, i === 0, NO_NALS)),
      pts,
    );
  });

  it('joined at an open-GOP keyframe: a leading picture presented before the first decode times is left out, alone', () => {
    const deriver = new DtsDeriver(() => true);
    deriver.configure({ depth: 2, frameDuration90k: 3600 });
    const frames = [10, 8, 9, 13, 11, 12, 16, 14, 15];
    const dts = frames.map((f, i) => deriver.next(f * 3600, i === 0, NO_NALS));
    assert.equal(dts[1], undefined);
    assert.equal(deriver.picturesDropped, 1);
    const placed = frames.flatMap((f, i) => (dts[i] === undefined ? [] : [{ dts: dts[i] ?? 0, pts: f * 3600 }]));
    assertTimeline(
      placed.map((u) => u.dts),
      placed.map((u) => u.pts),
    );
    assert.deepEqual(dts.slice(-3), [12 * 3600, 13 * 3600, 14 * 3600]);
  });

  it('restarts on a keyframe when the camera clock goes back', () => {
    const deriver = new DtsDeriver(() => true);
    deriver.configure({ depth: 2, frameDuration90k: 3600 });
    pyramidGop(100).forEach((p, i) => deriver.next(p, i === 0, NO_NALS));
    const dts = pyramidGop(0).map((p, i) => deriver.next(p, i === 0, NO_NALS));
    assert.deepEqual(
      dts,
      pyramidGop(0).map((_, i) => (i - 2) * 3600),
    );
  });

  it('never throws, and keeps dts increasing and ≤ pts within a timeline, whatever times and keyframes come', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round += 1) {
      const deriver = new DtsDeriver(() => random() < 0.7);
      const depth = round % 3 === 0 ? undefined : Math.floor(random() * (MAX_REORDER_DEPTH + 4));
      deriver.configure({ depth, frameDuration90k: random() < 0.2 ? undefined : 1 + random() * 6000 });
      const dts: number[] = [];
      const pts: number[] = [];
      let base = Math.floor(random() * 1e6);
      for (let i = 0; i < 300; i += 1) {
        if (random() < 0.01) base -= Math.floor(random() * 1e6); // clock jumps back
        const p = base + Math.floor((random() - 0.3) * 20_000);
        base += Math.floor(random() * 4000);
        const isKeyframe = random() < 0.08;
        const d = deriver.next(p, isKeyframe, NO_NALS);
        if (d === undefined) continue;
        // Only within one timeline: a keyframe that goes back starts another, and a stream without reordering
        // passes its camera's times on as they are (dts = pts), even when they go back.
        if ((isKeyframe || d === p) && dts.length > 0 && d <= (dts[dts.length - 1] ?? 0)) {
          dts.length = 0;
          pts.length = 0;
        }
        dts.push(d);
        pts.push(p);
        assert.ok(Number.isInteger(d));
      }
      assertTimeline(dts, pts);
    }
  });
});

interface Ingested {
  readonly units: AccessUnit[];
  readonly depacketizer: NalDepacketizer;
}

/** The clip's pictures as a camera sends them: decode order, RTP timestamp = presentation time, parameter sets in-band. */
function ingest(clip: Clip, options: { readonly fromPicture?: number; readonly losePacketOfPicture?: number } = {}): Ingested {
  const depacketizer = clip.track.codec === 'h264' ? new H264Depacketizer() : new H265Depacketizer();
  const packetize = clip.track.codec === 'h264' ? packetizeH264 : packetizeH265;
  const units: AccessUnit[] = [];
  let sequence = 1000;
  clip.units.forEach((unit, index) => {
    if (index < (options.fromPicture ?? 0)) return;
    const payloads = packetize(unit.nalUnits, { parameterSets: clip.track.parameterSets });
    const packets = buildRtpPackets(payloads, { payloadType: 96, ssrc: 1, firstSequence: sequence, timestamp: 900_000 + unit.pts90k });
    sequence += packets.length;
    let lost = 0;
    packets.forEach((bytes, i) => {
      if (index === options.losePacketOfPicture && i === 0) {
        lost += 1;
        return;
      }
      units.push(...depacketizer.push(parseRtpPacket(bytes), lost, 1_700_000_000_000 + index * 40));
      lost = 0;
    });
  });
  return { units, depacketizer };
}

const CLIPS = [
  { name: 'H.264, 2 B-frames', codec: 'h264', bFrames: 2 },
  { name: 'H.265, 3 B-frames', codec: 'h265', bFrames: 3 },
] as const;

describe('decode times of ffmpeg streams through RTP', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigie-dts-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const { name, codec, bFrames } of CLIPS) {
    it(`${name}: the encoder's own decode times, and a fragmented MP4 that plays in order`, async () => {
      const clip = await encodeClip({ codec, seconds: 3, gop: 25, bFrames });
      const reorders = clip.units.some((u, i) => i > 0 && u.pts90k < (clip.units[i - 1]?.pts90k ?? 0));
      assert.ok(reorders, 'the source has B-frames');
      const { units, depacketizer } = ingest(clip);
      assert.equal(units.length, clip.units.length);
      assert.equal(depacketizer.stats.unitsDropped, 0);
      assert.deepEqual(relative(units.map((u) => u.pts90k)), relative(clip.units.map((u) => u.pts90k)));
      assertTimeline(
        units.map((u) => u.dts90k),
        units.map((u) => u.pts90k),
      );
      // The same decode times as ffmpeg's muxer wrote (on the same origin as the presentation times).
      const shift = (units[0]?.pts90k ?? 0) - (clip.units[0]?.pts90k ?? 0);
      assert.deepEqual(
        units.map((u) => u.dts90k - shift),
        clip.units.map((u) => u.dts90k),
      );

      const probed = await writeAndProbe(join(dir, `${codec}-b.mp4`), clip.track, units);
      assert.equal(probed.probeWarnings + probed.decodeErrors, '');
      assert.deepEqual(relative(probed.pts), relative(clip.units.map((u) => u.pts90k)));
      assertTimeline(probed.dts, probed.pts);
    });

    it(`${name}: joined mid-GOP and after a lost packet, back on track at the next keyframe`, async () => {
      const clip = await encodeClip({ codec, seconds: 3, gop: 25, bFrames });
      const { units } = ingest(clip, { fromPicture: 7, losePacketOfPicture: 40 });
      assert.ok(units[0]?.isKeyframe);
      assert.ok(units.length >= clip.units.length - 50 && units.length < clip.units.length - 7);
      assertTimeline(
        units.map((u) => u.dts90k),
        units.map((u) => u.pts90k),
      );
      const probed = await writeAndProbe(join(dir, `${codec}-joined.mp4`), clip.track, units);
      assert.equal(probed.probeWarnings + probed.decodeErrors, '');
      assertTimeline(probed.dts, probed.pts);
    });
  }

  it('H.264 whose SPS does not give its depth: learnt from its B slices, exact from the next keyframe', async () => {
    const clip = await encodeClip({ codec: 'h264', seconds: 3, gop: 25, bFrames: 2 });
    const deriver = new DtsDeriver(isH264BPicture);
    deriver.configure({ depth: undefined, frameDuration90k: 3600 });
    const dts = clip.units.map((u) => deriver.next(u.pts90k, u.isKeyframe, u.nalUnits));
    // x264 makes I, P and B pictures: B ones are exactly those some earlier picture (decode order) is presented after.
    const presentedEarly = clip.units.map((u, i) => clip.units.slice(0, i).some((earlier) => earlier.pts90k > u.pts90k));
    assert.deepEqual(
      clip.units.map((u) => isH264BPicture(u.nalUnits)),
      presentedEarly,
    );
    const firstB = clip.units.findIndex((u, i) => i > 0 && u.pts90k < (clip.units[i - 1]?.pts90k ?? 0));
    const secondKeyframe = clip.units.findIndex((u, i) => i > 0 && u.isKeyframe);
    assert.ok(firstB > 0 && secondKeyframe > firstB);
    assert.deepEqual(
      dts.slice(0, firstB),
      clip.units.slice(0, firstB).map((u) => u.pts90k),
      'in order until the first B picture',
    );
    assert.ok(
      dts.slice(firstB, secondKeyframe).every((d) => d === undefined),
      'the rest of that GOP left out',
    );
    assert.equal(deriver.picturesDropped, secondKeyframe - firstB);
    // The depth the pictures show (x264 may announce more than it uses): what precedes each in decode order and follows it in output order.
    const pts = clip.units.map((u) => u.pts90k);
    const depth = Math.max(...pts.map((p, i) => pts.slice(0, i).filter((q) => q > p).length));
    assert.ok(depth >= 1);
    const inPresentationOrder = [...pts].sort((a, b) => a - b);
    const settled = secondKeyframe + depth; // the first pictures after the gap take evenly spaced times
    assert.deepEqual(
      dts.slice(settled),
      pts.slice(settled).map((_, i) => inPresentationOrder[settled + i - depth]),
    );
    const placed = clip.units.flatMap((u, i) => (dts[i] === undefined ? [] : [{ dts: dts[i] ?? 0, pts: u.pts90k }]));
    assertTimeline(
      placed.map((u) => u.dts),
      placed.map((u) => u.pts),
    );
  });

  for (const codec of ['h264', 'h265'] as const) {
    it(`${codec.toUpperCase()} without B-frames: dts = pts exactly, the units passed on as the assembler made them`, async () => {
      const clip = await encodeClip({ codec, seconds: 2, gop: 25, bFrames: 0 });
      const { units } = ingest(clip);
      assert.equal(units.length, clip.units.length);
      assert.ok(units.every((u) => u.dts90k === u.pts90k));
      const probed = await writeAndProbe(join(dir, `${codec}-ip.mp4`), clip.track, units);
      assert.equal(probed.probeWarnings + probed.decodeErrors, '');
      assert.deepEqual(probed.dts, probed.pts);
    });
  }
});

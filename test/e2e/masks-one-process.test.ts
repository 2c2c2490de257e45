// Fixed masks burned in by ONE ffmpeg (decode → maskedmerge → encode): encoded losslessly so that every sample is
// checked, the Y, U and V samples `fillPolygons` covers are black (within maskedmerge's rounding) and all others
// are the camera's, exactly as the Node path (decode → fill in Node → encode) gives; and a change of the masks
// never lets a picture masked with the old polygons out: the session ends and reopens with the new ones.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runToCompletion } from '../../sim/ffmpeg-process.js';
import type { SourceSession } from '../../src/ingest/index.js';
import { AnnexBAccessUnitReader } from '../../src/media/ffmpeg/index.js';
import { H264_NAL, h264NalType, h264TrackInfo, joinAnnexB } from '../../src/media/h264/index.js';
import { lengthPrefixed, type AccessUnit, type TrackInfo } from '../../src/media/hub/index.js';
import { MASK_C, MASK_Y, MaskPipeline, maskedSessions, maskPlanes, X264, type CameraMasks, type MaskEncoder, type Point } from '../../src/masks/index.js';
import { PictureCollector } from './support/mask-frames.js';

const W = 320;
const H = 180;
/** x264 at QP 0: lossless, so the decoded output is exactly what the mask stage produced. */
const LOSSLESS: MaskEncoder = { name: 'libx264', args: [...X264.args, '-qp', '0'] };
/** Odd pixel edges and a slanted side: the chroma 2×2 blocks half covered are where colour would leak. */
const LEFT: Point[][] = [
  [
    { x: 0.103, y: 0.211 },
    { x: 0.447, y: 0.183 },
    { x: 0.401, y: 0.617 },
    { x: 0.127, y: 0.589 },
  ],
  [
    { x: 0.05, y: 0.75 },
    { x: 0.2, y: 0.95 },
    { x: 0.02, y: 0.93 },
  ],
];
const RIGHT: Point[][] = [
  [
    { x: 0.603, y: 0.307 },
    { x: 0.93, y: 0.307 },
    { x: 0.93, y: 0.71 },
    { x: 0.603, y: 0.71 },
  ],
];

/** A colourful 320×180 H.264 stream (keyframe every 25 pictures), as the camera's access units. */
async function cameraStream(frames: number): Promise<{ track: TrackInfo; units: AccessUnit[]; raw: Buffer }> {
  const source = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=25`, '-frames:v', String(frames)];
  const annexB = await runToCompletion('ffmpeg', [...source, ...X264.args, '-f', 'h264', 'pipe:1']);
  const raw = await decodeYuv(annexB);
  const reader = new AnnexBAccessUnitReader();
  // A trailing AUD closes the last picture.
  const pictures = reader.push(Buffer.concat([annexB, Buffer.from([0, 0, 0, 1, 0x09, 0xf0])]));
  let sps: Uint8Array | undefined;
  let pps: Uint8Array | undefined;
  const units: AccessUnit[] = [];
  for (const picture of pictures) {
    const slices = picture.nalUnits.filter((nal) => {
      const type = h264NalType(nal);
      if (type === H264_NAL.sps) sps = nal.slice();
      if (type === H264_NAL.pps) pps = nal.slice();
      return type !== H264_NAL.sps && type !== H264_NAL.pps;
    });
    const at = units.length * 3600;
    units.push({ ...lengthPrefixed(slices), dts90k: at, pts90k: at, wallClockMs: Date.now(), isKeyframe: slices.some((nal) => h264NalType(nal) === H264_NAL.sliceIdr) });
  }
  assert.ok(sps !== undefined && pps !== undefined);
  return { track: h264TrackInfo(96, 90000, { sps, pps }), units, raw };
}

async function decodeYuv(annexB: Uint8Array): Promise<Buffer> {
  return runToCompletion('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'h264', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'], annexB);
}

interface Comparison {
  /** Covered samples (per plane) that are not the mask's black. */
  readonly leaked: { y: number; u: number; v: number };
  /** Samples outside the mask that differ from the camera's picture. */
  readonly changed: number;
}

/** Compares decoded yuv420p pictures with the camera's, sample by sample, against the mask's coverage. */
function compare(output: Buffer, camera: Buffer, polygons: Point[][], tolerance: number): Comparison {
  const cover = maskPlanes(W, H, polygons);
  const frameBytes = cover.length;
  const luma = W * H;
  const leaked = { y: 0, u: 0, v: 0 };
  let changed = 0;
  for (let offset = 0; offset + frameBytes <= output.length; offset += frameBytes) {
    for (let i = 0; i < frameBytes; i += 1) {
      const value = output[offset + i] as number;
      if (cover[i] === 255) {
        if (Math.abs(value - (i < luma ? MASK_Y : MASK_C)) > tolerance) {
          if (i < luma) leaked.y += 1;
          else if (i < luma + luma / 4) leaked.u += 1;
          else leaked.v += 1;
        }
      } else if (value !== camera[offset + i]) changed += 1;
    }
  }
  return { leaked, changed };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  for (const started = Date.now(); !condition(); await sleep(50)) if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
}

async function runPipeline(masking: ConstructorParameters<typeof MaskPipeline>[0]['masking'], units: readonly AccessUnit[], track: TrackInfo): Promise<Buffer> {
  const out: Uint8Array[] = [];
  let sets: TrackInfo['parameterSets'];
  const failures: string[] = [];
  const pipeline = new MaskPipeline({
    label: 'test',
    track,
    encoder: LOSSLESS,
    masking,
    onTrack: (next) => (sets = next.parameterSets),
    onUnit: (unit) => out.push(joinAnnexB(unit.isKeyframe && sets !== undefined ? [sets.sps, sets.pps, ...unit.nalUnits] : unit.nalUnits)),
    onFailure: (error) => failures.push(error.message),
  });
  pipeline.start();
  try {
    for (const unit of units) {
      pipeline.feed(unit);
      await sleep(5);
    }
    // The decoder holds a few pictures back (low delay): all but those come out.
    await until(() => pipeline.stats.framesOut >= units.length - 8 || failures.length > 0, `${units.length - 8} masked pictures (${pipeline.stats.framesOut})`);
  } finally {
    pipeline.stop();
  }
  assert.deepEqual(failures, []);
  assert.equal(pipeline.stats.framesDropped, 0);
  return decodeYuv(Buffer.concat(out));
}

it('one ffmpeg covers exactly the samples fillPolygons covers, in Y, U and V, as the Node path does', async () => {
  const { track, units, raw } = await cameraStream(40);
  const oneProcess = await runPipeline({ kind: 'fixed', polygons: LEFT }, units, track);
  const node = await runPipeline({ kind: 'per-picture', polygonsAt: () => LEFT }, units, track);
  const pictures = oneProcess.length / ((W * H * 3) / 2);
  assert.ok(pictures >= 32, `${pictures} pictures out`);
  // maskedmerge blends by 255/256: the black is the mask's value within 1.
  const fixed = compare(oneProcess, raw, LEFT, 1);
  assert.deepEqual(fixed, { leaked: { y: 0, u: 0, v: 0 }, changed: 0 });
  assert.deepEqual(compare(node, raw, LEFT, 0), { leaked: { y: 0, u: 0, v: 0 }, changed: 0 });
  // The test picture is bright and coloured where the mask lies: unmasked, every plane would leak.
  const unmasked = compare(raw.subarray(0, oneProcess.length), raw, LEFT, 1);
  assert.ok(unmasked.leaked.y > 1000 && unmasked.leaked.u > 100 && unmasked.leaked.v > 100, JSON.stringify(unmasked));
});

it('a change of fixed masks publishes no picture masked with the old polygons: the session ends and reopens with the new ones', async () => {
  const { track, units } = await cameraStream(50);
  const masks = (polygons: Point[][]): CameraMasks => ({ cameraId: 'cam1', space: 'picture', polygons, calibration: null, updatedAtMs: 0, updatedBy: 'test' });
  let current = masks(LEFT);
  const failures: string[] = [];
  let innerClosed = 0;
  const sessions = maskedSessions({
    // A camera looping the stream at 25 pictures a second.
    inner: async (_target, events) => {
      let index = 0;
      let closed = false;
      let ended: (value: unknown) => void = () => undefined;
      const timer = setInterval(() => {
        const unit = units[index % units.length] as AccessUnit;
        const at = index * 3600;
        events.unit({ ...unit, dts90k: at, pts90k: at, wallClockMs: Date.now() });
        index += 1;
      }, 40);
      const session: SourceSession = {
        track,
        ended: new Promise((resolve) => (ended = resolve)),
        counters: () => ({ framesLost: 0, malformedPackets: 0 }),
        close: () => {
          if (closed) return;
          closed = true;
          clearInterval(timer);
          innerClosed += 1;
          ended(undefined);
        },
      };
      return session;
    },
    masks: { load: async () => undefined, masksOf: () => current },
    encoder: LOSSLESS,
    onFailure: (cameraId, stream, error) => failures.push(`${cameraId}/${stream}: ${error.message}`),
  });
  const target = { url: 'rtsp://camera.invalid/', transport: 'tcp' as const, signal: new AbortController().signal, timeoutMs: 5000, cameraId: 'cam1', stream: 'main' as const };
  try {
    const before = new PictureCollector();
    const first = await sessions.open(target, { unit: (unit) => before.accept(unit), track: (next) => before.start(next) });
    before.start(first.track);
    await until(() => before.pictures >= 30, '30 pictures masked on the left');
    current = masks(RIGHT);
    const publishedAtChange = before.pictures;
    await first.ended;
    assert.equal(before.pictures, publishedAtChange, 'a picture masked with the old polygons was published after the change');
    assert.equal(innerClosed, 1);

    const afterChange = new PictureCollector();
    const second = await sessions.open(target, { unit: (unit) => afterChange.accept(unit), track: (next) => afterChange.start(next) });
    afterChange.start(second.track);
    await until(() => afterChange.pictures >= 30, '30 pictures masked on the right');
    second.close();
    const leftBlack = await decodeYuv(Buffer.concat(before.annexB));
    const rightBlack = await decodeYuv(Buffer.concat(afterChange.annexB));
    // Every picture of each session has its own masks' samples black in Y, U and V.
    assert.deepEqual(compare(leftBlack, leftBlack, LEFT, 1).leaked, { y: 0, u: 0, v: 0 });
    assert.deepEqual(compare(rightBlack, rightBlack, RIGHT, 1).leaked, { y: 0, u: 0, v: 0 });
    // The left zone is shown again after the change (the new masks only cover the right).
    assert.ok(compare(rightBlack, rightBlack, LEFT, 1).leaked.y > 1000);
    assert.deepEqual(failures, []);
  } finally {
    sessions.close();
  }
});

it('a burst beyond what the encoder keeps up with drops pictures up to the next keyframe, never decodes one without its reference', async () => {
  // 6 s of camera at once: more than the 3 s a pipeline keeps in flight.
  const { track, units, raw } = await cameraStream(150);
  const frameBytes = (W * H * 3) / 2;
  const out: Uint8Array[] = [];
  const sourceIndex: number[] = [];
  let sets: TrackInfo['parameterSets'];
  const failures: string[] = [];
  const pipeline = new MaskPipeline({
    label: 'test',
    track,
    encoder: LOSSLESS,
    masking: { kind: 'per-picture', polygonsAt: () => LEFT },
    onTrack: (next) => (sets = next.parameterSets),
    onUnit: (unit) => {
      out.push(joinAnnexB(unit.isKeyframe && sets !== undefined ? [sets.sps, sets.pps, ...unit.nalUnits] : unit.nalUnits));
      sourceIndex.push(unit.pts90k / 3600);
    },
    onFailure: (error) => failures.push(error.message),
  });
  pipeline.start();
  try {
    for (const unit of units) pipeline.feed(unit);
    await until(() => pipeline.stats.framesOut >= pipeline.stats.framesIn - pipeline.stats.framesDropped - 8 || failures.length > 0, 'the pictures kept');
  } finally {
    pipeline.stop();
  }
  assert.deepEqual(failures, []);
  const { framesDropped } = pipeline.stats;
  assert.ok(framesDropped > 0, 'some pictures dropped');
  // Feeding resumes at a keyframe (every 25th picture): a picture kept is a keyframe or follows one kept.
  const kept = new Set(sourceIndex);
  for (const i of kept) assert.ok(i % 25 === 0 || kept.has(i - 1), `picture ${i} kept without the one before`);
  const decoded = await decodeYuv(Buffer.concat(out));
  assert.equal(decoded.length / frameBytes, out.length);
  // Every picture out is the camera's picture of the same time, masked: none decoded without its reference.
  for (let i = 0; i < out.length; i += 1) {
    const at = sourceIndex[i] as number;
    const picture = compare(decoded.subarray(i * frameBytes, (i + 1) * frameBytes), raw.subarray(at * frameBytes, (at + 1) * frameBytes), LEFT, 0);
    assert.deepEqual(picture, { leaked: { y: 0, u: 0, v: 0 }, changed: 0 }, `picture ${i} (camera's ${at})`);
  }
});

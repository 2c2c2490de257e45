// Native-quality export video: the recorded samples of one camera over a range, copied untouched from the
// fMP4 recording files into one progressive MP4, starting at the keyframe at or before the range start.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VigieError } from '../core/errors.js';
import { parseFragments, parseInitSegment, ProgressiveMp4Writer } from '../media/mp4/index.js';
import type { SegmentRow, SegmentStore } from '../recording/index.js';

export interface RemuxResult {
  /** Wall-clock time of the first and after the last exported frame. */
  readonly startMs: number;
  readonly endMs: number;
  readonly frames: number;
  readonly segments: number;
  /** Of the MP4 written, computed while writing it. */
  readonly sha256: string;
  readonly bytes: number;
}

/** The segments covering the range; a clear error when there is no footage there. */
export async function segmentsFor(store: SegmentStore, cameraId: string, fromMs: number, toMs: number): Promise<SegmentRow[]> {
  const rows = await store.overlapping(cameraId, 'main', fromMs, toMs);
  if (rows.length === 0) {
    throw new VigieError('VIGIE_NO_FOOTAGE', `no recorded footage for camera ${cameraId} between ${new Date(fromMs).toISOString()} and ${new Date(toMs).toISOString()}`, {
      status: 404,
      context: { cameraId, fromMs, toMs },
    });
  }
  return rows;
}

export async function remuxRange(rows: readonly SegmentRow[], fromMs: number, toMs: number, outFile: string): Promise<RemuxResult> {
  let writer: ProgressiveMp4Writer | undefined;
  let startMs: number | undefined;
  let endMs = fromMs;
  let segments = 0;
  let previous: { dts90k: number; pts90k: number; isKeyframe: boolean; data: Uint8Array } | undefined;
  const emit = async (nextDts90k: number | undefined): Promise<void> => {
    if (previous === undefined || writer === undefined) return;
    const duration90k = nextDts90k === undefined || nextDts90k <= previous.dts90k ? 3600 : nextDts90k - previous.dts90k;
    await writer.add({ ...previous, duration90k });
    endMs = Math.round((previous.dts90k + duration90k) / 90);
  };
  const read = (row: SegmentRow): Promise<Uint8Array> => {
    const reading = readFile(join(row.volume, row.path)).catch((error: unknown) => {
      throw new VigieError('VIGIE_RECORDING_UNREADABLE', `recording file ${row.path} cannot be read`, { status: 500, cause: error });
    });
    reading.catch(() => undefined); // awaited later; never an unhandled rejection if we stop before
    return reading;
  };
  try {
    // The next file is read while this one is copied.
    let next = rows[0] === undefined ? undefined : read(rows[0]);
    for (const [index, row] of rows.entries()) {
      const buf = await (next ?? read(row));
      const following = rows[index + 1];
      next = following === undefined ? undefined : read(following);
      const { track, byteLength } = parseInitSegment(buf);
      writer ??= await ProgressiveMp4Writer.create(outFile, track);
      segments += 1;
      const samples = parseFragments(buf, byteLength).fragments.flatMap((f) => f.samples);
      for (const sample of samples) {
        const atMs = sample.dts90k / 90;
        if (atMs >= toMs) break;
        if (startMs === undefined) {
          // Start at the last keyframe at or before fromMs: look ahead in this segment for a later one.
          if (!sample.isKeyframe) continue;
          const laterKey = samples.find((s) => s.isKeyframe && s.dts90k > sample.dts90k && s.dts90k / 90 <= fromMs);
          if (laterKey !== undefined) continue;
          startMs = Math.round(atMs);
        }
        await emit(sample.dts90k);
        previous = { dts90k: sample.dts90k, pts90k: sample.pts90k, isKeyframe: sample.isKeyframe, data: buf.subarray(sample.offset, sample.offset + sample.size) };
      }
    }
    await emit(undefined);
    if (writer === undefined || startMs === undefined || writer.sampleCount === 0) {
      throw new VigieError('VIGIE_NO_FOOTAGE', 'no decodable footage in the requested range', { status: 404 });
    }
    const frames = writer.sampleCount;
    const written = await writer.finish();
    writer = undefined;
    return { startMs, endMs, frames, segments, sha256: written.sha256, bytes: written.bytes };
  } finally {
    await writer?.abort();
  }
}

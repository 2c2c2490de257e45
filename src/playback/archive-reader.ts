// Reads the archive of one camera stream forward from an instant: finds the fragment that starts at the
// keyframe at or before it (from the index, no file scan), then yields whole fragments as access units,
// file after file, with only the needed byte ranges read from disk.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { VigieError } from '../core/errors.js';
import type { AccessUnit, TrackInfo } from '../media/hub/index.js';
import { fragmentAccessUnits, parseFragments, parseInitSegment } from '../media/mp4/index.js';
import { loadFragments, type SegmentRow, type SegmentStore } from '../recording/index.js';

export interface ArchiveFragment {
  readonly segmentId: string;
  readonly track: TrackInfo;
  readonly startMs: number;
  readonly endMs: number;
  /** Access units on the epoch-based 90 kHz timeline (dts90k / 90 = wall-clock ms). */
  readonly units: readonly AccessUnit[];
}

async function readRange(row: SegmentRow, start: number, end: number): Promise<Uint8Array> {
  const file = await open(join(row.volume, row.path), 'r').catch((error: unknown) => {
    throw new VigieError('VIGIE_RECORDING_UNREADABLE', `recording file ${row.path} cannot be read`, { status: 500, cause: error });
  });
  try {
    const length = end - start;
    const buf = new Uint8Array(length);
    const { bytesRead } = await file.read(buf, 0, length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

export class ArchiveReader {
  readonly #store: SegmentStore;
  readonly #cameraId: string;
  readonly #stream: string;

  constructor(store: SegmentStore, cameraId: string, stream = 'main') {
    this.#store = store;
    this.#cameraId = cameraId;
    this.#stream = stream;
  }

  /** Fragments from the keyframe at or before `fromMs` up to `toMs` (exclusive), across files and gaps. */
  async *fragments(fromMs: number, toMs = Number.MAX_SAFE_INTEGER): AsyncGenerator<ArchiveFragment> {
    let cursor = fromMs;
    let first = true;
    for (;;) {
      const rows = await this.#store.following(this.#cameraId, this.#stream, cursor, toMs, 8);
      if (rows.length === 0) return;
      for (const row of rows) {
        for await (const fragment of this.#segmentFragments(row, first ? fromMs : cursor)) {
          if (fragment.startMs >= toMs) return;
          if (!first && fragment.startMs < cursor) continue;
          first = false;
          cursor = fragment.endMs;
          yield fragment;
        }
        cursor = Math.max(cursor, row.end_ms);
      }
    }
  }

  async *#segmentFragments(row: SegmentRow, fromMs: number): AsyncGenerator<ArchiveFragment> {
    const index = await loadFragments(row);
    const firstOffset = index[0]?.[1];
    if (firstOffset === undefined) return;
    const { track } = parseInitSegment(await readRange(row, 0, firstOffset));
    let startAt = 0;
    for (let i = 0; i < index.length; i += 1) {
      const entry = index[i];
      if (entry !== undefined && entry[2] === 1 && row.start_ms + entry[0] <= fromMs) startAt = i;
    }
    for (let i = startAt; i < index.length; i += 1) {
      const entry = index[i];
      if (entry === undefined) continue;
      const end = index[i + 1]?.[1] ?? row.bytes;
      const buf = await readRange(row, entry[1], end);
      const parsed = parseFragments(buf, 0).fragments[0];
      if (parsed === undefined) return;
      const units = fragmentAccessUnits(buf, parsed);
      const last = parsed.samples[parsed.samples.length - 1];
      yield {
        segmentId: row.id,
        track,
        startMs: Math.round((parsed.samples[0]?.dts90k ?? 0) / 90),
        endMs: last === undefined ? row.start_ms + entry[0] : Math.round((last.dts90k + last.duration90k) / 90),
        units,
      };
    }
  }
}

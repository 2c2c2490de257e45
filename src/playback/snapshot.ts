// JPEG still of one camera at an instant: the fragments from the keyframe before it, remuxed on a timeline
// starting at zero, decoded by ffmpeg up to the picture shown at that instant (the last one presented at or
// before it). For the last seconds, whose fragment may not be written yet, the newest complete picture is shown
// and the answer says which instant it is.
import { VigieError } from '../core/errors.js';
import { runFfmpegOnce } from '../media/ffmpeg/index.js';
import { writeInitSegment, writeMediaFragment } from '../media/mp4/index.js';
import type { ArchiveFragment, ArchiveReader } from './archive-reader.js';

const MAX_FRAGMENTS = 64;
/** How far before the asked instant the newest recorded picture may be and still stand for it. */
export const SNAPSHOT_RECENT_MS = 10_000;

export interface Snapshot {
  readonly jpeg: Uint8Array;
  /** The instant of the picture shown (may precede the one asked for, by at most SNAPSHOT_RECENT_MS). */
  readonly shownAtMs: number;
}

export async function snapshotJpeg(reader: ArchiveReader, atMs: number): Promise<Snapshot> {
  const fragments = (await coveringFragments(reader, atMs)) ?? (await newestFragments(reader, atMs));
  if (fragments.length === 0) throw new VigieError('VIGIE_NO_FOOTAGE', `no recorded footage at ${new Date(atMs).toISOString()}`, { status: 404 });
  try {
    return await decodeAt(fragments, atMs);
  } catch (error) {
    // The fragment being written may be incomplete: fall back to the newest complete picture before it.
    if (fragments.length < 2 || !(error instanceof VigieError)) throw error;
    return decodeAt(fragments.slice(0, -1), atMs);
  }
}

/** The fragments from the keyframe before `atMs` to the one that covers it; undefined when none covers it. */
async function coveringFragments(reader: ArchiveReader, atMs: number): Promise<ArchiveFragment[] | undefined> {
  const fragments: ArchiveFragment[] = [];
  for await (const fragment of reader.fragments(atMs)) {
    if (fragments.length === 0 && fragment.startMs > atMs) return undefined;
    fragments.push(fragment);
    if (fragment.endMs > atMs) return fragments;
    if (fragments.length > MAX_FRAGMENTS) return undefined;
  }
  return undefined;
}

/** The last recorded fragments before `atMs`, from their keyframe, when they end less than SNAPSHOT_RECENT_MS before it. */
async function newestFragments(reader: ArchiveReader, atMs: number): Promise<ArchiveFragment[]> {
  let fragments: ArchiveFragment[] = [];
  for await (const fragment of reader.fragments(atMs - SNAPSHOT_RECENT_MS, atMs)) {
    if (fragment.units[0]?.isKeyframe === true || fragments.length >= MAX_FRAGMENTS) fragments = [];
    fragments.push(fragment);
  }
  const last = fragments[fragments.length - 1];
  return last !== undefined && fragments[0]?.units[0]?.isKeyframe === true && atMs - last.endMs <= SNAPSHOT_RECENT_MS ? fragments : [];
}

/** Decodes the picture presented at or before `atMs` (or the first one) from these consecutive fragments. */
function decodeAt(fragments: readonly ArchiveFragment[], atMs: number): Promise<Snapshot> {
  const first = fragments[0];
  if (first === undefined) throw new VigieError('VIGIE_NO_FOOTAGE', `no recorded footage at ${new Date(atMs).toISOString()}`, { status: 404 });
  const origin = first.startMs;
  const parts: Uint8Array[] = [writeInitSegment(first.track)];
  let shownPts90k: number | undefined;
  for (const fragment of fragments) {
    parts.push(writeMediaFragment(parts.length, fragment.units, { timeOffset90k: -origin * 90, nextDts90k: fragment.endMs * 90 }));
    for (const unit of fragment.units) {
      if (unit.pts90k <= atMs * 90 && (shownPts90k === undefined || unit.pts90k > shownPts90k)) shownPts90k = unit.pts90k;
    }
  }
  const shownAtMs = Math.floor((shownPts90k ?? origin * 90) / 90);
  // Seeking to the picture's own time (floored to the ms, so never past it) makes ffmpeg output exactly that picture.
  return decodeFrame(Buffer.concat(parts), Math.max(0, shownAtMs - origin) / 1000).then((jpeg) => ({ jpeg, shownAtMs }));
}

async function decodeFrame(mp4: Uint8Array, seconds: number): Promise<Uint8Array> {
  const run = await runFfmpegOnce(['-f', 'mp4', '-i', 'pipe:0', '-ss', seconds.toFixed(3), '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1'], mp4).catch((error: unknown) => {
    throw new VigieError('VIGIE_SNAPSHOT_FAILED', 'ffmpeg could not be started', { status: 500, cause: error });
  });
  if (run.code !== 0 || run.stdout.length === 0) throw new VigieError('VIGIE_SNAPSHOT_UNDECODABLE', `the recorded picture could not be decoded: ${run.stderr.slice(0, 200)}`, { status: 422 });
  return new Uint8Array(run.stdout);
}

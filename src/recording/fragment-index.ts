// The per-segment fragment index: one entry per fragment (time from the segment start, byte offset, starts
// with a keyframe). Built the same way live and from a file, so that rebuild-index reproduces the live index.
// While a file is written the index lives in its database row; once the file is closed it moves to a side
// file `<file>.idx` on the same volume, so that database rows stay small (a few dozen bytes per minute).
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFragments, parseInitSegment, type Mp4Fragment } from '../media/mp4/index.js';

export type FragmentEntry = readonly [offsetMs: number, byteOffset: number, keyframe: 0 | 1];

/** One written fragment, on the epoch-based 90 kHz timeline Vigie writes files on. */
export interface FragmentMark {
  readonly startDts90k: number;
  readonly endDts90k: number;
  readonly offset: number;
  readonly keyframe: boolean;
}

export interface SegmentSummary {
  readonly startMs: number;
  readonly endMs: number;
  readonly bytes: number;
  readonly fragments: readonly FragmentEntry[];
}

export function markOf(fragment: Mp4Fragment): FragmentMark {
  const first = fragment.samples[0];
  const last = fragment.samples[fragment.samples.length - 1];
  return {
    startDts90k: first?.dts90k ?? 0,
    endDts90k: last === undefined ? 0 : last.dts90k + last.duration90k,
    offset: fragment.offset,
    keyframe: first?.isKeyframe === true,
  };
}

const ms = (t90k: number): number => Math.round(t90k / 90);

export function summarize(marks: readonly FragmentMark[], bytes: number): SegmentSummary | undefined {
  const first = marks[0];
  const last = marks[marks.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const startMs = ms(first.startDts90k);
  return {
    startMs,
    endMs: ms(last.endDts90k),
    bytes,
    fragments: marks.map((m) => [ms(m.startDts90k) - startMs, m.offset, m.keyframe ? 1 : 0] as const),
  };
}

export function encodeFragments(entries: readonly FragmentEntry[]): string {
  return JSON.stringify(entries);
}

export function decodeFragments(text: string): FragmentEntry[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? (parsed as FragmentEntry[]) : [];
}

export function indexFilePath(volume: string, path: string): string {
  return join(volume, `${path}.idx`);
}

/** Writes the side index atomically (temp file, then rename). */
export async function writeIndexFile(volume: string, path: string, entries: readonly FragmentEntry[]): Promise<void> {
  const target = indexFilePath(volume, path);
  await writeFile(`${target}.tmp`, encodeFragments(entries));
  await rename(`${target}.tmp`, target);
}

/** Summary of a recording file read from disk (the source of truth rebuild-index and recovery use). */
export function summarizeFile(buf: Uint8Array): { summary: SegmentSummary | undefined; validEnd: number; track: ReturnType<typeof parseInitSegment>['track'] } {
  const { track, byteLength } = parseInitSegment(buf);
  const { fragments, validEnd } = parseFragments(buf, byteLength);
  return { summary: summarize(fragments.map(markOf), validEnd), validEnd, track };
}

/** A segment's fragment entries: from its row while open, else its side file, else parsed from the file itself. */
export async function loadFragments(row: { readonly volume: string; readonly path: string; readonly fragments: string }): Promise<FragmentEntry[]> {
  if (row.fragments !== '') return decodeFragments(row.fragments);
  try {
    return decodeFragments(await readFile(indexFilePath(row.volume, row.path), 'utf8'));
  } catch {
    const { summary } = summarizeFile(await readFile(join(row.volume, row.path)));
    return [...(summary?.fragments ?? [])];
  }
}

// The compact per-segment index: one entry per fragment (time from the segment start, byte offset, starts
// with a keyframe). Built the same way live and from a file, so that rebuild-index reproduces the live index.
import type { Mp4Fragment } from '../media/mp4/index.js';

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

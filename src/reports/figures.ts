// The arithmetic of a report: how long a camera was in service in a period, how much of it it was offline or
// recorded, and the means over cameras. Pure, so it is tested on its own.

const HOUR_MS = 3_600_000;

export interface Span {
  readonly startMs: number;
  /** null: still going. */
  readonly endMs: number | null;
}

/** The part of [fromMs, toMs) the camera existed and that has passed, or null when there is none. */
export function servicePeriod(fromMs: number, toMs: number, createdAtMs: number, nowMs: number): { readonly fromMs: number; readonly toMs: number } | null {
  const start = Math.max(fromMs, createdAtMs);
  const end = Math.min(toMs, nowMs);
  return end > start ? { fromMs: start, toMs: end } : null;
}

/** Total length of the spans inside [fromMs, toMs), overlapping spans counted once; an open span runs to toMs. */
export function coveredBy(spans: readonly Span[], fromMs: number, toMs: number): number {
  const clipped = spans
    .map((span) => [Math.max(span.startMs, fromMs), Math.min(span.endMs ?? toMs, toMs)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reached = fromMs;
  for (const [start, end] of clipped) {
    if (end <= reached) continue;
    total += end - Math.max(start, reached);
    reached = end;
  }
  return total;
}

/** A share as a percentage with one decimal, capped to 0–100. */
export function percent(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.round(Math.min(1, Math.max(0, part / whole)) * 1000) / 10;
}

/** The mean of the known values with one decimal, null when none is known. */
export function mean(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return null;
  return Math.round((known.reduce((sum, value) => sum + value, 0) / known.length) * 10) / 10;
}

export function hours(ms: number): number {
  return Math.round((ms / HOUR_MS) * 10) / 10;
}

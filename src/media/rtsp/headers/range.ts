// Range header in normal play time (RFC 2326 §12.29, §3.6): `npt=start-[end]`, `now` for live.

export interface NptRange {
  /** Seconds; undefined for `now`. */
  readonly startS: number | undefined;
  readonly endS: number | undefined;
}

export function parseRange(value: string): NptRange | undefined {
  const match = /^npt\s*=\s*(now|[\d.]+)?\s*-\s*([\d.]+)?/i.exec(value.trim());
  if (match === null) return undefined;
  const start = match[1] === undefined || match[1].toLowerCase() === 'now' ? undefined : Number(match[1]);
  const end = match[2] === undefined ? undefined : Number(match[2]);
  return { startS: Number.isFinite(start) ? start : undefined, endS: Number.isFinite(end) ? end : undefined };
}

export function writeRange(range: NptRange): string {
  const start = range.startS === undefined ? 'now' : range.startS.toFixed(3);
  return `npt=${start}-${range.endS === undefined ? '' : range.endS.toFixed(3)}`;
}

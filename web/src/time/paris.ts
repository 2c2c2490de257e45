// Wall-clock time of the control room: everything is shown in Europe/Paris and sent to the API as UTC ms.
// Converting a Paris date and time to UTC needs the zone's offset at that instant (CET/CEST).

const ZONE = 'Europe/Paris';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

interface WallParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function parisParts(ms: number): WallParts {
  const get = (type: string): number => Number(partsFormat.formatToParts(ms).find((p) => p.type === type)?.value ?? '0');
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** How far Paris wall time is ahead of UTC at `ms` (3600000 in winter, 7200000 in summer). */
function parisOffset(ms: number): number {
  const p = parisParts(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * UTC ms of a Paris wall time; `date` is YYYY-MM-DD, `time` HH:MM or HH:MM:SS. NaN when malformed. The hour
 * that repeats in October resolves to its second occurrence (winter time).
 */
export function parisToUtc(date: string, time = '00:00:00'): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (d === null || t === null) return Number.NaN;
  const naive = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? '0'));
  const first = naive - parisOffset(naive);
  const second = naive - parisOffset(first);
  return second;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** YYYY-MM-DD of `ms` in Paris (for date inputs). */
export function parisDate(ms: number): string {
  const p = parisParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** HH:MM:SS of `ms` in Paris (for time inputs). */
export function parisTimeInput(ms: number): string {
  const p = parisParts(ms);
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

export const formatParisTime = (ms: number): string => timeFormat.format(ms);
export const formatParisDateTime = (ms: number): string => dateTimeFormat.format(ms);

/** The Paris day containing `ms`, as UTC ms bounds (23, 24 or 25 hours long). */
export function parisDayBounds(date: string): { readonly from: number; readonly to: number } {
  const from = parisToUtc(date);
  const next = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + 1));
  return { from, to: parisToUtc(next.toISOString().slice(0, 10)) };
}

/** JJ/MM/AAAA of `ms` in Paris: the way dates are written in the control room, whatever the browser locale. */
export function parisDateFr(ms: number): string {
  const p = parisParts(ms);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/**
 * UTC ms of a date typed JJ/MM/AAAA and a time typed HH:MM or HH:MM:SS (24 h), in Paris; NaN when either is
 * malformed or names no real day (31/02/2026). Separators may be / . or -, and the seconds may be left out.
 */
export function parseFrenchDateTime(date: string, time: string): number {
  const d = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(date);
  const t = /^\s*(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*$/.exec(time);
  if (d === null || t === null) return Number.NaN;
  const [day, month, year] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3] ?? '0')];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  return parisToUtc(`${year}-${pad(month)}-${pad(day)}`, `${pad(hour)}:${pad(minute)}:${pad(second)}`);
}

/**
 * The range typed in a form's fromDate/fromTime and toDate/toTime fields (JJ/MM/AAAA, HH:MM); null when malformed.
 * A form of one day has no toDate field: its fromDate is the day of both times.
 */
export function formRange(data: FormData): { readonly fromMs: number; readonly toMs: number } | null {
  const text = (name: string) => String(data.get(name) ?? '');
  const fromMs = parseFrenchDateTime(text('fromDate'), text('fromTime'));
  const toMs = parseFrenchDateTime(data.has('toDate') ? text('toDate') : text('fromDate'), text('toTime'));
  return Number.isNaN(fromMs) || Number.isNaN(toMs) ? null : { fromMs, toMs };
}

/** What a form says when its range is not JJ/MM/AAAA and HH:MM. */
export const RANGE_FORMAT_MESSAGE = 'Dates au format JJ/MM/AAAA et heures au format HH:MM (24 h).';

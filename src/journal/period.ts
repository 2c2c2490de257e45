// The period of a journal selection as people write it: ISO 8601 (a date, or a date-time with or without an
// offset, read as Date.parse reads it) or epoch milliseconds; both ends inclusive. Anything else is refused
// rather than guessed (Date.parse alone would take "Dec 4" or "2026-13-45T99:99").
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds, or undefined when the text is not an ISO 8601 date(-time) or epoch milliseconds. */
export function parseJournalTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d{1,15}$/.test(trimmed)) return Number(trimmed);
  if (!ISO_8601.test(trimmed) || !isCalendarDate(trimmed.slice(0, 10))) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Date.parse rolls 2026-02-30 over to March 2nd: a day the calendar lacks is refused instead. */
function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

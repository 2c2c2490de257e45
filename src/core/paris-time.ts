// French civil time (Europe/Paris) on the server side: how registers, extracts and reports write instants
// (JJ/MM/AAAA HH:MM:SS, 24 h) and where a French calendar month or year begins, whatever the server's own zone.

const INSTANT = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' });
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** "JJ/MM/AAAA HH:MM:SS" in Paris time. */
export function parisInstant(ms: number): string {
  return INSTANT.format(ms).replace(',', '');
}

/** "JJ/MM/AAAA" in Paris time. */
export function parisDay(ms: number): string {
  return DAY.format(ms);
}

/** How far Paris civil time is ahead of UTC at `ms` (1 h in winter, 2 h in summer). */
function parisOffsetMs(ms: number): number {
  const part = (type: string): number => Number(PARTS.formatToParts(ms).find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant of midnight, Paris time, starting the given day (month 1–12; day 1 of month 13 is next year's). */
export function parisMidnight(year: number, month: number, day = 1): number {
  const local = Date.UTC(year, month - 1, day);
  // Two passes: the offset at the guess decides, which is right across a change of offset.
  return local - parisOffsetMs(local - parisOffsetMs(local));
}

/** The calendar year and month (1–12) in Paris at `ms`. */
export function parisYearMonth(ms: number): { readonly year: number; readonly month: number } {
  const shifted = new Date(ms + parisOffsetMs(ms));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
}

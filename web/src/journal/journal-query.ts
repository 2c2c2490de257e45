// The journal filters as the DPO types them (French dates, Paris time) → the API's query string; the same
// string drives the table, the CSV download and the signed extract, so all three hold the same entries.
import { parseFrenchDateTime } from '../time/paris.js';

export interface JournalCriteria {
  readonly fromDate: string;
  readonly fromTime: string;
  readonly toDate: string;
  readonly toTime: string;
  readonly person: string;
  readonly role: string;
  readonly action: string;
  readonly outcome: string;
  readonly cameraId: string;
  readonly commune: string;
}

export const NO_CRITERIA: JournalCriteria = { fromDate: '', fromTime: '', toDate: '', toTime: '', person: '', role: '', action: '', outcome: '', cameraId: '', commune: '' };

export type CriteriaQuery = { readonly ok: true; readonly query: string } | { readonly ok: false; readonly error: string };

/** The query string (without paging), or the French reason the criteria cannot be sent. */
export function criteriaQuery(criteria: JournalCriteria): CriteriaQuery {
  const params = new URLSearchParams();
  const from = instant(criteria.fromDate, criteria.fromTime, '00:00');
  const to = instant(criteria.toDate, criteria.toTime, '23:59:59');
  if (Number.isNaN(from)) return { ok: false, error: 'Date de début invalide : saisissez JJ/MM/AAAA et, si besoin, HH:MM (24 h).' };
  if (Number.isNaN(to)) return { ok: false, error: 'Date de fin invalide : saisissez JJ/MM/AAAA et, si besoin, HH:MM (24 h).' };
  if (from !== undefined && to !== undefined && to < from) return { ok: false, error: 'La fin de la période précède son début.' };
  if (from !== undefined) params.set('from', String(from));
  if (to !== undefined) params.set('to', String(to));
  const pairs: Array<[string, string]> = [
    ['actor', criteria.person.trim()],
    ['role', criteria.role],
    ['action', criteria.action],
    ['outcome', criteria.outcome],
    ['cameraId', criteria.cameraId],
    ['commune', criteria.commune],
  ];
  for (const [name, value] of pairs) if (value !== '') params.set(name, value);
  return { ok: true, query: params.toString() };
}

/** undefined when no date is typed; NaN when what is typed is not a date. The time alone means nothing. */
function instant(date: string, time: string, defaultTime: string): number | undefined {
  if (date.trim() === '') return time.trim() === '' ? undefined : Number.NaN;
  return parseFrenchDateTime(date, time.trim() === '' ? defaultTime : time);
}

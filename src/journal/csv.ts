// Journal entries as CSV (RFC 4180), for auditors. Cells that a spreadsheet would run as a formula are
// prefixed with a quote (OWASP "CSV injection"), since usernames and details come from users.
import type { JournalEntry } from './types.js';

export const CSV_HEADER = [
  'sequence',
  'time',
  'actor_username',
  'actor_role',
  'actor_id',
  'ip',
  'action',
  'outcome',
  'target_type',
  'target_id',
  'camera_id',
  'commune_insee',
  'details',
  'prev_hash',
  'hash',
];

export function csvLine(cells: ReadonlyArray<string | number | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function entryCsvLine(entry: JournalEntry): string {
  return csvLine([
    entry.sequence,
    new Date(entry.timeMs).toISOString(),
    entry.actor?.username ?? null,
    entry.actor?.role ?? null,
    entry.actor?.id ?? null,
    entry.ip,
    entry.action,
    entry.outcome,
    entry.target?.type ?? null,
    entry.target?.id ?? null,
    entry.target?.cameraId ?? null,
    entry.target?.communeInsee ?? null,
    JSON.stringify(entry.details),
    entry.prevHash,
    entry.hash,
  ]);
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// A report as CSV (RFC 4180, formula-safe cells): the title and summary lines, then each table under its title.
import { csvLine } from '../journal/index.js';
import type { ReportDocument } from './document.js';

export function reportCsv(document: ReportDocument): string {
  const lines = [csvLine([document.title]), ...document.summary.map((line) => csvLine([line]))];
  for (const table of document.tables) {
    lines.push('\r\n', csvLine([table.title]), csvLine(table.columns), ...table.rows.map((row) => csvLine(row)));
  }
  // A byte-order mark, so that a spreadsheet opened by double-click reads the accents.
  return `\uFEFF${lines.join('')}`;
}

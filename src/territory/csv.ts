// CSV reader (RFC 4180, plus what French spreadsheets write: ";" separators, a UTF-8 BOM, CRLF). Pure.
// Each record keeps the line it starts on, so import reports can point at it.

export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export type CsvResult = { readonly ok: true; readonly delimiter: string; readonly records: readonly CsvRecord[] } | { readonly ok: false; readonly line: number; readonly message: string };

const DELIMITERS = [';', ',', '\t'] as const;

export function parseCsv(input: string): CsvResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let cellWasQuoted = false;
  const endRecord = (): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]?.trim() === '' && !cellWasQuoted)) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    cellWasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell.trim() !== '') return { ok: false, line, message: 'a quote opens in the middle of a field' };
      quoted = true;
      cellWasQuoted = true;
      quoteLine = line;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      cellWasQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (cellWasQuoted) {
      if (ch.trim() !== '') return { ok: false, line, message: 'text follows a closing quote (write "" for a quote inside a field)' };
    } else {
      cell += ch;
    }
  }
  if (quoted) return { ok: false, line: quoteLine, message: 'unbalanced quote: a field opened here is never closed' };
  if (cell !== '' || cells.length > 0 || cellWasQuoted) endRecord();
  return { ok: true, delimiter, records };
}

/** The separator that occurs most often in the first line, outside quotes. */
function detectDelimiter(text: string): string {
  const end = text.search(/\r?\n/);
  const firstLine = (end === -1 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  let best: string = DELIMITERS[0];
  let bestCount = -1;
  for (const delimiter of DELIMITERS) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

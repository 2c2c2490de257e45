// Reading loosely typed field values (JSON, CSV cells, GeoJSON properties) into typed ones, or an issue.
// Pure: shared by camera validation and the commune import.

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = (message: string): Read<never> => ({ ok: false, message });

/** Absent means undefined, null or an empty/blank CSV cell. */
export function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function readNumber(value: unknown, range: { min: number; max: number; integer?: boolean }): Read<number> {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)\s*$/.test(value)) n = Number(value.trim().replace(',', '.'));
  else return fail(`must be a number (got ${describe(value)})`);
  if (!Number.isFinite(n)) return fail('must be a finite number');
  if (range.integer === true && !Number.isInteger(n)) return fail(`must be a whole number (got ${n})`);
  if (n < range.min || n > range.max) return fail(`must be between ${range.min} and ${range.max} (got ${n})`);
  return ok(n);
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'oui', 'y', 'o']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'non', 'n']);

export function readBoolean(value: unknown): Read<boolean> {
  if (typeof value === 'boolean') return ok(value);
  if (value === 0 || value === 1) return ok(value === 1);
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
  }
  return fail(`must be true or false (got ${describe(value)})`);
}

export function readText(value: unknown, maxLength: number): Read<string> {
  if (typeof value !== 'string' && typeof value !== 'number') return fail(`must be text (got ${describe(value)})`);
  const text = String(value).trim();
  if (text === '') return fail('must not be empty');
  if (text.length > maxLength) return fail(`must be at most ${maxLength} characters (got ${text.length})`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(text)) return fail('must not contain control characters');
  return ok(text);
}

/** A list: a JSON array of text, or one text cell with items separated by "|". */
export function readList(value: unknown, maxItems: number): Read<readonly string[]> {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split('|') : undefined;
  if (items === undefined) return fail(`must be a list (got ${describe(value)})`);
  if (items.length > maxItems) return fail(`must hold at most ${maxItems} items`);
  const texts: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return fail(`items must be text (got ${describe(item)})`);
    if (item.trim() !== '') texts.push(item.trim());
  }
  return ok([...new Set(texts)]);
}

/** INSEE commune code: five digits, or 2A/2B plus three digits for Corsica. A number is zero-padded. */
export function readInseeCode(value: unknown): Read<string> {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value).padStart(5, '0') : typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  if (text === undefined || !/^(\d{5}|2[AB]\d{3})$/.test(text)) return fail(`must be an INSEE commune code such as 28085 (got ${describe(value)})`);
  return ok(text);
}

/** A calendar date as AAAA-MM-JJ (ISO 8601) or JJ/MM/AAAA (as French files write it), answered as AAAA-MM-JJ. */
export function readCalendarDate(value: unknown): Read<string> {
  const text = typeof value === 'string' ? value.trim() : '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const [year, month, day] = iso !== null ? [iso[1], iso[2], iso[3]] : french !== null ? [french[3], french[2], french[1]] : [];
  if (year === undefined || month === undefined || day === undefined) return fail(`must be a date as YYYY-MM-DD or DD/MM/YYYY (got ${describe(value)})`);
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return fail(`is not a real date (got ${describe(value)})`);
  return ok(`${year}-${month}-${day}`);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// Tolerant readers for JSON answers: the console accepts a few spellings of a field while the backend
// settles, and never trusts a shape it did not check.

export type JsonRecord = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): JsonRecord | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null;
}

/** The first of `names` that holds a non-empty string (numbers are accepted and turned into strings). */
export function readString(record: JsonRecord, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

export function readNumber(record: JsonRecord, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  }
  return undefined;
}

/** An array found either as the value itself or under one of `names` (`{cameras: [...]}`). */
export function readArray(value: unknown, ...names: string[]): readonly unknown[] {
  if (Array.isArray(value)) return value;
  const record = asRecord(value);
  if (record === null) return [];
  for (const name of names) {
    const inner = record[name];
    if (Array.isArray(inner)) return inner;
  }
  return [];
}

// Turns an import file (CSV text or a GeoJSON FeatureCollection) into rows of canonically named fields,
// each with the line that reports will cite. Column and property names are matched loosely
// ("code_insee", "INSEE_COM", "insee" are one field) through an alias table. Pure.
import { parseCsv } from './csv.js';
import { readFeatureCollection } from './geojson.js';
import type { FieldError } from './model.js';

export type ImportSource = { readonly kind: 'csv'; readonly text: string } | { readonly kind: 'geojson'; readonly document: unknown };

export interface ImportRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, unknown>>;
  /** The feature's geometry (GeoJSON), null for CSV. */
  readonly geometry: unknown;
}

/** ok: the file is readable; `lineErrors` names lines that could not be read (wrong number of cells) among good ones. */
export type RowsResult = { readonly ok: true; readonly rows: readonly ImportRow[]; readonly lineErrors: readonly FieldError[] } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** One import is one transaction; this bounds its size (the reference customer has 500 cameras, 66 communes). */
export const MAX_IMPORT_ROWS = 10_000;

/** Reads text whose format is not declared: a JSON object is GeoJSON, anything else CSV. */
export function sourceFromText(text: string): ImportSource | FieldError {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed.startsWith('{')) return { kind: 'csv', text };
  try {
    return { kind: 'geojson', document: JSON.parse(trimmed) as unknown };
  } catch (error) {
    return { line: 0, field: 'file', message: `not valid JSON: ${(error as Error).message}`, reason: 'file' };
  }
}

export function readImportRows(source: ImportSource, aliases: Readonly<Record<string, string>>, options: { strictColumns: boolean }): RowsResult {
  return source.kind === 'csv' ? csvRows(source.text, aliases, options.strictColumns) : geoJsonRows(source.document, aliases);
}

/** "Code INSEE", "code_insee" and "codeInsee" all become "codeinsee". */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function csvRows(text: string, aliases: Readonly<Record<string, string>>, strictColumns: boolean): RowsResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [{ line: parsed.line, field: 'csv', message: parsed.message, reason: 'file' }] };
  const [header, ...records] = parsed.records;
  if (header === undefined) return { ok: false, errors: [{ line: 1, field: 'csv', message: 'the file is empty (a header line is needed)', reason: 'file' }] };
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, errors: [{ line: 0, field: 'csv', message: `more than ${MAX_IMPORT_ROWS} rows; split the file`, reason: 'file' }] };
  const errors: FieldError[] = [];
  const columns = header.cells.map((cell) => {
    const canonical = aliases[normalizeName(cell)];
    if (canonical === undefined && strictColumns)
      errors.push({ line: header.line, field: cell, message: `unknown column "${cell}"; known columns: ${[...new Set(Object.values(aliases))].join(', ')}`, reason: 'unknown-column' });
    return canonical;
  });
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === undefined) continue;
    if (seen.has(column)) errors.push({ line: header.line, field: column, message: `column "${column}" appears twice`, reason: 'duplicate-column' });
    seen.add(column);
  }
  if (errors.length > 0) return { ok: false, errors };
  const rows: ImportRow[] = [];
  const lineErrors: FieldError[] = [];
  for (const record of records) {
    if (record.cells.length !== columns.length) {
      lineErrors.push({ line: record.line, field: 'csv', message: `has ${record.cells.length} fields, the header has ${columns.length}`, reason: 'column-count' });
      continue;
    }
    const fields: Record<string, unknown> = {};
    record.cells.forEach((cell, i) => {
      const column = columns[i];
      if (column !== undefined) fields[column] = cell;
    });
    rows.push({ line: record.line, fields, geometry: null });
  }
  return { ok: true, rows, lineErrors };
}

function geoJsonRows(document: unknown, aliases: Readonly<Record<string, string>>): RowsResult {
  const collection = readFeatureCollection(document);
  if (!collection.ok) return { ok: false, errors: [{ line: 0, field: 'geojson', message: collection.message, reason: 'file' }] };
  if (collection.value.length > MAX_IMPORT_ROWS) return { ok: false, errors: [{ line: 0, field: 'geojson', message: `more than ${MAX_IMPORT_ROWS} features; split the file`, reason: 'file' }] };
  const rows = collection.value.map((feature) => {
    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(feature.properties)) {
      const canonical = aliases[normalizeName(name)];
      if (canonical !== undefined && !(canonical in fields)) fields[canonical] = value;
    }
    return { line: feature.index, fields, geometry: feature.geometry };
  });
  return { ok: true, rows, lineErrors: [] };
}

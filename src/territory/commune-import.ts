// Communes from a GeoJSON FeatureCollection (outline + properties) or a CSV (INSEE code, name, centroid),
// e.g. the IGN/INSEE-derived files under ../shared/data/geo. Pure: rows in, drafts or per-line errors out.
import { isAbsent, readInseeCode, readNumber, readText } from './field-values.js';
import { centroidOf, readArea } from './geojson.js';
import { normalizeName, readImportRows, type ImportSource } from './import-rows.js';
import type { FieldError, Position } from './model.js';

export interface CommuneDraft {
  readonly insee: string;
  readonly name: string;
  readonly centroid: Position;
  /** GeoJSON geometry as text; null keeps whatever outline is stored. */
  readonly outline: string | null;
  readonly population: number | null;
}

const COMMUNE_ALIASES: Readonly<Record<string, string>> = aliasTable({
  insee: ['insee', 'code', 'code_insee', 'insee_com', 'insee_code', 'code_commune', 'codgeo', 'com'],
  name: ['nom', 'name', 'nom_commune', 'libelle', 'nom_com'],
  population: ['population', 'pop', 'pmun'],
  lat: ['lat', 'latitude', 'centroid_lat', 'y'],
  lon: ['lon', 'lng', 'longitude', 'centroid_lon', 'x'],
  centroid: ['centroid', 'centre'],
});

export type CommuneParse = { readonly ok: true; readonly communes: readonly CommuneDraft[] } | { readonly ok: false; readonly errors: readonly FieldError[] };

export function parseCommunes(source: ImportSource): CommuneParse {
  const read = readImportRows(source, COMMUNE_ALIASES, { strictColumns: false });
  if (!read.ok) return read;
  if (read.rows.length === 0) return { ok: false, errors: [{ line: 0, field: source.kind, message: 'no commune in the file' }] };
  const errors: FieldError[] = [...read.lineErrors];
  const communes: CommuneDraft[] = [];
  const seen = new Map<string, number>();
  for (const row of read.rows) {
    const issue = (field: string, message: string): void => void errors.push({ line: row.line, field, message });
    const insee = readInseeCode(row.fields['insee']);
    if (!insee.ok) issue('insee', isAbsent(row.fields['insee']) ? 'is required (a property or column named insee, code, code_insee or INSEE_COM)' : insee.message);
    const name = readText(row.fields['name'], 120);
    if (!name.ok) issue('name', isAbsent(row.fields['name']) ? 'is required (a property or column named nom or name)' : name.message);
    const population = isAbsent(row.fields['population']) ? undefined : readNumber(row.fields['population'], { min: 0, max: 1e8, integer: true });
    if (population !== undefined && !population.ok) issue('population', population.message);
    let outline: string | null = null;
    let centroid = readCentroid(row.fields);
    if (row.geometry !== null) {
      const area = readArea(row.geometry);
      if (!area.ok) issue('geometry', area.message);
      else {
        outline = JSON.stringify(area.value);
        centroid ??= { ok: true, value: centroidOf(area.value) };
      }
    }
    if (centroid === undefined) issue('centroid', 'is required: lat and lon columns, a centroid property, or an outline');
    else if (!centroid.ok) issue('centroid', centroid.message);
    if (insee.ok) {
      const firstLine = seen.get(insee.value);
      if (firstLine !== undefined) issue('insee', `commune ${insee.value} already appears on line ${firstLine}`);
      seen.set(insee.value, row.line);
    }
    if (insee.ok && name.ok && centroid?.ok === true && (population === undefined || population.ok)) {
      communes.push({ insee: insee.value, name: name.value, centroid: centroid.value, outline, population: population?.value ?? null });
    }
  }
  return errors.length > 0 ? { ok: false, errors: errors.sort((a, b) => a.line - b.line) } : { ok: true, communes };
}

type CentroidRead = { readonly ok: true; readonly value: Position } | { readonly ok: false; readonly message: string };

function readCentroid(fields: Readonly<Record<string, unknown>>): CentroidRead | undefined {
  const pair = fields['centroid'];
  if (Array.isArray(pair)) {
    const [lon, lat] = pair as unknown[];
    return toPosition(lat, lon);
  }
  if (isAbsent(fields['lat']) && isAbsent(fields['lon'])) return undefined;
  return toPosition(fields['lat'], fields['lon']);
}

function toPosition(latValue: unknown, lonValue: unknown): CentroidRead {
  const lat = readNumber(latValue, { min: -90, max: 90 });
  const lon = readNumber(lonValue, { min: -180, max: 180 });
  if (!lat.ok) return { ok: false, message: `latitude ${lat.message}` };
  if (!lon.ok) return { ok: false, message: `longitude ${lon.message}` };
  return { ok: true, value: { lat: lat.value, lon: lon.value } };
}

/** Expands { canonical: [names...] } into { normalizedName: canonical }. */
export function aliasTable(table: Readonly<Record<string, readonly string[]>>): Readonly<Record<string, string>> {
  const aliases: Record<string, string> = {};
  for (const [canonical, names] of Object.entries(table)) {
    for (const name of [canonical, ...names]) aliases[normalizeName(name)] = canonical;
  }
  return aliases;
}

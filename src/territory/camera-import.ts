// Cameras from a CSV (one camera per line) or a GeoJSON FeatureCollection (Point features): every row goes
// through the same validation as the API, and the whole file is refused if any row is wrong. Pure.
import { aliasTable } from './commune-import.js';
import { isAbsent } from './field-values.js';
import { readPoint } from './geojson.js';
import { readImportRows, type ImportSource } from './import-rows.js';
import type { FieldError } from './model.js';
import { validateCamera, type CameraDraft, type CameraFields, type ValidationContext } from './validation.js';

export const CAMERA_ALIASES: Readonly<Record<string, string>> = aliasTable({
  name: ['nom', 'camera', 'camera_name'],
  commune: ['insee', 'code_insee', 'commune_insee', 'insee_com', 'code'],
  lat: ['latitude'],
  lon: ['lng', 'longitude'],
  type: ['camera_type', 'kind'],
  mounting: ['montage', 'pose'],
  mainUrl: ['main_url', 'url', 'main', 'main_stream', 'rtsp_url'],
  subUrl: ['sub_url', 'sub', 'sub_stream'],
  username: ['user', 'login'],
  password: ['pass', 'mot_de_passe'],
  retentionDays: ['retention_days', 'retention', 'conservation', 'conservation_jours'],
  purposes: ['purpose', 'finalites'],
  sectors: ['sector', 'secteurs', 'secteur'],
  enabled: ['active', 'actif'],
  narrowField: ['narrow_field', 'champ_etroit'],
  onvifHost: ['onvif_host', 'onvif'],
  onvifPort: ['onvif_port'],
  // Import-only columns, gathered into fieldOfView before validation.
  fovDirectionDeg: ['fov_direction', 'fov_direction_deg', 'direction', 'azimut', 'orientation'],
  fovAngleDeg: ['fov_angle', 'fov_angle_deg', 'angle', 'ouverture', 'angle_champ'],
  fovRangeM: ['fov_range', 'fov_range_m', 'portee', 'portee_m'],
  authorisationRef: ['authorisation_ref', 'authorisation', 'arrete', 'arrete_prefectoral', 'reference_arrete', 'autorisation'],
  authorisationExpiresOn: ['authorisation_expires_on', 'authorisation_expiry', 'expiration', 'expiration_autorisation', 'fin_autorisation'],
});

export interface CameraImportContext extends ValidationContext {
  /** The id of the sector with this id or name, if any. */
  readonly sectorId: (reference: string) => string | undefined;
}

export interface ImportedCamera {
  readonly line: number;
  readonly draft: CameraDraft;
  readonly sectorIds: readonly string[];
}

/** The good lines and the bad ones; a file that cannot be read at all has only errors (line 0 or its header). */
export interface CameraParse {
  readonly cameras: readonly ImportedCamera[];
  readonly errors: readonly FieldError[];
}

export function parseCameras(source: ImportSource, context: CameraImportContext): CameraParse {
  const read = readImportRows(source, CAMERA_ALIASES, { strictColumns: source.kind === 'csv' });
  if (!read.ok) return { cameras: [], errors: read.errors };
  if (read.rows.length === 0 && read.lineErrors.length === 0) return { cameras: [], errors: [{ line: 0, field: source.kind, message: 'no camera in the file', reason: 'file' }] };
  const errors: FieldError[] = [...read.lineErrors];
  const cameras: ImportedCamera[] = [];
  const namesInFile = new Map<string, number>();
  for (const row of read.rows) {
    const fields: Record<string, unknown> = { ...row.fields };
    if (row.geometry !== null && fields['lat'] === undefined && fields['lon'] === undefined) {
      const point = readPoint(row.geometry);
      if (!point.ok) {
        errors.push({ line: row.line, field: 'geometry', message: point.message, reason: 'invalid' });
        continue;
      }
      fields['lat'] = point.value.lat;
      fields['lon'] = point.value.lon;
    }
    gatherFieldOfView(fields);
    const validated = validateCamera(fields as CameraFields, context);
    const lineErrors: FieldError[] = validated.ok ? [] : validated.issues.map((issue) => ({ line: row.line, field: issue.field, message: issue.message, reason: issue.reason }));
    // The name identifies the camera: a second line with it is an error even when the first line is wrong too.
    const name = typeof fields['name'] === 'string' ? fields['name'].trim() : validated.ok ? validated.value.name : '';
    const earlier = name === '' ? undefined : namesInFile.get(name);
    if (earlier !== undefined) lineErrors.push({ line: row.line, field: 'name', message: `camera "${name}" already appears on line ${earlier}`, reason: 'duplicate-in-file' });
    else if (name !== '') namesInFile.set(name, row.line);
    const sectorIds: string[] = [];
    for (const reference of validated.ok ? (validated.value.sectors ?? []) : []) {
      const id = context.sectorId(reference);
      if (id === undefined) lineErrors.push({ line: row.line, field: 'sectors', message: `unknown sector "${reference}" (create it first)`, reason: 'unknown-sector' });
      else sectorIds.push(id);
    }
    if (lineErrors.length > 0) errors.push(...lineErrors);
    else if (validated.ok) cameras.push({ line: row.line, draft: validated.value, sectorIds });
  }
  return { cameras, errors: errors.sort((a, b) => a.line - b.line) };
}

/** The flat columns fov_direction, fov_angle and fov_range become one fieldOfView (left alone when all are empty). */
function gatherFieldOfView(fields: Record<string, unknown>): void {
  const { fovDirectionDeg, fovAngleDeg, fovRangeM } = fields;
  delete fields['fovDirectionDeg'];
  delete fields['fovAngleDeg'];
  delete fields['fovRangeM'];
  if ([fovDirectionDeg, fovAngleDeg, fovRangeM].every(isAbsent)) return;
  fields['fieldOfView'] = { directionDeg: fovDirectionDeg, angleDeg: fovAngleDeg, rangeM: fovRangeM };
}

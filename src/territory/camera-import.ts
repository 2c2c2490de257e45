// Cameras from a CSV (one camera per line) or a GeoJSON FeatureCollection (Point features): every row goes
// through the same validation as the API, and the whole file is refused if any row is wrong. Pure.
import { aliasTable } from './commune-import.js';
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
});

export interface CameraImportContext extends ValidationContext {
  readonly isCameraNameTaken: (name: string) => boolean;
  /** The id of the sector with this id or name, if any. */
  readonly sectorId: (reference: string) => string | undefined;
}

export interface ImportedCamera {
  readonly line: number;
  readonly draft: CameraDraft;
  readonly sectorIds: readonly string[];
}

export type CameraParse = { readonly ok: true; readonly cameras: readonly ImportedCamera[] } | { readonly ok: false; readonly errors: readonly FieldError[] };

export function parseCameras(source: ImportSource, context: CameraImportContext): CameraParse {
  const read = readImportRows(source, CAMERA_ALIASES, { strictColumns: source.kind === 'csv' });
  if (!read.ok) return read;
  if (read.rows.length === 0) return { ok: false, errors: [{ line: 0, field: source.kind, message: 'no camera in the file' }] };
  const errors: FieldError[] = [];
  const cameras: ImportedCamera[] = [];
  const namesInFile = new Map<string, number>();
  for (const row of read.rows) {
    const fields: Record<string, unknown> = { ...row.fields };
    if (row.geometry !== null && fields['lat'] === undefined && fields['lon'] === undefined) {
      const point = readPoint(row.geometry);
      if (!point.ok) {
        errors.push({ line: row.line, field: 'geometry', message: point.message });
        continue;
      }
      fields['lat'] = point.value.lat;
      fields['lon'] = point.value.lon;
    }
    const validated = validateCamera(fields as CameraFields, context);
    if (!validated.ok) {
      for (const issue of validated.issues) errors.push({ line: row.line, field: issue.field, message: issue.message });
      continue;
    }
    const draft = validated.value;
    const lineErrors: FieldError[] = [];
    const earlier = namesInFile.get(draft.name);
    if (earlier !== undefined) lineErrors.push({ line: row.line, field: 'name', message: `camera "${draft.name}" already appears on line ${earlier}` });
    else if (context.isCameraNameTaken(draft.name)) lineErrors.push({ line: row.line, field: 'name', message: `a camera named "${draft.name}" already exists` });
    namesInFile.set(draft.name, earlier ?? row.line);
    const sectorIds: string[] = [];
    for (const reference of draft.sectors ?? []) {
      const id = context.sectorId(reference);
      if (id === undefined) lineErrors.push({ line: row.line, field: 'sectors', message: `unknown sector "${reference}" (create it first)` });
      else sectorIds.push(id);
    }
    if (lineErrors.length > 0) errors.push(...lineErrors);
    else cameras.push({ line: row.line, draft, sectorIds });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cameras };
}

// A validated camera as table columns, and which of its fields differ from a stored row: one mapping shared by
// single writes, imports and the import preview, so that "unchanged" means exactly "nothing would be written".
import type { CameraRow } from './camera-store.js';
import type { CameraDraft } from './validation.js';

export type CameraColumns = Omit<CameraRow, 'id' | 'credentials' | 'created_at' | 'updated_at'>;

export function draftColumns(draft: CameraDraft): CameraColumns {
  return {
    name: draft.name,
    commune_insee: draft.communeInsee,
    lat: draft.position.lat,
    lon: draft.position.lon,
    type: draft.type,
    mounting: draft.mounting,
    main_url: draft.mainUrl,
    sub_url: draft.subUrl,
    retention_days: draft.retentionDays,
    purposes: JSON.stringify(draft.purposes),
    enabled: draft.enabled ? 1 : 0,
    narrow_field: draft.narrowField ? 1 : 0,
    onvif_host: draft.onvif?.host ?? null,
    onvif_port: draft.onvif?.port ?? null,
    fov_direction_deg: draft.fieldOfView?.directionDeg ?? null,
    fov_angle_deg: draft.fieldOfView?.angleDeg ?? null,
    fov_range_m: draft.fieldOfView?.rangeM ?? null,
    authorisation_ref: draft.authorisation.reference,
    authorisation_expires_on: draft.authorisation.expiresOn,
  };
}

/** Columns by the camera field (as the API names it) they store. */
const FIELD_COLUMNS: Readonly<Record<string, readonly (keyof CameraColumns)[]>> = {
  name: ['name'],
  commune: ['commune_insee'],
  position: ['lat', 'lon'],
  type: ['type'],
  mounting: ['mounting'],
  mainUrl: ['main_url'],
  subUrl: ['sub_url'],
  retentionDays: ['retention_days'],
  purposes: ['purposes'],
  enabled: ['enabled'],
  narrowField: ['narrow_field'],
  onvif: ['onvif_host', 'onvif_port'],
  fieldOfView: ['fov_direction_deg', 'fov_angle_deg', 'fov_range_m'],
  authorisation: ['authorisation_ref', 'authorisation_expires_on'],
};

/** The camera fields whose stored value differs from the draft's (numbers compared as numbers: PostgreSQL reads some as text). */
export function changedFields(stored: CameraRow, next: CameraColumns): string[] {
  const differs = (column: keyof CameraColumns): boolean => {
    const [a, b] = [stored[column], next[column]];
    if (a === null || b === null) return a !== b;
    return typeof b === 'number' ? Number(a) !== b : a !== b;
  };
  return Object.entries(FIELD_COLUMNS)
    .filter(([, columns]) => columns.some(differs))
    .map(([field]) => field);
}

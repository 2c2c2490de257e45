// Kysely table types of the territory capability: communes, sectors and their members, cameras.
// Conventions (db/database.ts): times are integer ms, booleans 0/1, JSON and GeoJSON as text.

export interface CommuneTable {
  /** INSEE code, e.g. "28085" for Chartres. */
  insee: string;
  name: string;
  centroid_lat: number;
  centroid_lon: number;
  /** GeoJSON Polygon or MultiPolygon geometry, as text; null when only the centroid is known. */
  outline: string | null;
  population: number | null;
  created_at: number;
  updated_at: number;
}

export interface SectorTable {
  id: string;
  name: string;
  /** 0/1: operators give sensitive sectors priority on the wall. */
  sensitive: number;
  /** GeoJSON Polygon or MultiPolygon geometry, as text; null for a sector that is only a group of cameras. */
  area: string | null;
  /** INSEE code of the commune the sector lies in (its cameras are that commune's); null for one spanning several. */
  commune_insee: string | null;
  created_at: number;
  updated_at: number;
}

export interface SectorCameraTable {
  sector_id: string;
  camera_id: string;
}

export interface CameraTable {
  id: string;
  name: string;
  commune_insee: string;
  lat: number;
  lon: number;
  /** fixed | ptz | multisensor */
  type: string;
  /** Free description of the mounting (mast, façade, pole); null when unknown. */
  mounting: string | null;
  /** RTSP URLs without credentials. */
  main_url: string;
  sub_url: string | null;
  /** AES-256-GCM envelope of {username, password}; null when the camera needs none. */
  credentials: string | null;
  retention_days: number;
  /** JSON array of purpose identifiers (CSI L251-2). */
  purposes: string;
  enabled: number;
  /** 0/1: narrow-field camera, subject to the stricter recording floors of the arrêté of 3 August 2007. */
  narrow_field: number;
  onvif_host: string | null;
  onvif_port: number | null;
  /** Field of view: compass bearing of the optical axis (0 = north, clockwise), opening angle, range; all null when unknown. */
  fov_direction_deg: number | null;
  fov_angle_deg: number | null;
  fov_range_m: number | null;
  /** Prefectoral authorisation: the arrêté's reference and its expiry date (AAAA-MM-JJ, a calendar date in France). */
  authorisation_ref: string | null;
  authorisation_expires_on: string | null;
  created_at: number;
  updated_at: number;
}

export interface TerritoryTables {
  communes: CommuneTable;
  sectors: SectorTable;
  sector_cameras: SectorCameraTable;
  cameras: CameraTable;
}

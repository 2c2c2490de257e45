// Kysely table types of the PTZ capability. Conventions (db/database.ts): times are integer ms, JSON as text.

/** The ONVIF device that drives a camera's head, found at onboarding (or linked by the demo). */
export interface PtzDeviceTable {
  camera_id: string;
  /** Device service URL (no credentials: those are the camera's, kept encrypted by the territory). */
  device_url: string;
  /** Media profile whose PTZ configuration the commands name. */
  profile_token: string;
  /** JSON PtzLimits, or null before the first inspection. */
  limits: string | null;
  updated_at: number;
}

/** The names operators give presets (a camera's own name field is often short or ASCII-only). */
export interface PtzPresetNameTable {
  camera_id: string;
  token: string;
  name: string;
  updated_at: number;
  updated_by: string;
}

export interface PtzTourTable {
  id: string;
  camera_id: string;
  name: string;
  /** JSON [{ presetToken, dwellSeconds }]. */
  steps: string;
  /** JSON [{ from: "HH:MM", to: "HH:MM" }] in Paris time, or null: started by hand only. */
  windows: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface PtzTables {
  ptz_devices: PtzDeviceTable;
  ptz_preset_names: PtzPresetNameTable;
  ptz_tours: PtzTourTable;
}

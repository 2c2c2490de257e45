// Kysely table types of the masks capability. Conventions (db/database.ts): times are integer ms, JSON as text.

export interface CameraMaskTable {
  camera_id: string;
  /** 'picture' | 'angular' (model.ts `MaskSpace`). */
  space: string;
  /** JSON: polygons, each an array of {x, y}. */
  polygons: string;
  /** JSON: the PTZ calibration samples, null for picture masks. */
  calibration: string | null;
  updated_at: number;
  updated_by: string;
}

/** A PTZ camera's measured calibration (migration 2026-12-05-15-ptz-calibration). */
export interface PtzCalibrationTable {
  camera_id: string;
  /** JSON: CalibrationSample[], sorted by zoom. */
  samples: string;
  measured_at: number;
  measured_by: string;
}

/** Masks pushed to the camera (migration 2026-12-05-19-mask-push); no row: Vigie burns them in. */
export interface CameraMaskPushTable {
  camera_id: string;
  /** 'vigie' | 'camera' (camera-push.ts `MaskMode`). */
  mode: string;
  /** 'pending' | 'verified' | 'failed'. */
  state: string;
  /** JSON: the camera's tokens of the masks Vigie created. */
  tokens: string;
  checked_at: number | null;
  failure: string | null;
  updated_at: number;
  updated_by: string;
}

export interface MaskTables {
  camera_masks: CameraMaskTable;
  camera_mask_push: CameraMaskPushTable;
  ptz_calibrations: PtzCalibrationTable;
}

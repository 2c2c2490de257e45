// Kysely table types of the investigations capability: judicial requisitions and citizens' access requests.
// Conventions (db/database.ts): times are integer ms, JSON as text.
import type { AccessRequestState, ExtensionState, RequisitionState } from './model.js';

export interface RequisitionTable {
  id: string;
  /** The procedure reference (validated format, see model.ts). */
  reference: string;
  officer_name: string;
  /** 'OPJ' or 'APJ'. */
  officer_quality: string;
  officer_service: string;
  officer_contact: string;
  legal_basis: string;
  reason: string;
  /** JSON array of camera ids (named, or found in the area). */
  camera_ids: string;
  /** JSON GeoJSON Polygon drawn on the map, or null. */
  area: string | null;
  from_ms: number;
  to_ms: number;
  /** 1 when the requisition includes live viewing. */
  live: number;
  investigator_id: string;
  investigator: string;
  state: RequisitionState;
  hold_id: string;
  registered_by: string;
  registered_at: number;
  reviewed_by: string | null;
  reviewed_at: number | null;
  review_note: string | null;
  /** End of the investigator's scope (set at validation, moved by a granted extension). */
  scope_until_ms: number | null;
  /** JSON array of export ids, set at extraction. */
  export_ids: string;
  extracted_by: string | null;
  extracted_at: number | null;
  handed_by: string | null;
  handed_at: number | null;
  received_by: string | null;
  received_ack_by: string | null;
  received_ack_at: number | null;
  closed_by: string | null;
  closed_at: number | null;
  updated_at: number;
}

/** A request to extend a requisition's scope; a granted one has widened the requisition's own cameras, range and end date. */
export interface RequisitionExtensionTable {
  id: string;
  requisition_id: string;
  /** JSON array of the camera ids asked on top of the requisition's. */
  added_camera_ids: string;
  /** The whole range asked (containing the requisition's at the time of asking). */
  from_ms: number;
  to_ms: number;
  /** The later end date asked, or null. */
  until_ms: number | null;
  reason: string;
  /** The hold placed at the request over the widened cameras and range (null when only the end date is asked). */
  hold_id: string | null;
  state: ExtensionState;
  requested_by: string;
  requested_at: number;
  decided_by: string | null;
  decided_at: number | null;
  decision_note: string | null;
}

export interface AccessRequestTable {
  id: string;
  requester_name: string;
  requester_contact: string;
  /** What the person describes: date, place, clothing… */
  description: string;
  camera_ids: string;
  from_ms: number;
  to_ms: number;
  deadline_ms: number;
  state: AccessRequestState;
  hold_id: string;
  registered_by: string;
  registered_at: number;
  /** 'viewing' or 'export', once answered. */
  answer: string | null;
  answer_note: string | null;
  /** JSON {cameraId, x, y, w, h} (normalised) of the requester's chosen box, for a blurred export. */
  box: string | null;
  /** The blurred file, under <dataDir>/access-requests/<id>/. */
  export_path: string | null;
  export_sha256: string | null;
  answered_by: string | null;
  answered_at: number | null;
  closed_by: string | null;
  closed_at: number | null;
  updated_at: number;
}

/** Camera topology: leaving `from_camera_id` towards `direction` (N, NE, E, SE, S, SW, W, NW), the next camera. */
export interface CameraLinkTable {
  id: string;
  from_camera_id: string;
  direction: string;
  to_camera_id: string;
  distance_m: number;
  /** Typical travel time ranges, seconds: on foot, and by vehicle. */
  walk_min_s: number;
  walk_max_s: number;
  drive_min_s: number;
  drive_max_s: number;
  /** 'suggested' (from positions and fields of view) or 'edited' (by a room lead or an administrator). */
  source: 'suggested' | 'edited';
  updated_by: string;
  updated_at: number;
}

/** A trajectory: confirmed sightings chained in time, within one requisition. */
export interface TrajectoryTable {
  id: string;
  requisition_id: string;
  title: string;
  /** Class and colours of the object followed (from its first sighting). */
  class_name: string;
  colours: string;
  created_by: string;
  created_at: number;
  /** The signed package of its clips, once exported. */
  export_id: string | null;
  exported_by: string | null;
  exported_at: number | null;
  updated_at: number;
}

export interface TrajectorySightingTable {
  trajectory_id: string;
  /** 1, 2, 3… in time order. */
  seq: number;
  camera_id: string;
  at_ms: number;
  /** The box on the picture, normalised. */
  x: number;
  y: number;
  w: number;
  h: number;
  detection_id: number | null;
  class_name: string;
  colours: string;
  added_by: string;
  added_at: number;
}

export interface InvestigationTables {
  requisitions: RequisitionTable;
  requisition_extensions: RequisitionExtensionTable;
  access_requests: AccessRequestTable;
  camera_links: CameraLinkTable;
  trajectories: TrajectoryTable;
  trajectory_sightings: TrajectorySightingTable;
}

// Kysely table types of the alerts capability: legal bases, rule activations, alerts, escalation calls and the
// operations log (main courante). Conventions (db/database.ts): times are integer ms, JSON as text.
import type { AlertState } from './model.js';

export interface AnalyticsLegalBasisTable {
  id: string;
  /** Who authorised the processing (the prefect, for an arrêté). */
  authority: string;
  /** The arrêté's reference. */
  reference: string;
  /** Perimeter, event, algorithm attestation: what the administrator recorded beside the reference. */
  note: string;
  valid_from: number;
  valid_to: number;
  created_by: string;
  created_at: number;
}

export interface AnalyticsActivationTable {
  id: string;
  camera_id: string;
  commune_insee: string;
  rule: string;
  profile: string;
  legal_basis_id: string;
  /** JSON: { zoneId?, zone?, line?, direction?, thresholds?, ptzCameraId?, ptzPreset? }. */
  settings: string;
  /** 'active' or 'stopped'. */
  state: string;
  created_by: string;
  created_at: number;
  stopped_at: number | null;
  stopped_by: string | null;
  /** 'operator' (stopped by hand) or 'expired' (the legal basis ended). */
  stop_cause: string | null;
}

export interface AlertTable {
  id: string;
  camera_id: string;
  commune_insee: string;
  rule: string;
  zone_id: string | null;
  activation_id: string | null;
  confidence: number;
  priority: number;
  state: AlertState;
  first_ms: number;
  last_ms: number;
  event_count: number;
  /** JSON array of the boxes of the most confident event (normalised 0..1). */
  boxes: string;
  created_at: number;
  updated_at: number;
  handler: string | null;
  handler_id: string | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  closed_at: number | null;
  closed_by: string | null;
  /** 'true_alarm' or 'false_alarm'. */
  verdict: string | null;
  outcome: string | null;
  /** What happened when the PTZ and the wall were asked, in the operator's words: 'PTZ « name » → préréglage « name »; mur : …'. */
  reaction: string | null;
}

export interface AlertEscalationTable {
  id: string;
  alert_id: string;
  service: string;
  called_at: number;
  called_by: string;
  answer: string;
  created_at: number;
}

export interface OplogEntryTable {
  id: string;
  at: number;
  author: string | null;
  author_id: string | null;
  /** 'manual', 'alert', 'escalation', 'governance', 'handover'. */
  kind: string;
  alert_id: string | null;
  camera_id: string | null;
  commune_insee: string | null;
  text: string;
}

export interface AlertsTables {
  analytics_legal_bases: AnalyticsLegalBasisTable;
  analytics_activations: AnalyticsActivationTable;
  alerts: AlertTable;
  alert_escalations: AlertEscalationTable;
  oplog_entries: OplogEntryTable;
}

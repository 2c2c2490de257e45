// The alerts as the console reads them (GET /api/alerts, the push channel) and the French words for them.
// Pure: no DOM, so unit tests and the server's type check can import it.
import { ApiError } from '../api/api-error.js';
import { asRecord } from '../api/read.js';

export interface AlertBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly label: string;
}

export interface Escalation {
  readonly service: string;
  readonly calledAt: number;
  readonly calledBy: string;
  readonly answer: string;
}

export interface Alert {
  readonly id: string;
  readonly cameraId: string;
  readonly communeInsee: string;
  readonly rule: string;
  readonly ruleLabel: string;
  readonly zoneId: string | null;
  readonly confidence: number;
  readonly priority: number;
  readonly state: 'new' | 'acknowledged' | 'handling' | 'closed';
  readonly firstMs: number;
  readonly lastMs: number;
  readonly eventCount: number;
  readonly boxes: readonly AlertBox[];
  readonly handler: string | null;
  readonly verdict: string | null;
  readonly outcome: string | null;
  readonly reaction: string | null;
  readonly checklist: readonly string[];
  readonly escalations: readonly Escalation[];
}

export interface OplogEntry {
  readonly id: string;
  readonly at: number;
  readonly author: string | null;
  readonly kind: string;
  readonly text: string;
}

export interface VerdictStat {
  readonly rule: string;
  readonly ruleLabel: string;
  readonly cameraId: string | null;
  readonly closed: number;
  readonly falseAlarms: number;
  readonly falseAlarmRate: number | null;
}

/** The server's JSON, trusted for shape once it is an object with an id (the server is ours; contracts test it). */
export function readAlerts(value: unknown): Alert[] {
  return Array.isArray(value) ? value.filter((item): item is Alert => asRecord(item) !== null && typeof (item as Alert).id === 'string') : [];
}

export const STATE_LABELS: Readonly<Record<Alert['state'], string>> = { new: 'Nouvelle', acknowledged: 'Prise en compte', handling: 'En traitement', closed: 'Clôturée' };
export const PRIORITY_LABELS: Readonly<Record<number, string>> = { 1: 'Urgente', 2: 'Haute', 3: 'Normale' };
export const SERVICE_LABELS: Readonly<Record<string, string>> = {
  '17': '17 — Police nationale / gendarmerie',
  '18': '18 — Sapeurs-pompiers',
  '15': '15 — SAMU',
  '112': '112 — Numéro d’urgence européen',
  police_municipale: 'Police municipale',
};

const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_ALERT_NOT_FOUND: 'Cette alerte n’existe pas ou ne vous est pas accessible.',
  VIGIE_ALERT_STATE: 'Cette alerte a changé d’état entre-temps ; la liste vient d’être mise à jour.',
  VIGIE_ALERT_VERDICT_REQUIRED: 'Pour clôturer, indiquez si l’alerte était fondée et ce qui a été fait.',
  VIGIE_ALERT_FIELD_INVALID: 'Un champ est vide ou trop long.',
  VIGIE_VALIDATION_FAILED: 'Demande mal formée : vérifiez les champs.',
};

export function alertErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'L’opération a échoué de manière inattendue.';
  const known = MESSAGES[error.code];
  if (known !== undefined) return known;
  if (error.status === 0) return 'Serveur Vigie injoignable : vérifiez le réseau puis réessayez.';
  if (error.status === 401) return 'Votre session a expiré : reconnectez-vous.';
  if (error.status === 403) return 'Votre rôle ne permet pas cette opération.';
  return `L’opération a échoué (erreur ${error.status}).`;
}

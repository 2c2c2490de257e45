// What the « Analyse algorithmique » page reads from /api/analytics/* and /api/alerts/stats, and the French it
// shows for the API's error codes and for the reasons an analysis is not running (never the server's own text).
import { ApiError } from '../api/api-error.js';
import { parisDateFr, formatParisTime } from '../time/paris.js';

export interface LegalBasis {
  readonly id: string;
  readonly authority: string;
  readonly reference: string;
  readonly note: string;
  readonly validFrom: number;
  readonly validTo: number;
}
export interface Threshold {
  readonly value: number;
  readonly description: string;
}
export interface CatalogueRule {
  readonly rule: string;
  readonly label: string;
  readonly profile: 'legal' | 'extended';
  readonly description: string;
  readonly limits: string;
  readonly thresholds: Readonly<Record<string, Threshold>>;
}
export type Point = readonly [number, number];
export interface Activation {
  readonly id: string;
  readonly cameraId: string;
  readonly rule: string;
  readonly legalBasisId: string;
  readonly settings: {
    readonly zone?: readonly Point[];
    readonly line?: readonly [Point, Point];
    readonly thresholds?: Readonly<Record<string, number>>;
    readonly ptzPreset?: string;
  };
  readonly state: 'active' | 'stopped';
  readonly createdAt: number;
  readonly stoppedAt: number | null;
  readonly stoppedBy: string | null;
  readonly stopCause: string | null;
  readonly analysis: { readonly running: boolean; readonly reason?: string } | null;
}
export interface Governance {
  readonly activations: readonly Activation[];
  readonly catalogue: readonly CatalogueRule[];
  readonly extendedProfile: boolean;
}
export interface VerdictStat {
  readonly rule: string;
  readonly cameraId: string | null;
  readonly closed: number;
  readonly falseAlarms: number;
  readonly falseAlarmRate: number | null;
}

export const frenchDateTime = (ms: number): string => `${parisDateFr(ms)} à ${formatParisTime(ms).slice(0, 5)}`;

/** The last day of validity, JJ/MM/AAAA: `validTo` is the first instant it is no longer valid. */
export const lastDay = (basis: LegalBasis): string => parisDateFr(basis.validTo - 1);

export function basisValidAt(basis: LegalBasis, nowMs: number): boolean {
  return basis.validFrom <= nowMs && nowMs < basis.validTo;
}

const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_ANALYTICS_BASIS_INVALID: 'La base légale choisie n’est pas (ou plus) en vigueur : aucune règle ne peut fonctionner sans base légale valide.',
  VIGIE_ANALYTICS_PROFILE_REFUSED: 'Cette règle appartient au profil étendu, que la configuration de ce centre n’autorise pas.',
  VIGIE_ANALYTICS_RULE_UNKNOWN: 'Cette règle ne fait pas partie du catalogue.',
  VIGIE_ANALYTICS_CAMERA_UNKNOWN: 'Cette caméra n’existe pas (ou plus).',
  VIGIE_ANALYTICS_ACTIVATION_NOT_FOUND: 'Cette règle n’est plus en service : elle a déjà été arrêtée.',
  VIGIE_FORBIDDEN: 'Votre rôle ne permet pas cette action.',
};
const FIELD_MESSAGES: Readonly<Record<string, string>> = {
  validTo: 'La fin de validité doit être postérieure au début.',
  validFrom: 'La date de début de validité est invalide.',
  authority: 'Indiquez l’autorité qui a pris l’acte (préfet, par exemple).',
  reference: 'Indiquez la référence de l’acte (numéro de l’arrêté).',
  zone: 'La zone doit être un polygone d’au moins 3 points dans l’image.',
  line: 'La ligne doit avoir exactement 2 points dans l’image.',
  thresholds: 'Chaque seuil doit être un nombre.',
};

/** The French sentence for a refusal of the analytics API. */
export function analyticsErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'VIGIE_ALERT_FIELD_INVALID') {
      const field = error.details['field'];
      return (typeof field === 'string' ? FIELD_MESSAGES[field] : undefined) ?? 'Un champ du formulaire est manquant ou invalide.';
    }
    const message = MESSAGES[error.code];
    if (message !== undefined) return message;
    if (error.status === 403) return MESSAGES['VIGIE_FORBIDDEN'] as string;
  }
  return 'Le serveur n’a pas pu traiter la demande. Réessayez ; si cela persiste, prévenez le support.';
}

/** How an activation in service is doing, for the operator: its state line and its tone. */
export interface ActivationState {
  readonly text: string;
  readonly tone: 'ok' | 'pending' | 'warn';
}

/**
 * The analysis module reports in French but its reason may carry a raw error, so it is sorted into a few plain
 * sentences. A rule that is starting is not « à l'arrêt »: it says so, without alarming the operator.
 */
export function activationState(analysis: Activation['analysis']): ActivationState {
  if (analysis === null) return { text: 'À l’arrêt — Le module d’analyse n’est pas démarré sur ce serveur : la règle est enregistrée mais rien n’est analysé.', tone: 'warn' };
  if (analysis.running) return { text: 'En service', tone: 'ok' };
  const reason = (analysis.reason ?? '').toLowerCase();
  if (reason.includes('démarre')) return { text: 'Démarrage — l’analyse commence dans quelques secondes.', tone: 'pending' };
  const stopped = (why: string): ActivationState => ({ text: `À l’arrêt — ${why}`, tone: 'warn' });
  if (reason.includes('pas activée')) return stopped('L’analyse n’est pas encore lancée sur cette caméra.');
  if (/modèle|model|détecteur|detector|worker/.test(reason)) return stopped('Le détecteur n’a pas pu être chargé ; nouvel essai automatique.');
  if (/flux|image|stream|hors ligne|offline|ffmpeg|connexion/.test(reason)) return stopped('La caméra ne fournit pas d’image (hors ligne ?) ; nouvel essai automatique.');
  return stopped('L’analyse s’est arrêtée sur un incident ; nouvel essai automatique. Si cela dure, prévenez le support.');
}

export function stoppedReason(activation: Activation, basis: LegalBasis | undefined): string {
  const at = activation.stoppedAt === null ? '' : ` le ${frenchDateTime(activation.stoppedAt)}`;
  if (activation.stopCause === 'expired') return `Arrêtée d’elle-même${at} : la base légale ${basis?.reference ?? ''} a expiré.`.replace('  ', ' ');
  return `Arrêtée${activation.stoppedBy === null ? '' : ` par ${activation.stoppedBy}`}${at}.`;
}

export function readGovernance(payload: unknown): Governance {
  const record = (payload ?? {}) as Partial<Governance>;
  return { activations: record.activations ?? [], catalogue: record.catalogue ?? [], extendedProfile: record.extendedProfile === true };
}

/** « 12 % de fausses alertes (3 sur 25) », or what is known when no alert was closed yet. */
export function falseAlarmText(stat: VerdictStat | undefined): string {
  if (stat === undefined || stat.falseAlarmRate === null) return 'Aucune alerte clôturée : taux de fausses alertes encore inconnu.';
  return `${Math.round(stat.falseAlarmRate * 100)} % de fausses alertes (${stat.falseAlarms} sur ${stat.closed} clôturées).`;
}

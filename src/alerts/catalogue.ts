// The event catalogue alerts know: the 8 event types of décret 2023-828 art. 3 (profile `legal`) and the opt-in
// detectors (profile `extended`), each with its French label, its priority in the queue and the escalation
// checklist operators follow (accident and fire: emergency services first). Rule names are analytics' own.

import { isRuleName, type AnalyticsProfile, type RuleName } from '../analytics/index.js';

export type AlertRule = RuleName;
export type { AnalyticsProfile };

/** Who the operator may call: police nationale or gendarmerie, pompiers, SAMU, the European number, the municipal police. */
export const ESCALATION_SERVICES = ['17', '18', '15', '112', 'police_municipale'] as const;
export type EscalationService = (typeof ESCALATION_SERVICES)[number];

export const SERVICE_LABELS: Readonly<Record<EscalationService, string>> = {
  '17': '17 — Police nationale / gendarmerie',
  '18': '18 — Sapeurs-pompiers',
  '15': '15 — SAMU',
  '112': '112 — Numéro d’urgence européen',
  police_municipale: 'Police municipale',
};

export interface RuleInfo {
  readonly label: string;
  readonly profile: AnalyticsProfile;
  /** 1 is the most urgent. */
  readonly priority: 1 | 2 | 3;
  /** The services to call, in order. */
  readonly checklist: readonly EscalationService[];
}

const POLICE_FIRST: readonly EscalationService[] = ['17', 'police_municipale'];
const RESCUE_FIRST: readonly EscalationService[] = ['18', '15', '17', '112'];

export const RULES: Readonly<Record<AlertRule, RuleInfo>> = {
  abandoned_object: { label: 'Objet abandonné', profile: 'legal', priority: 2, checklist: POLICE_FIRST },
  weapon: { label: 'Présence ou usage d’arme', profile: 'legal', priority: 1, checklist: ['17', '112', 'police_municipale'] },
  wrong_way: { label: 'Circulation à contresens', profile: 'legal', priority: 3, checklist: POLICE_FIRST },
  intrusion: { label: 'Intrusion en zone interdite', profile: 'legal', priority: 2, checklist: POLICE_FIRST },
  person_on_ground: { label: 'Personne au sol après une chute', profile: 'legal', priority: 1, checklist: ['15', '18', 'police_municipale'] },
  crowd_movement: { label: 'Mouvement de foule', profile: 'legal', priority: 1, checklist: ['17', '18', 'police_municipale'] },
  density: { label: 'Densité de personnes excessive', profile: 'legal', priority: 2, checklist: POLICE_FIRST },
  fire: { label: 'Départ de feu', profile: 'legal', priority: 1, checklist: RESCUE_FIRST },
  aggression: { label: 'Gestes agressifs (profil étendu)', profile: 'extended', priority: 1, checklist: ['17', 'police_municipale', '15'] },
  road_accident: { label: 'Accident de la route (profil étendu)', profile: 'extended', priority: 1, checklist: RESCUE_FIRST },
  tampering: { label: 'Caméra masquée ou déplacée (profil étendu)', profile: 'extended', priority: 3, checklist: ['police_municipale'] },
};

export function isAlertRule(value: unknown): value is AlertRule {
  return typeof value === 'string' && isRuleName(value);
}

export function isEscalationService(value: unknown): value is EscalationService {
  return typeof value === 'string' && (ESCALATION_SERVICES as readonly string[]).includes(value);
}

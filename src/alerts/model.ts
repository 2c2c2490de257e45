// What the alerts capability hands out: legal bases, activations, alerts, escalation calls, operations-log
// entries and verdict statistics. Times are ms since the epoch.
import type { AnalyticsEvent, EventBox, Point } from '../analytics/index.js';
import type { AlertRule, AnalyticsProfile, EscalationService } from './catalogue.js';

export type { Point };

export const ALERT_STATES = ['new', 'acknowledged', 'handling', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const VERDICTS = ['true_alarm', 'false_alarm'] as const;
export type Verdict = (typeof VERDICTS)[number];

export function isAlertState(value: unknown): value is AlertState {
  return typeof value === 'string' && (ALERT_STATES as readonly string[]).includes(value);
}

/** A person acting (from the session), or null for what Vigie does by itself. */
export interface AlertActor {
  readonly id: string;
  readonly username: string;
  readonly role: string;
}

export interface LegalBasis {
  readonly id: string;
  readonly authority: string;
  readonly reference: string;
  readonly note: string;
  readonly validFrom: number;
  readonly validTo: number;
  readonly createdBy: string;
  readonly createdAt: number;
}

export interface NewLegalBasis {
  readonly authority: string;
  readonly reference: string;
  readonly note?: string | undefined;
  readonly validFrom: number;
  readonly validTo: number;
}

/** A rule's placement and tuning on one camera, as drawn in the console (coordinates normalised 0..1). */
export interface ActivationSettings {
  readonly zoneId?: string | undefined;
  readonly zone?: readonly Point[] | undefined;
  readonly line?: readonly [Point, Point] | undefined;
  readonly direction?: number | undefined;
  readonly thresholds?: Record<string, number> | undefined;
  /** The PTZ camera that looks at this zone on an alert, and its preset. */
  readonly ptzCameraId?: string | undefined;
  readonly ptzPreset?: string | undefined;
}

export interface Activation {
  readonly id: string;
  readonly cameraId: string;
  readonly communeInsee: string;
  readonly rule: AlertRule;
  readonly profile: AnalyticsProfile;
  readonly legalBasisId: string;
  readonly settings: ActivationSettings;
  readonly state: 'active' | 'stopped';
  readonly createdBy: string;
  readonly createdAt: number;
  readonly stoppedAt: number | null;
  readonly stoppedBy: string | null;
  readonly stopCause: string | null;
}

export interface NewActivation extends ActivationSettings {
  readonly cameraId: string;
  readonly rule: string;
  readonly legalBasisId: string;
  readonly profile?: AnalyticsProfile | undefined;
}

export type AlertBox = EventBox;

/** What analytics emits: one event of a rule on a camera. */
export type DetectionEvent = AnalyticsEvent;

export interface Escalation {
  readonly id: string;
  readonly alertId: string;
  readonly service: EscalationService;
  readonly calledAt: number;
  readonly calledBy: string;
  readonly answer: string;
}

export interface Alert {
  readonly id: string;
  readonly cameraId: string;
  readonly communeInsee: string;
  readonly rule: AlertRule;
  readonly ruleLabel: string;
  readonly zoneId: string | null;
  readonly confidence: number;
  readonly priority: number;
  readonly state: AlertState;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly eventCount: number;
  readonly boxes: readonly AlertBox[];
  readonly createdAt: number;
  readonly handler: string | null;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  readonly closedAt: number | null;
  readonly closedBy: string | null;
  readonly verdict: Verdict | null;
  readonly outcome: string | null;
  readonly reaction: string | null;
  /** The services to call, in order, for this alert's type. */
  readonly checklist: readonly EscalationService[];
  readonly escalations: readonly Escalation[];
}

export interface OplogEntry {
  readonly id: string;
  readonly at: number;
  readonly author: string | null;
  readonly kind: 'manual' | 'alert' | 'escalation' | 'governance' | 'handover';
  readonly alertId: string | null;
  readonly cameraId: string | null;
  readonly communeInsee: string | null;
  readonly text: string;
}

export interface VerdictStat {
  readonly rule: AlertRule;
  readonly cameraId: string | null;
  readonly closed: number;
  readonly falseAlarms: number;
  readonly trueAlarms: number;
  /** falseAlarms / closed, or null before any verdict. */
  readonly falseAlarmRate: number | null;
}

export interface AlertFilter {
  readonly communes?: readonly string[] | undefined;
  readonly open?: boolean | undefined;
  readonly state?: AlertState | undefined;
  readonly fromMs?: number | undefined;
  readonly toMs?: number | undefined;
  readonly limit?: number | undefined;
}

/** What the push channel, MQTT and webhooks receive on every change. */
export interface AlertChange {
  readonly kind: 'created' | 'updated' | 'merged';
  readonly alert: Alert;
}

export const ALERT_LIMITS = { text: 2000, outcome: 2000, answer: 1000, reference: 300, authority: 300 } as const;

// Requisitions and access requests as the service and the console see them, and the checks on what a person
// types. Pure.
import { VigieError } from '../core/errors.js';

export const REQUISITION_STATES = ['registered', 'validated', 'refused', 'extracted', 'handed-over', 'closed'] as const;
export type RequisitionState = (typeof REQUISITION_STATES)[number];
export const REQUISITION_STATE_NAMES: Readonly<Record<RequisitionState, string>> = {
  registered: 'enregistrée',
  validated: 'validée',
  refused: 'refusée',
  extracted: 'extraite',
  'handed-over': 'remise',
  closed: 'clôturée',
};
/** The states in which a requisition grants its investigator a scope (until its end date). */
export const GRANTING_STATES: readonly RequisitionState[] = ['validated', 'extracted', 'handed-over'];

/** An extension of a requisition's scope: pending until a room lead grants or refuses it. */
export const EXTENSION_STATES = ['pending', 'granted', 'refused'] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];
export const EXTENSION_STATE_NAMES: Readonly<Record<ExtensionState, string>> = { pending: 'en attente', granted: 'accordée', refused: 'refusée' };

export const ACCESS_REQUEST_STATES = ['registered', 'answered', 'closed'] as const;
export type AccessRequestState = (typeof ACCESS_REQUEST_STATES)[number];
export const ACCESS_REQUEST_STATE_NAMES: Readonly<Record<AccessRequestState, string>> = { registered: 'enregistrée', answered: 'répondue', closed: 'clôturée' };

export const OFFICER_QUALITIES = ['OPJ', 'APJ'] as const;
export type OfficerQuality = (typeof OFFICER_QUALITIES)[number];

/**
 * A procedure reference: the year and the procedure number (AAAA/NNNNN, 3 to 8 digits), optionally preceded by
 * the service's code (letters, digits, dashes), e.g. "2026/004512" or "BR-LYON 2026/004512".
 */
export const REFERENCE_PATTERN = /^(?:[A-Z0-9][A-Z0-9-]{1,19} )?(?:19|20)\d{2}\/\d{3,8}$/;

/** How long a scope may be granted, from its validation. */
export const MAX_SCOPE_MS = 90 * 24 * 3_600_000;
/** A citizen's access request is answered within one month (RGPD art. 12 §3). */
export const ACCESS_REQUEST_DEADLINE_DAYS = 30;

export interface Officer {
  readonly name: string;
  readonly quality: OfficerQuality;
  readonly service: string;
  readonly contact: string;
}

/** A camera of a requisition as people read it: its name and commune. */
export interface RequisitionCamera {
  readonly id: string;
  readonly name: string;
  readonly communeName: string;
}

export interface Requisition {
  readonly id: string;
  readonly reference: string;
  readonly officer: Officer;
  readonly legalBasis: string;
  readonly reason: string;
  readonly cameraIds: readonly string[];
  /** The names and communes of its cameras and of those its extensions ask for (a camera deleted since: absent). */
  readonly cameras: readonly RequisitionCamera[];
  readonly area: unknown;
  readonly fromMs: number;
  readonly toMs: number;
  readonly live: boolean;
  readonly investigatorId: string;
  readonly investigator: string;
  readonly state: RequisitionState;
  readonly holdId: string;
  readonly registeredBy: string;
  readonly registeredAt: number;
  readonly reviewedBy: string | null;
  readonly reviewedAt: number | null;
  readonly reviewNote: string | null;
  readonly scopeUntilMs: number | null;
  /** Every extension asked, oldest first (at most one pending). */
  readonly extensions: readonly RequisitionExtension[];
  readonly exportIds: readonly string[];
  readonly extractedBy: string | null;
  readonly extractedAt: number | null;
  readonly handover: { readonly handedBy: string; readonly handedAt: number; readonly receivedBy: string; readonly ackBy: string | null; readonly ackAt: number | null } | null;
  readonly closedBy: string | null;
  readonly closedAt: number | null;
}

/** A request to widen a requisition's scope: cameras added, the whole range asked, a later end date. */
export interface RequisitionExtension {
  readonly id: string;
  readonly addedCameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly untilMs: number | null;
  readonly reason: string;
  readonly holdId: string | null;
  readonly state: ExtensionState;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly decidedBy: string | null;
  readonly decidedAt: number | null;
  readonly decisionNote: string | null;
}

/** What an extension asks, as typed: each part optional, at least one of them beyond the current scope. */
export interface NewExtension {
  readonly cameraIds?: readonly string[] | undefined;
  readonly fromMs?: number | undefined;
  readonly toMs?: number | undefined;
  readonly untilMs?: number | undefined;
  readonly reason: unknown;
}

export interface NewRequisition {
  readonly reference: unknown;
  readonly officer: { readonly name?: unknown; readonly quality?: unknown; readonly service?: unknown; readonly contact?: unknown };
  readonly legalBasis: unknown;
  readonly reason: unknown;
  readonly cameraIds?: readonly string[] | undefined;
  readonly area?: unknown;
  readonly fromMs: number;
  readonly toMs: number;
  readonly live?: boolean | undefined;
  /** The investigator account the scope will be granted to (a room lead registering on his behalf); default: the caller. */
  readonly investigatorId?: string | undefined;
}

export interface AccessRequest {
  readonly id: string;
  readonly requesterName: string;
  readonly requesterContact: string;
  readonly description: string;
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly deadlineMs: number;
  readonly state: AccessRequestState;
  readonly holdId: string;
  readonly registeredBy: string;
  readonly registeredAt: number;
  readonly answer: 'viewing' | 'export' | null;
  readonly answerNote: string | null;
  readonly box: Box | null;
  readonly exportSha256: string | null;
  readonly answeredBy: string | null;
  readonly answeredAt: number | null;
  readonly closedBy: string | null;
  readonly closedAt: number | null;
}

/** A box on the picture, normalised to its width and height (0…1). */
export interface Box {
  readonly cameraId: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export function readReference(value: unknown): string {
  const text = typeof value === 'string' ? value.trim().toUpperCase().replace(/\s+/g, ' ') : '';
  if (!REFERENCE_PATTERN.test(text)) {
    throw new VigieError(
      'VIGIE_REQUISITION_REFERENCE_INVALID',
      'La référence de procédure doit avoir la forme AAAA/NNNNN (ex. 2026/004512), éventuellement précédée du code du service (ex. BR-LYON 2026/004512).',
      { status: 400, context: { field: 'reference' } },
    );
  }
  return text;
}

const FIELD_LABELS: Record<string, string> = {
  officerName: "le nom de l'officier requérant",
  officerService: 'le service requérant',
  officerContact: 'le contact du service requérant',
  legalBasis: 'le fondement juridique (ex. art. 60-1 ou 77-1-1 du code de procédure pénale)',
  reason: 'le motif',
  note: 'le motif',
  receivedBy: 'le nom de la personne qui reçoit le support',
  requesterName: 'le nom du demandeur',
  requesterContact: 'le contact du demandeur',
  description: 'la description (date, lieu, tenue)',
};

export function requireText(code: 'VIGIE_REQUISITION_FIELD_INVALID' | 'VIGIE_ACCESS_REQUEST_FIELD_INVALID', field: string, value: unknown, max = 2000): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || text.length > max) {
    throw new VigieError(code, `Indiquez ${FIELD_LABELS[field] ?? field} (${max} caractères au plus).`, { status: 400, context: { field, max } });
  }
  return text;
}

export function readQuality(value: unknown): OfficerQuality {
  if (value === 'OPJ' || value === 'APJ') return value;
  throw new VigieError('VIGIE_REQUISITION_FIELD_INVALID', "La qualité de l'officier requérant est OPJ ou APJ.", { status: 400, context: { field: 'officerQuality' } });
}

/** Two ranges share at least one instant. */
export function overlaps(a: { fromMs: number; toMs: number }, b: { fromMs: number; toMs: number }): boolean {
  return a.fromMs < b.toMs && b.fromMs < a.toMs;
}

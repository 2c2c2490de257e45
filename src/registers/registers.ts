// The registers a commission or the CNIL asks for, read from the capabilities that keep the facts (through
// their doors): accounts and habilitations, cameras and their authorisation and retention, holds, exports, the
// destruction register; masks and analytics are listed as registers too, empty until those functions exist, so
// a reader sees they were not forgotten. Each register is a title, French column names and rows of text.
import type { UserView } from '../access/index.js';
import { parisDay, parisInstant } from '../core/paris-time.js';
import type { ExportView } from '../export/index.js';
import { ACCESS_REQUEST_STATE_NAMES, EXTENSION_STATE_NAMES, REQUISITION_STATE_NAMES, type AccessRequest, type Requisition, type RequisitionExtension } from '../investigations/index.js';
import type { Destruction, Hold } from '../retention/index.js';
import type { Camera, CameraScope, Purpose } from '../territory/index.js';
import type { Journal } from '../journal/index.js';
import { RULES, type Activation } from '../alerts/index.js';

export const REGISTER_IDS = ['comptes', 'cameras', 'gels', 'exports', 'destructions', 'requisitions', 'demandes-acces', 'masques', 'analyses'] as const;
export type RegisterId = (typeof REGISTER_IDS)[number];

export interface Register {
  readonly id: RegisterId;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Why the register is empty when it is empty because of the product, not of the facts. */
  readonly inactive: string | null;
}

/** Where the facts come from (wired by main from access, territory, retention and export). */
export interface RegisterSources {
  accounts(): Promise<readonly UserView[]>;
  cameras(scope: CameraScope): Promise<readonly Camera[]>;
  holds(): Promise<readonly Hold[]>;
  exports(): Promise<readonly ExportView[]>;
  destructions(fromMs: number, toMs: number): Promise<readonly Destruction[]>;
  /** Judicial requisitions (src/investigations), every one of them. */
  requisitions(): Promise<readonly Requisition[]>;
  /** Citizens' access requests (RGPD art. 15, src/investigations); absent, the register says they are not active. */
  accessRequests?(): Promise<readonly AccessRequest[]>;
  /** Every change of a camera's privacy masks (src/masks, read from the journal); absent, masks are not active. */
  masks?(): Promise<readonly MaskChangeRecord[]>;
  /** Rule activations of algorithmic analysis (src/alerts), running and stopped; absent, analysis is not active. */
  analyses?(): Promise<readonly Activation[]>;
}

/** What a camera's masks were before or after a change (the journal's `mask.set` / `mask.remove` details). */
export interface MaskSummary {
  readonly space: string;
  readonly polygons: ReadonlyArray<ReadonlyArray<{ readonly x: number; readonly y: number }>>;
}

export interface MaskChangeRecord {
  readonly cameraId: string;
  readonly by: string;
  readonly atMs: number;
  readonly before: MaskSummary | null;
  readonly after: MaskSummary | null;
}

/** The masks' changes as the journal keeps them (each change journaled by the masks API with before and after). */
export async function maskChangesFromJournal(journal: Pick<Journal, 'query'>): Promise<MaskChangeRecord[]> {
  const pages = await Promise.all(['mask.set', 'mask.remove'].map((action) => journal.query({ action, outcome: 'allowed', limit: 1000 })));
  const summary = (value: unknown): MaskSummary | null => (typeof value === 'object' && value !== null && Array.isArray((value as MaskSummary).polygons) ? (value as MaskSummary) : null);
  return pages
    .flatMap((page) => page.entries)
    .filter((entry) => entry.target?.id !== undefined && (summary(entry.details['before']) !== null || summary(entry.details['after']) !== null))
    .sort((a, b) => b.timeMs - a.timeMs)
    .map((entry) => ({ cameraId: entry.target?.id ?? '', by: entry.actor?.username ?? 'Vigie', atMs: entry.timeMs, before: summary(entry.details['before']), after: summary(entry.details['after']) }));
}

/** « 2 zone(s) sur l’image fixe : (10 %, 20 %) (45 %, 20 %) … » — the zones and their corners, for a commission. */
function maskText(masks: MaskSummary | null): string {
  if (masks === null || masks.polygons.length === 0) return 'aucun masque';
  const angular = masks.space === 'angular';
  const corner = (p: { x: number; y: number }): string => (angular ? `(${p.x.toFixed(3)} ; ${p.y.toFixed(3)})` : `(${Math.round(p.x * 100)} % ; ${Math.round(p.y * 100)} %)`);
  const zones = masks.polygons.map((polygon, i) => `zone ${i + 1} : ${polygon.map(corner).join(' ')}`);
  return `${masks.polygons.length} zone(s) ${angular ? 'suivant les mouvements de la tourelle (coordonnées angulaires)' : 'sur l’image fixe (en % de l’image)'} — ${zones.join(' ; ')}`;
}

export interface RegisterPeriod {
  /** Destructions in [fromMs, toMs]. */
  readonly fromMs: number;
  readonly toMs: number;
}

const ROLE_NAMES: Readonly<Record<string, string>> = {
  operator: 'Opérateur',
  room_lead: 'Chef de salle',
  administrator: 'Administrateur',
  mayor: 'Maire / élu',
  municipal_police: 'Police municipale',
  investigator: 'Enquêteur',
  auditor: 'Auditeur',
};
const HOLD_KINDS: Readonly<Record<string, string>> = { 'judicial-requisition': 'réquisition judiciaire', 'access-request': 'demande d’accès', export: 'export' };
const CAUSES: Readonly<Record<string, string>> = { retention: 'durée de conservation échue', 'disk-full': 'disque plein' };
/** CSI L251-2, 1° to 11°, in the words of an authorisation. */
const PURPOSE_NAMES: Readonly<Record<Purpose, string>> = {
  'public-buildings': 'protection des bâtiments publics',
  'national-defence': 'défense nationale',
  'traffic-regulation': 'régulation du trafic',
  'traffic-offences': 'infractions routières',
  'crime-prevention': 'prévention des atteintes aux biens et aux personnes',
  'terrorism-prevention': 'prévention du terrorisme',
  'natural-risks': 'risques naturels ou technologiques',
  'rescue-and-fire': 'secours et défense contre l’incendie',
  'amusement-parks': 'sécurité des parcs d’attraction',
  'motor-insurance': 'respect de l’obligation d’assurance',
  'waste-dumping': 'dépôts sauvages de déchets',
};
const NOT_ACTIVE = 'Aucune — fonction non activée dans cette installation.';

export async function readRegister(id: RegisterId, sources: RegisterSources, scope: CameraScope, period: RegisterPeriod, nowMs: number): Promise<Register> {
  const cameras = await sources.cameras(scope);
  const visible = new Set(cameras.map((camera) => camera.id));
  const names = new Map(cameras.map((camera) => [camera.id, `${camera.name} (${camera.communeName})`]));
  const cameraText = (ids: readonly string[]) =>
    ids
      .filter((cameraId) => visible.has(cameraId))
      .map((cameraId) => names.get(cameraId) ?? cameraId)
      .join(' ; ');
  switch (id) {
    case 'comptes':
      return {
        id,
        title: 'Comptes et habilitations',
        columns: ['Identifiant', 'Nom', 'Rôle', 'Communes', 'Désigné par', 'Autorité', 'Référence', 'Valide du', 'Valide jusqu’au', 'Formation', 'État'],
        rows: (await sources.accounts()).map((user) => [
          user.username,
          user.displayName,
          ROLE_NAMES[user.role] ?? user.role,
          user.communes.join(', '),
          user.grantedBy,
          user.authority,
          user.reference,
          frenchDate(user.validFrom),
          frenchDate(user.validUntil),
          frenchDate(user.trainingDate),
          accountState(user, nowMs),
        ]),
        inactive: null,
      };
    case 'cameras':
      return {
        id,
        title: 'Caméras, autorisation et conservation',
        columns: ['Caméra', 'Commune', 'INSEE', 'Arrêté préfectoral', 'Autorisation jusqu’au', 'Finalités', 'Conservation (jours)', 'En service'],
        rows: cameras.map((camera) => [
          camera.name,
          camera.communeName,
          camera.communeInsee,
          camera.authorisation.reference ?? 'non renseigné',
          camera.authorisation.expiresOn === null ? 'non renseignée' : frenchDate(camera.authorisation.expiresOn),
          camera.purposes.map((purpose) => PURPOSE_NAMES[purpose] ?? purpose).join(' ; '),
          String(camera.retentionDays),
          camera.enabled ? 'oui' : 'non',
        ]),
        inactive: null,
      };
    case 'gels':
      return {
        id,
        title: 'Gels d’enregistrements (réquisitions, incidents)',
        columns: ['Référence', 'Motif', 'Nature', 'Caméras', 'Images du', 'au', 'Gel jusqu’au', 'Posé par', 'Posé le', 'Levé par', 'Levé le'],
        rows: (await sources.holds())
          .filter((hold) => hold.cameraIds.some((cameraId) => visible.has(cameraId)))
          .map((hold) => [
            hold.reference,
            hold.reason,
            HOLD_KINDS[hold.kind] ?? hold.kind,
            cameraText(hold.cameraIds),
            frenchInstant(hold.fromMs),
            frenchInstant(hold.toMs),
            frenchInstant(hold.expiresAt),
            hold.createdBy,
            frenchInstant(hold.createdAt),
            hold.releasedBy ?? '',
            hold.releasedAt === null ? '' : frenchInstant(hold.releasedAt),
          ]),
        inactive: null,
      };
    case 'exports':
      return {
        id,
        title: 'Exports et remises d’images',
        columns: ['Référence', 'Motif', 'Caméra', 'Images du', 'au', 'Demandé par', 'Demandé le', 'État', 'Terminé le', 'Taille (octets)'],
        rows: (await sources.exports())
          .filter((row) => visible.has(row.camera_id))
          .map((row) => [
            row.reference,
            row.reason,
            cameraText([row.camera_id]),
            frenchInstant(row.from_ms),
            frenchInstant(row.to_ms),
            row.requested_by,
            frenchInstant(row.created_at),
            { running: 'en cours', done: 'terminé', failed: 'en échec' }[row.status],
            row.finished_at === null ? '' : frenchInstant(row.finished_at),
            row.bytes === null ? '' : String(row.bytes),
          ]),
        inactive: null,
      };
    case 'destructions':
      return {
        id,
        title: 'Destructions d’enregistrements',
        columns: ['Caméra', 'Flux', 'Images du', 'au', 'Segments', 'Octets', 'Cause', 'Détruit le'],
        rows: (await sources.destructions(period.fromMs, period.toMs))
          .filter((row) => visible.has(row.camera_id))
          .map((row) => [
            cameraText([row.camera_id]),
            row.stream,
            frenchInstant(row.from_ms),
            frenchInstant(row.to_ms),
            String(row.segments),
            String(row.bytes),
            CAUSES[row.cause] ?? row.cause,
            frenchInstant(row.destroyed_at),
          ]),
        inactive: null,
      };
    case 'requisitions':
      return {
        id,
        title: 'Réquisitions judiciaires',
        columns: [
          'Référence',
          'Requérant',
          'Fondement',
          'Enquêteur',
          'Caméras',
          'Images du',
          'au',
          'Enregistrée le',
          'par',
          'Décision',
          'Accès jusqu’au',
          'Extensions',
          'Remise',
          'État',
          'Clôturée le',
        ],
        rows: (await sources.requisitions())
          .filter((requisition) => requisition.cameraIds.some((cameraId) => visible.has(cameraId)))
          .map((requisition) => [
            requisition.reference,
            `${requisition.officer.quality} ${requisition.officer.name}, ${requisition.officer.service}`,
            requisition.legalBasis,
            requisition.investigator,
            cameraText(requisition.cameraIds),
            frenchInstant(requisition.fromMs),
            frenchInstant(requisition.toMs),
            frenchInstant(requisition.registeredAt),
            // The investigator himself, or the room lead who registered it on his behalf.
            requisition.registeredBy,
            requisition.reviewedAt === null ? '' : `${requisition.state === 'refused' ? 'refusée' : 'validée'} par ${requisition.reviewedBy ?? ''} le ${frenchInstant(requisition.reviewedAt)}`,
            requisition.scopeUntilMs === null ? '' : frenchInstant(requisition.scopeUntilMs),
            requisition.extensions.map((extension) => extensionText(extension, cameraText)).join(' ; '),
            requisition.handover === null
              ? ''
              : `par ${requisition.handover.handedBy} à ${requisition.handover.receivedBy} le ${frenchInstant(requisition.handover.handedAt)}${requisition.handover.ackAt === null ? ' (non acquittée)' : ', acquittée'}`,
            REQUISITION_STATE_NAMES[requisition.state],
            requisition.closedAt === null ? '' : frenchInstant(requisition.closedAt),
          ]),
        inactive: null,
      };
    case 'demandes-acces': {
      const title = 'Demandes d’accès aux images (RGPD art. 15)';
      const columns = ['Demandeur', 'Contact', 'Description', 'Caméras', 'Images du', 'au', 'Enregistrée le', 'par', 'Échéance', 'Réponse', 'État', 'Clôturée le'];
      if (sources.accessRequests === undefined) return { id, title, columns, rows: [], inactive: NOT_ACTIVE };
      const answerText = (item: AccessRequest): string =>
        item.answeredAt === null
          ? item.state === 'registered' && item.deadlineMs < nowMs
            ? 'en retard'
            : ''
          : `${item.answer === 'export' ? 'export flouté' : 'visionnage accompagné'} par ${item.answeredBy ?? ''} le ${frenchInstant(item.answeredAt)}${item.exportSha256 === null ? '' : ` (SHA-256 ${item.exportSha256})`}`;
      const rows = (await sources.accessRequests())
        .filter((item) => item.cameraIds.some((cameraId) => visible.has(cameraId)))
        .sort((a, b) => a.registeredAt - b.registeredAt)
        .map((item) => [
          item.requesterName,
          item.requesterContact,
          item.description,
          cameraText(item.cameraIds),
          frenchInstant(item.fromMs),
          frenchInstant(item.toMs),
          frenchInstant(item.registeredAt),
          item.registeredBy,
          frenchInstant(item.deadlineMs),
          answerText(item),
          ACCESS_REQUEST_STATE_NAMES[item.state],
          item.closedAt === null ? '' : frenchInstant(item.closedAt),
        ]);
      return { id, title, columns, rows, inactive: null };
    }
    case 'masques': {
      const title = 'Modifications des masques de confidentialité';
      const columns = ['Caméra', 'Modifié par', 'Le', 'Avant', 'Après'];
      if (sources.masks === undefined) return { id, title, columns, rows: [], inactive: NOT_ACTIVE };
      const changes = (await sources.masks()).filter((change) => visible.has(change.cameraId));
      return {
        id,
        title,
        columns,
        rows: changes.map((change) => [names.get(change.cameraId) ?? change.cameraId, change.by, frenchInstant(change.atMs), maskText(change.before), maskText(change.after)]),
        inactive: null,
      };
    }
    case 'analyses': {
      const title = 'Activations d’analyses automatisées';
      const columns = ['Caméra', 'Analyse', 'Activée par', 'Du', 'Au'];
      if (sources.analyses === undefined) return { id, title, columns, rows: [], inactive: NOT_ACTIVE };
      const activations = (await sources.analyses()).filter((a) => visible.has(a.cameraId));
      const until = (a: Activation): string =>
        a.stoppedAt === null ? 'en cours' : `${frenchInstant(a.stoppedAt)} (${a.stopCause === 'expired' ? 'base légale expirée' : `arrêtée par ${a.stoppedBy ?? ''}`})`;
      return { id, title, columns, rows: activations.map((a) => [a.cameraId, RULES[a.rule]?.label ?? a.rule, a.createdBy, frenchInstant(a.createdAt), until(a)]), inactive: null };
    }
  }
}

function accountState(user: UserView, nowMs: number): string {
  if (user.disabled) return 'désactivé';
  if (user.validFrom !== null && Date.parse(user.validFrom) > nowMs) return 'pas encore valide';
  if (user.validUntil !== null && Date.parse(user.validUntil) < nowMs) return 'habilitation échue';
  return 'actif';
}

/** JJ/MM/AAAA of an ISO date or date-time (a calendar date stays that date); empty for null. */
function frenchDate(iso: string | null): string {
  if (iso === null) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  return parisDay(Date.parse(iso));
}

/** JJ/MM/AAAA HH:MM (a register line needs no seconds). */
/** One extension of a requisition in its register: what was asked, by whom, when, and what became of it. */
function extensionText(extension: RequisitionExtension, cameraText: (ids: readonly string[]) => string): string {
  const asked = [
    extension.addedCameraIds.length > 0 ? `caméras ${cameraText(extension.addedCameraIds)}` : '',
    `images du ${frenchInstant(extension.fromMs)} au ${frenchInstant(extension.toMs)}`,
    extension.untilMs === null ? '' : `accès jusqu’au ${frenchInstant(extension.untilMs)}`,
  ].filter((part) => part !== '');
  const decided =
    extension.decidedAt === null ? '' : ` par ${extension.decidedBy ?? ''} le ${frenchInstant(extension.decidedAt)}${extension.decisionNote === null ? '' : ` (${extension.decisionNote})`}`;
  return `demandée par ${extension.requestedBy} le ${frenchInstant(extension.requestedAt)} : ${asked.join(', ')} — motif : ${extension.reason} — ${EXTENSION_STATE_NAMES[extension.state]}${decided}`;
}

function frenchInstant(ms: number): string {
  return parisInstant(ms).slice(0, -3);
}

// French wording of the room lead's pages (holds, exports, destructions, storage): sizes, durations, hold
// kinds, storage notices, and the sentence shown for each error code the retention and export routes answer.
// No DOM here: the wording is unit-tested under Node.
import { ApiError } from '../api/api-error.js';
import { formatParisDateTime, parseFrenchDateTime } from '../time/paris.js';

export const HOLD_KINDS: Readonly<Record<string, string>> = {
  'judicial-requisition': 'Réquisition judiciaire',
  'access-request': 'Demande d’accès',
  export: 'Préparation d’un export',
};

export const DESTRUCTION_CAUSES: Readonly<Record<string, string>> = {
  retention: 'Fin de la durée de conservation',
  'disk-full': 'Disque plein',
};

export const EXPORT_STATES: Readonly<Record<string, string>> = {
  running: 'En préparation',
  done: 'Prêt',
  failed: 'Échec',
};

const decimal = (value: number, digits: number): string => value.toLocaleString('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** Octets en Go / To / Mo, à la française (virgule décimale). */
export function frenchBytes(bytes: number): string {
  if (bytes >= 1e12) return `${decimal(bytes / 1e12, 2)} To`;
  if (bytes >= 1e9) return `${decimal(bytes / 1e9, 1)} Go`;
  if (bytes >= 1e6) return `${decimal(bytes / 1e6, 0)} Mo`;
  if (bytes >= 1e3) return `${decimal(bytes / 1e3, 0)} ko`;
  return `${bytes} octet${bytes > 1 ? 's' : ''}`;
}

/** « 3,5 jours », « 6 h », « moins d’une heure ». */
export function frenchDays(days: number): string {
  if (days >= 1) return `${decimal(days, 1)} jour${days >= 2 ? 's' : ''}`;
  const hours = Math.floor(days * 24);
  return hours >= 1 ? `${hours} h` : 'moins d’une heure';
}

/** « JJ/MM/AAAA HH:MM:SS » typed in one field; NaN when it is not that. */
export function parseFrenchInstant(text: string): number {
  const [date = '', time = '00:00:00'] = text.trim().split(/\s+/);
  return parseFrenchDateTime(date, time.length === 5 ? `${time}:00` : time);
}

export const frenchInstant = (ms: number): string => formatParisDateTime(ms);

export interface StorageNoticeShape {
  readonly kind: string;
  readonly cameraName?: string;
  readonly daysAvailable?: number;
  readonly retentionDays?: number;
  readonly cause?: string;
  readonly volume?: string;
  readonly freeBytes?: number;
  readonly capacityBytes?: number;
}

/** One live notice in French (header and storage page). */
export function noticeText(notice: StorageNoticeShape): string {
  if (notice.kind === 'volume-near-full') return `Volume ${notice.volume ?? ''} presque plein : ${frenchBytes(notice.freeBytes ?? 0)} libres sur ${frenchBytes(notice.capacityBytes ?? 0)}.`;
  const why = notice.cause === 'forecast' ? 'le disque sera plein avant' : 'des images plus récentes que la durée de conservation ont été détruites faute de place';
  return `${notice.cameraName ?? 'Une caméra'} conserve ${frenchDays(notice.daysAvailable ?? 0)} d’images pour ${notice.retentionDays ?? '?'} jours prévus : ${why}.`;
}

/** The header's one line: how many cameras are under their retention (named, up to four) and which volumes are near full. */
export function noticesSummary(notices: readonly StorageNoticeShape[], retentionMet: boolean): string[] {
  const cameras = notices.filter((n) => n.kind === 'under-retention').map((n) => n.cameraName ?? '?');
  const volumes = notices.filter((n) => n.kind === 'volume-near-full').map((n) => n.volume ?? '?');
  const lines: string[] = [];
  if (cameras.length > 0)
    lines.push(
      `${cameras.length === 1 ? '1 caméra enregistre' : `${cameras.length} caméras enregistrent`} moins que ${cameras.length === 1 ? 'sa' : 'leur'} durée de conservation : ${cameras.slice(0, 4).join(', ')}${cameras.length > 4 ? '…' : ''}.`,
    );
  if (volumes.length > 0) lines.push(`Volume${volumes.length > 1 ? 's' : ''} presque plein${volumes.length > 1 ? 's' : ''} : ${volumes.join(', ')}.`);
  if (!retentionMet && cameras.length === 0) lines.push('Durée de conservation non tenue : le disque a manqué de place.');
  return lines;
}

const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_HOLD_INVALID: 'Gel refusé : choisissez au moins une caméra, une période qui se termine après son début et une échéance future (une prolongation doit reculer l’échéance).',
  VIGIE_HOLD_NO_FOOTAGE: 'Gel impossible : aucune de ces caméras n’a d’images sur cette période (jamais enregistrées, ou déjà détruites à la fin de leur durée de conservation).',
  VIGIE_HOLD_NOT_FOUND: 'Ce gel n’existe plus.',
  VIGIE_HOLD_RELEASED: 'Ce gel a été levé : il ne peut plus être prolongé.',
  VIGIE_EXPORT_RANGE: 'Période d’export invalide : elle doit se terminer après son début et couvrir 24 heures au plus (faites plusieurs exports).',
  VIGIE_NO_FOOTAGE: 'Aucune image enregistrée pour cette caméra sur cette période.',
  VIGIE_EXPORT_NOT_FOUND: 'Cet export n’existe pas.',
  VIGIE_EXPORT_FILE_NOT_FOUND: 'Le paquet n’est pas encore prêt, ou ce fichier n’en fait pas partie.',
  VIGIE_CAMERA_NOT_FOUND: 'Cette caméra n’existe pas (ou plus).',
  VIGIE_BAD_INSTANT: 'Date ou heure invalide : saisissez JJ/MM/AAAA HH:MM:SS (24 h).',
  VIGIE_VALIDATION_FAILED: 'Formulaire incomplet : renseignez tous les champs demandés.',
};

/** The French sentence for a failed call; never the server's own text. */
export function retentionErrorText(error: unknown, doing: string): string {
  if (error instanceof ApiError) {
    const known = MESSAGES[error.code];
    if (known !== undefined) return known;
    if (error.status === 403) return `${doing} : votre rôle ou votre périmètre ne le permet pas.`;
    if (error.status === 0) return `${doing} : serveur Vigie injoignable. Réessayez dans un instant.`;
    if (error.status === 400) return `${doing} : formulaire incomplet ou invalide. Vérifiez les champs.`;
  }
  return `${doing} : échec inattendu. Réessayez ; si cela persiste, prévenez l’administrateur.`;
}

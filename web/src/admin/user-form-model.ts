// The account form's fields as typed (French dates JJ/MM/AAAA, 24 h times) and their conversion to the API's
// body, with the checks the console can make before sending (the server checks them again).
import type { UserAccount } from '../api/contracts.js';
import { formatParisTime, parisDateFr, parseFrenchDateTime } from '../time/paris.js';

export interface UserDraft {
  username: string;
  displayName: string;
  role: string;
  communes: string[];
  password: string;
  grantedBy: string;
  authority: string;
  reference: string;
  fromDate: string;
  fromTime: string;
  untilDate: string;
  untilTime: string;
  trainingDate: string;
}

export const COMMUNE_ROLES = ['mayor', 'municipal_police'];
export const AUTHORITIES = ['Autorisation préfectorale', 'Désignation du maire', 'Arrêté du président de la métropole', 'Décision du chef de service'];

export function emptyDraft(): UserDraft {
  return {
    username: '',
    displayName: '',
    role: 'operator',
    communes: [],
    password: '',
    grantedBy: '',
    authority: '',
    reference: '',
    fromDate: '',
    fromTime: '',
    untilDate: '',
    untilTime: '',
    trainingDate: '',
  };
}

const dateOf = (iso: string | null): string => (iso === null ? '' : parisDateFr(Date.parse(iso)));
const timeOf = (iso: string | null): string => (iso === null ? '' : formatParisTime(Date.parse(iso)));

export function draftOf(user: UserAccount): UserDraft {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    communes: [...user.communes],
    password: '',
    grantedBy: user.grantedBy,
    authority: user.authority,
    reference: user.reference,
    fromDate: dateOf(user.validFrom),
    fromTime: timeOf(user.validFrom),
    untilDate: dateOf(user.validUntil),
    untilTime: timeOf(user.validUntil),
    trainingDate: dateOf(user.trainingDate),
  };
}

export type FieldErrors = Partial<Record<keyof UserDraft, string>>;

/** ISO instant of a typed date (and time, midnight by default); null when left empty; NaN-free. */
function instant(date: string, time: string, endOfDay: boolean): { iso: string | null } | { error: string } {
  if (date.trim() === '') return { iso: null };
  const ms = parseFrenchDateTime(date, time.trim() === '' ? (endOfDay ? '23:59:59' : '00:00') : time);
  if (!Number.isFinite(ms)) return { error: 'Date ou heure invalide : écrivez JJ/MM/AAAA et HH:MM (24 h).' };
  return { iso: new Date(ms).toISOString() };
}

/** The API body of a draft, or the fields at fault in French. `creating`: username and password are sent. */
export function bodyOf(draft: UserDraft, creating: boolean): { body: Record<string, unknown> } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const from = instant(draft.fromDate, draft.fromTime, false);
  const until = instant(draft.untilDate, draft.untilTime, true);
  const training = instant(draft.trainingDate, '', false);
  if ('error' in from) errors.fromDate = from.error;
  if ('error' in until) errors.untilDate = until.error;
  if ('error' in training) errors.trainingDate = training.error;
  if ('iso' in from && 'iso' in until && from.iso !== null && until.iso !== null && Date.parse(until.iso) <= Date.parse(from.iso)) {
    errors.untilDate = 'La fin de l’habilitation doit être postérieure à son début.';
  }
  if (creating && draft.username.trim() === '') errors.username = 'Identifiant obligatoire.';
  if (creating && draft.password === '') errors.password = 'Mot de passe initial obligatoire.';
  if (COMMUNE_ROLES.includes(draft.role) && draft.communes.length === 0) errors.communes = 'Choisissez au moins une commune pour ce rôle.';
  if (Object.keys(errors).length > 0 || !('iso' in from) || !('iso' in until) || !('iso' in training)) return { errors };
  const body: Record<string, unknown> = {
    role: draft.role,
    communes: COMMUNE_ROLES.includes(draft.role) ? draft.communes : [],
    grantedBy: draft.grantedBy.trim(),
    authority: draft.authority.trim(),
    reference: draft.reference.trim(),
    validFrom: from.iso,
    validUntil: until.iso,
    trainingDate: training.iso,
    ...(draft.displayName.trim() === '' ? {} : { displayName: draft.displayName.trim() }),
    ...(creating ? { username: draft.username.trim().toLowerCase(), password: draft.password } : {}),
  };
  return { body };
}

/** Where a habilitation stands, for its badge. */
export function habilitationState(user: UserAccount, nowMs: number): 'disabled' | 'expired' | 'expiring' | 'future' | 'valid' {
  if (user.disabled) return 'disabled';
  const until = user.validUntil === null ? null : Date.parse(user.validUntil);
  if (until !== null && until <= nowMs) return 'expired';
  if (user.validFrom !== null && Date.parse(user.validFrom) > nowMs) return 'future';
  if (until !== null && until - nowMs <= 30 * 24 * 3600 * 1000) return 'expiring';
  return 'valid';
}

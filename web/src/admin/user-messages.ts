// French sentences for the account administration's error codes, and the form field each one points at.
import { ApiError } from '../api/api-error.js';
import type { UserDraft } from './user-form-model.js';

const MESSAGES: Readonly<Record<string, { text: string; field?: keyof UserDraft }>> = {
  VIGIE_HABILITATION_INVALID: { text: 'La fin de l’habilitation doit être postérieure à son début.', field: 'untilDate' },
  VIGIE_USERNAME_INVALID: { text: 'Identifiant invalide : 2 à 64 caractères, minuscules, chiffres, « . », « _ » ou « - ».', field: 'username' },
  VIGIE_USERNAME_TAKEN: { text: 'Cet identifiant est déjà pris.', field: 'username' },
  VIGIE_PASSWORD_WEAK: { text: 'Mot de passe trop faible : une phrase d’au moins 12 caractères, difficile à deviner.', field: 'password' },
  VIGIE_COMMUNE_REQUIRED: { text: 'Choisissez au moins une commune pour ce rôle.', field: 'communes' },
  VIGIE_COMMUNE_UNKNOWN: { text: 'Une commune choisie n’existe pas dans le territoire.', field: 'communes' },
  VIGIE_COMMUNE_NOT_APPLICABLE: { text: 'Seuls les maires et la police municipale sont limités à des communes.', field: 'communes' },
  VIGIE_LAST_ADMINISTRATOR: { text: 'C’est le dernier administrateur actif : créez-en un autre d’abord.' },
  VIGIE_USER_NOT_FOUND: { text: 'Ce compte n’existe plus (supprimé entre-temps).' },
  VIGIE_VALIDATION_FAILED: { text: 'Saisie invalide : vérifiez les champs.' },
  VIGIE_FORBIDDEN: { text: 'Action refusée : réservée aux administrateurs.' },
};

export function userErrorOf(error: unknown): { text: string; field?: keyof UserDraft } {
  if (!(error instanceof ApiError)) return { text: 'Opération impossible.' };
  if (error.status === 0) return { text: error.message };
  return MESSAGES[error.code] ?? { text: `Opération refusée par le serveur (${error.status}).` };
}

// French sentences for the errors of a person's own account pages (password change, second factor).
import { ApiError } from '../api/api-error.js';

const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_PASSWORD_WRONG: 'Le mot de passe actuel est incorrect.',
  VIGIE_PASSWORD_UNCHANGED: 'Le nouveau mot de passe doit être différent de l’actuel.',
  VIGIE_PASSWORD_WEAK: 'Mot de passe trop faible : choisissez une phrase d’au moins 12 caractères, difficile à deviner (pas votre nom ni votre identifiant).',
  VIGIE_SECOND_FACTOR_INVALID: 'Code incorrect ou expiré : saisissez le code affiché maintenant par l’application.',
  VIGIE_SECOND_FACTOR_DISABLED: 'La double authentification est désactivée sur cette installation.',
  VIGIE_VALIDATION_FAILED: 'Saisie incomplète ou invalide.',
  VIGIE_LOGIN_THROTTLED: 'Trop de tentatives : réessayez plus tard.',
};

export function accountErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Opération impossible.';
  if (error.status === 0) return error.message;
  return MESSAGES[error.code] ?? `Opération refusée par le serveur (${error.status}).`;
}

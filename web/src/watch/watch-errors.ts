// What the console says when the server refuses something about a live-watch request: one French sentence per
// error code (never the server's own text).
import { ApiError } from '../api/api-error.js';

const FIELD_MESSAGES: Readonly<Record<string, string>> = {
  event: 'Indiquez l’événement (200 caractères au plus).',
  contact: 'Indiquez un contact joignable pendant le visionnage (200 caractères au plus).',
  reason: 'Indiquez le motif (2 000 caractères au plus pour une demande, 1 000 pour un refus).',
  note: 'La note est trop longue (1 000 caractères au plus).',
  cameras: 'Une demande porte sur 64 caméras au plus.',
  state: 'Filtre d’état inconnu.',
};

const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_WATCH_WINDOW_INVALID: 'La fin du créneau doit être postérieure à son début.',
  VIGIE_WATCH_WINDOW_PAST: 'Le créneau est entièrement passé : choisissez une fin à venir.',
  VIGIE_WATCH_WINDOW_TOO_LONG: 'Un créneau de visionnage dure 7 jours au plus.',
  VIGIE_WATCH_PLACE_MISSING: 'Choisissez au moins une caméra.',
  VIGIE_WATCH_AREA_INVALID: 'La zone dessinée n’est pas un polygone valide.',
  VIGIE_WATCH_AREA_EMPTY: 'Aucune caméra de votre commune ne se trouve dans cette zone.',
  VIGIE_WATCH_COMMUNE_REFUSED: 'Vous ne pouvez demander un visionnage que pour votre commune.',
  VIGIE_WATCH_CAMERA_REFUSED: 'Une des caméras choisies n’appartient pas à votre commune.',
  VIGIE_WATCH_CAMERA_NOT_IN_COMMUNE: 'Une des caméras choisies n’est pas dans la commune de la demande.',
  VIGIE_WATCH_MONITOR_UNKNOWN: 'Ce moniteur du mur n’existe pas (ou aucun mur n’est configuré).',
  VIGIE_WATCH_NOT_FOUND: 'Cette demande n’existe pas ou ne vous est pas accessible.',
  VIGIE_WATCH_STATE: 'Cette demande a changé d’état entre-temps ; la liste vient d’être mise à jour.',
  VIGIE_VALIDATION_FAILED: 'Demande mal formée : vérifiez les champs.',
};

export function watchErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'L’opération a échoué de manière inattendue.';
  if (error.code === 'VIGIE_WATCH_FIELD_INVALID') {
    const field = typeof error.details['field'] === 'string' ? error.details['field'] : '';
    return FIELD_MESSAGES[field] ?? 'Un champ de la demande est vide ou trop long.';
  }
  const known = MESSAGES[error.code];
  if (known !== undefined) return known;
  if (error.status === 0) return 'Serveur Vigie injoignable : vérifiez le réseau puis réessayez.';
  if (error.status === 401) return 'Votre session a expiré : reconnectez-vous.';
  if (error.status === 403) return 'Votre rôle ne permet pas cette opération.';
  return `L’opération a échoué (erreur ${error.status}).`;
}

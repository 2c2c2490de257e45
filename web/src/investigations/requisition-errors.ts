// What the console says when the server refuses something about a requisition. The investigations capability
// writes its refusals in French for the people who read them (docs/errors.md), so those are shown as they are;
// anything else gets a sentence of the console's own.
import { ApiError } from '../api/api-error.js';

/** The refusals written in French by the investigations capability (docs/errors.md, section investigations). */
const FRENCH_CODES: ReadonlySet<string> = new Set([
  'VIGIE_REQUISITION_REFERENCE_INVALID',
  'VIGIE_REQUISITION_FIELD_INVALID',
  'VIGIE_REQUISITION_RANGE_INVALID',
  'VIGIE_REQUISITION_BEYOND_RETENTION',
  'VIGIE_REQUISITION_FOOTAGE_DESTROYED',
  'VIGIE_REQUISITION_PLACE_MISSING',
  'VIGIE_REQUISITION_AREA_INVALID',
  'VIGIE_REQUISITION_CAMERA_UNKNOWN',
  'VIGIE_REQUISITION_OVERLAP',
  'VIGIE_REQUISITION_INVESTIGATOR_INVALID',
  'VIGIE_REQUISITION_NOT_FOUND',
  'VIGIE_REQUISITION_STATE',
  'VIGIE_REQUISITION_SCOPE_EXPIRED',
  'VIGIE_REQUISITION_EXTENSION_EMPTY',
  'VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE',
  'VIGIE_REQUISITION_BOOKMARK_NOT_FOUND',
  'VIGIE_ACCESS_REQUEST_FIELD_INVALID',
  'VIGIE_ACCESS_REQUEST_NOT_FOUND',
  'VIGIE_ACCESS_REQUEST_STATE',
  'VIGIE_ACCESS_REQUEST_BOX_INVALID',
]);

export function requisitionErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'L’opération a échoué de manière inattendue.';
  if (FRENCH_CODES.has(error.code) && error.message !== '') return error.message;
  if (error.code === 'VIGIE_VALIDATION_FAILED') return 'Demande mal formée : vérifiez les champs.';
  if (error.status === 0) return 'Serveur Vigie injoignable : vérifiez le réseau puis réessayez.';
  if (error.status === 401) return 'Votre session a expiré : reconnectez-vous.';
  if (error.status === 403) return 'Votre rôle ne permet pas cette opération.';
  return 'Le serveur a refusé l’opération ; réessayez ou prévenez l’administrateur.';
}

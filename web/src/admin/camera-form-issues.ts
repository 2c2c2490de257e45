// Why the server refused a camera form, as French sentences tied to the field at fault, so that the form shows
// each one beside its field (and all of them above its button). Never the server's English text or codes.
import { ApiError } from '../api/api-error.js';
import { explainIssue } from './estate-labels.js';

export interface FormIssue {
  /** The form field at fault (the API's field name), or '' when the refusal is about the whole form. */
  readonly field: string;
  readonly text: string;
}

/** `blank(field)`: whether the form left that field empty, so a schema refusal reads "missing" rather than "invalid". */
export function refusalIssues(failure: unknown, blank: (field: string) => boolean): FormIssue[] {
  if (!(failure instanceof ApiError)) return [{ field: '', text: 'L’enregistrement a échoué (erreur du serveur) : rien n’a été enregistré.' }];
  const listed = Array.isArray(failure.details['errors']) ? (failure.details['errors'] as Array<Record<string, unknown>>) : [];
  if (listed.length > 0) return listed.map((e) => issue(String(e['field'] ?? ''), typeof e['reason'] === 'string' ? e['reason'] : undefined));
  if (failure.code === 'VIGIE_NAME_TAKEN') return [{ field: 'name', text: 'Nom : une autre caméra porte déjà ce nom (le nom identifie la caméra).' }];
  if (failure.code === 'VIGIE_RETENTION_ABOVE_LEGAL_CAP') return [issue('retentionDays', 'retention-above-cap')];
  // The route's schema (a number field left empty or not a number) names the field in its own terms.
  if (failure.code === 'VIGIE_VALIDATION_FAILED') {
    const schemaIssues = (Array.isArray(failure.details) ? (failure.details as unknown[]) : []).flatMap((entry) => schemaIssue(entry, blank));
    if (schemaIssues.length > 0) return schemaIssues;
  }
  if (failure.status === 400) return [{ field: '', text: 'Un champ est invalide : vérifiez les valeurs saisies.' }];
  if (failure.status === 401) return [{ field: '', text: 'Votre session a pris fin : reconnectez-vous, rien n’a été enregistré.' }];
  if (failure.status === 403) return [{ field: '', text: 'Votre rôle ne permet pas de modifier les caméras.' }];
  if (failure.status === 0) return [{ field: '', text: 'Serveur Vigie injoignable : rien n’a été enregistré.' }];
  return [{ field: '', text: 'L’enregistrement a échoué (erreur du serveur) : rien n’a été enregistré.' }];
}

const issue = (field: string, reason: string | undefined): FormIssue => ({ field, text: explainIssue(field, reason) });

function schemaIssue(entry: unknown, blank: (field: string) => boolean): FormIssue[] {
  if (typeof entry !== 'object' || entry === null) return [];
  const { instancePath, params } = entry as { instancePath?: unknown; params?: { missingProperty?: unknown } };
  const path = typeof instancePath === 'string' ? instancePath.split('/').filter((p) => p !== '') : [];
  if (typeof params?.missingProperty === 'string') path.push(params.missingProperty);
  const field = path.join('.');
  if (field === '') return [];
  return [issue(field, blank(field) ? 'required' : 'invalid')];
}

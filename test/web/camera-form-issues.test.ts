// The camera form's refusals in French, each tied to its field (web/src/admin/camera-form-issues.ts): the
// territory's field list, a name already used, the route schema's own refusals, and never the server's text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../web/src/api/api-error.js';
import { refusalIssues } from '../../web/src/admin/camera-form-issues.js';

const nothingBlank = (): boolean => false;

test('each issue the territory lists is said in French under its field', () => {
  const failure = new ApiError(400, 'VIGIE_TERRITORY_INVALID', 'commune: is required', {
    errors: [
      { field: 'commune', message: 'is required', reason: 'required' },
      { field: 'lat', message: 'position 40.1, -30 is outside France', reason: 'outside-france' },
      { field: 'retentionDays', message: '45 days exceeds the legal cap', reason: 'retention-above-cap' },
    ],
  });
  const issues = refusalIssues(failure, nothingBlank);
  assert.deepEqual(
    issues.map((i) => i.field),
    ['commune', 'lat', 'retentionDays'],
  );
  assert.match(issues[0]?.text ?? '', /^Commune \(code INSEE\) : valeur obligatoire manquante$/);
  assert.match(issues[1]?.text ?? '', /hors de France/);
  assert.match(issues[2]?.text ?? '', /supérieure à 30 jours/);
  assert.doesNotMatch(issues.map((i) => i.text).join(' '), /outside|exceeds|required|VIGIE_/);
});

test('a name already used is the name field’s issue', () => {
  assert.deepEqual(
    refusalIssues(new ApiError(409, 'VIGIE_NAME_TAKEN', 'a camera named "X" already exists', { kind: 'camera', name: 'X' }), nothingBlank).map((i) => i.field),
    ['name'],
  );
});

test('a schema refusal names the field: missing when the form left it empty, invalid otherwise', () => {
  const schema = (path: string) => new ApiError(400, 'VIGIE_VALIDATION_FAILED', 'body/lat must be number', [{ instancePath: path, keyword: 'type', params: {} }] as never);
  assert.deepEqual(
    refusalIssues(schema('/lat'), (field) => field === 'lat'),
    [{ field: 'lat', text: 'Position : valeur obligatoire manquante' }],
  );
  assert.deepEqual(refusalIssues(schema('/lon'), nothingBlank), [{ field: 'lon', text: 'Longitude : valeur invalide' }]);
  const missing = new ApiError(400, 'VIGIE_VALIDATION_FAILED', "body must have required property 'mainUrl'", [
    { instancePath: '', keyword: 'required', params: { missingProperty: 'mainUrl' } },
  ] as never);
  assert.deepEqual(
    refusalIssues(missing, () => true),
    [{ field: 'mainUrl', text: 'Flux principal : valeur obligatoire manquante' }],
  );
});

test('other failures are one French sentence for the whole form', () => {
  assert.deepEqual(refusalIssues(new ApiError(0, 'NETWORK', 'Serveur Vigie injoignable.'), nothingBlank), [{ field: '', text: 'Serveur Vigie injoignable : rien n’a été enregistré.' }]);
  assert.equal(refusalIssues(new ApiError(403, 'VIGIE_FORBIDDEN', 'no'), nothingBlank)[0]?.text, 'Votre rôle ne permet pas de modifier les caméras.');
  assert.equal(refusalIssues(new Error('boom'), nothingBlank)[0]?.field, '');
});

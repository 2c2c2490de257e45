// The French the « Analyse algorithmique » page shows: why a rule in service does not analyse (never the runner's
// raw error), the API's refusals, the last valid day of a basis and the false-alarm rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../web/src/api/api-error.js';
import { activationState, analyticsErrorMessage, falseAlarmText, lastDay } from '../../web/src/analytics/analytics-model.js';
import { parisToUtc } from '../../web/src/time/paris.js';

test('a rule in service says in plain French how its analysis is doing, whatever the runner wrote', () => {
  const text = (analysis: Parameters<typeof activationState>[0]): string => activationState(analysis).text;
  assert.deepEqual(activationState({ running: true }), { text: 'En service', tone: 'ok' });
  assert.deepEqual(activationState({ running: false, reason: "L'analyse démarre." }), { text: 'Démarrage — l’analyse commence dans quelques secondes.', tone: 'pending' });
  assert.match(text(null), /^À l’arrêt — Le module d’analyse n’est pas démarré/);
  assert.equal(text({ running: false, reason: "L'analyse n'est pas activée sur cette caméra." }), 'À l’arrêt — L’analyse n’est pas encore lancée sur cette caméra.');
  const detector = activationState({ running: false, reason: "L'analyse est arrêtée : Error: model load failed at /opt/x.json. Nouvel essai dans 5 s." });
  assert.equal(detector.tone, 'warn');
  assert.match(detector.text, /détecteur n’a pas pu être chargé/);
  assert.doesNotMatch(detector.text, /Error|\/opt/);
  assert.match(text({ running: false, reason: "L'analyse est arrêtée : le flux de la caméra s'est arrêté. Nouvel essai dans 5 s." }), /ne fournit pas d’image/);
  assert.match(text({ running: false, reason: 'EPIPE' }), /incident/);
});

test('refusals of the analytics API in French, by code and field', () => {
  assert.equal(analyticsErrorMessage(new ApiError(400, 'VIGIE_ALERT_FIELD_INVALID', 'the validity ends after it starts', { field: 'validTo' })), 'La fin de validité doit être postérieure au début.');
  assert.match(analyticsErrorMessage(new ApiError(400, 'VIGIE_ANALYTICS_BASIS_INVALID', 'expired')), /base légale/);
  assert.match(analyticsErrorMessage(new ApiError(403, 'VIGIE_ANALYTICS_PROFILE_REFUSED', 'x')), /profil étendu/);
  assert.match(analyticsErrorMessage(new ApiError(500, 'VIGIE_INTERNAL', 'boom')), /Réessayez/);
});

test('a basis valid through 31/12/2026 ends at the first instant of 01/01/2027 and is shown to its last day', () => {
  const validTo = parisToUtc('2027-01-01', '00:00:00');
  assert.equal(lastDay({ id: 'b', authority: 'Préfet', reference: 'A', note: '', validFrom: 0, validTo }), '31/12/2026');
});

test('false-alarm rate, or why it is not known yet', () => {
  assert.match(falseAlarmText(undefined), /encore inconnu/);
  assert.equal(falseAlarmText({ rule: 'intrusion', cameraId: 'c', closed: 8, falseAlarms: 2, falseAlarmRate: 0.25 }), '25 % de fausses alertes (2 sur 8 clôturées).');
});

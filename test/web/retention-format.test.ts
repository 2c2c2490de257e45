// The room lead's pages in French: sizes and durations the French way, typed instants, notices, and a French
// sentence for every error code the retention and export routes answer (never the server's text).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../web/src/api/api-error.js';
import { frenchBytes, frenchDays, noticesSummary, noticeText, parseFrenchInstant, retentionErrorText } from '../../web/src/retention/retention-format.js';

test('sizes and durations read the French way', () => {
  assert.equal(frenchBytes(1_234_000_000), '1,2 Go');
  assert.equal(frenchBytes(2_500_000_000_000), '2,5 To');
  assert.equal(frenchBytes(12_000_000), '12 Mo');
  assert.equal(frenchBytes(113), '113 octets');
  assert.equal(frenchDays(3.5), '3,5 jours');
  assert.equal(frenchDays(1), '1 jour');
  assert.equal(frenchDays(0.25), '6 h');
  assert.equal(frenchDays(0.01), 'moins d’une heure');
});

test('an instant typed JJ/MM/AAAA HH:MM:SS is Paris time; anything else is refused', () => {
  assert.equal(parseFrenchInstant('04/12/2026 21:10:40'), Date.UTC(2026, 11, 4, 20, 10, 40));
  assert.equal(parseFrenchInstant('15/07/2026 08:00'), Date.UTC(2026, 6, 15, 6, 0, 0));
  assert.ok(Number.isNaN(parseFrenchInstant('2026-12-04T20:10:40Z')));
  assert.ok(Number.isNaN(parseFrenchInstant('12/31/2026 09:00:00')));
});

test('notices and errors are French sentences, never the server text', () => {
  assert.match(noticeText({ kind: 'under-retention', cameraName: 'Gare', daysAvailable: 3, retentionDays: 15, cause: 'disk-full' }), /^Gare conserve 3 jours d’images pour 15 jours prévus/);
  assert.match(noticeText({ kind: 'volume-near-full', volume: '/srv/v1', freeBytes: 5e9, capacityBytes: 1e12 }), /presque plein : 5 Go libres sur 1 To/);
  assert.deepEqual(noticesSummary([{ kind: 'under-retention', cameraName: 'Gare', daysAvailable: 3, retentionDays: 15, cause: 'disk-full' }], false), [
    '1 caméra enregistre moins que sa durée de conservation : Gare.',
  ]);
  assert.deepEqual(noticesSummary([], false), ['Durée de conservation non tenue : le disque a manqué de place.']);
  for (const code of ['VIGIE_HOLD_INVALID', 'VIGIE_HOLD_NO_FOOTAGE', 'VIGIE_HOLD_RELEASED', 'VIGIE_EXPORT_RANGE', 'VIGIE_NO_FOOTAGE']) {
    const text = retentionErrorText(new ApiError(400, code, 'raw server text'), 'Action');
    assert.doesNotMatch(text, /raw server text|VIGIE_/, code);
  }
  assert.match(retentionErrorText(new ApiError(403, 'VIGIE_FORBIDDEN', 'refused: x'), 'Création du gel'), /^Création du gel : votre rôle/);
  assert.match(retentionErrorText(new Error('boom'), 'Export'), /^Export : échec inattendu/);
});

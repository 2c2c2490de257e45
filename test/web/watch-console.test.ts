// The console's side of live-watch requests: reading the API's request, its window in French (Paris time,
// whatever the machine's zone), and a French sentence for every refusal the server can send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../web/src/api/api-error.js';
import { readWatchRequest, readWatchRequests } from '../../web/src/api/contracts.js';
import { frenchWindow, watchedCameras } from '../../web/src/watch/watch-format.js';
import { watchErrorMessage } from '../../web/src/watch/watch-errors.js';
import { WATCH_ERRORS } from '../../src/watch/index.js';

const ROW = {
  id: 'w1',
  communeInsee: '28085',
  event: 'Marché de Noël',
  contact: 'Mairie',
  reason: 'Affluence',
  cameraIds: ['a', 'b'],
  fromMs: Date.UTC(2026, 11, 5, 13, 30),
  toMs: Date.UTC(2026, 11, 5, 17, 0),
  state: 'accepted',
  requestedBy: 'maire.chartres',
  createdAt: Date.UTC(2026, 11, 5, 9, 0),
  reviewedBy: 'chef',
  reviewNote: null,
  acceptedCameraIds: ['b'],
  monitorId: '3',
  wallOutcome: null,
  endedBy: null,
  endCause: null,
};

test('reads a live-watch request and refuses one without its essentials', () => {
  const request = readWatchRequest(ROW);
  assert.ok(request !== null);
  assert.deepEqual(watchedCameras(request), ['b']);
  assert.deepEqual(watchedCameras({ ...request, acceptedCameraIds: null }), ['a', 'b']);
  assert.equal(readWatchRequest({ ...ROW, state: 'lost' }), null);
  assert.equal(readWatchRequest({ ...ROW, fromMs: undefined }), null);
  assert.equal(readWatchRequests([ROW, { id: 'x' }]).length, 1);
});

test('writes the window in Paris time, the day once when both ends fall on it', () => {
  assert.equal(frenchWindow(ROW.fromMs, ROW.toMs), 'le 05/12/2026 de 14:30 à 18:00');
  assert.equal(frenchWindow(ROW.fromMs, Date.UTC(2026, 11, 6, 1, 0)), 'du 05/12/2026 14:30 au 06/12/2026 02:00');
  // Summer time: UTC+2.
  assert.equal(frenchWindow(Date.UTC(2026, 6, 14, 20, 0), Date.UTC(2026, 6, 14, 22, 30)), 'du 14/07/2026 22:00 au 15/07/2026 00:30');
});

test('every code of the watch capability has its own French sentence', () => {
  // A code no capability owns (built, so the catalogue's check of quoted codes does not take it for a real one).
  const generic = watchErrorMessage(new ApiError(400, ['VIGIE', 'NOT', 'A', 'WATCH', 'CODE'].join('_'), 'x'));
  for (const code of Object.keys(WATCH_ERRORS)) {
    const message = watchErrorMessage(new ApiError(400, code, 'server text', { field: 'contact' }));
    assert.notEqual(message, generic, code);
    assert.doesNotMatch(message, /server text|VIGIE_/, code);
  }
  assert.match(watchErrorMessage(new ApiError(400, 'VIGIE_WATCH_FIELD_INVALID', 'x', { field: 'event' })), /événement/);
  assert.match(watchErrorMessage(new ApiError(0, 'NETWORK', 'x')), /injoignable/);
});

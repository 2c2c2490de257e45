// The pure policy: role matrix, commune scoping, habilitation validity, token scopes, operator playback window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, ROLES, VIDEO_ACTIONS, type Role } from './actions.js';
import { decidePolicy, decideScope, OPERATOR_PLAYBACK_WINDOW_MS, scopeOf, tokenOverreach, type PolicySubject } from './policy.js';

const NOW = Date.UTC(2026, 10, 25, 12);
const open = { disabled: false, validFromMs: null, validUntilMs: null };
const subject = (role: Role, extra: Partial<PolicySubject> = {}): PolicySubject => ({ role, communes: role === 'mayor' || role === 'municipal_police' ? ['28085'] : [], habilitation: open, ...extra });
/** A camera in a commune nobody is scoped to, and a recent instant: what a camera action needs by default. */
const ANY_CAMERA = { communeInsee: '28000', timeRange: { fromMs: NOW - 60_000, toMs: NOW } };
const allowed = (s: PolicySubject, action: (typeof ACTIONS)[number], resource: object = ANY_CAMERA): boolean => decidePolicy(s, action, resource, NOW).allowed;

describe('policy', () => {
  it('gives administrators configuration but no video, and auditors the journal but no video', () => {
    for (const action of VIDEO_ACTIONS) {
      assert.equal(allowed(subject('administrator'), action), false, action);
      assert.equal(allowed(subject('auditor'), action), false, action);
      assert.equal(allowed(subject('investigator'), action), false, action);
    }
    assert.equal(allowed(subject('administrator'), 'user.manage'), true);
    assert.equal(allowed(subject('auditor'), 'journal.read'), true);
    assert.equal(allowed(subject('auditor'), 'user.read'), false);
    assert.equal(allowed(subject('operator'), 'journal.read'), false);
  });

  it('lets operators watch live and move PTZ, room leads also export and hold', () => {
    assert.equal(allowed(subject('operator'), 'video.live', { communeInsee: '28218' }), true);
    assert.equal(allowed(subject('operator'), 'video.live', {}), false, 'a camera action that names no camera is refused');
    assert.equal(allowed(subject('operator'), 'ptz.control'), true);
    assert.equal(allowed(subject('operator'), 'video.export'), false);
    assert.equal(allowed(subject('room_lead'), 'video.export'), true);
    assert.equal(allowed(subject('room_lead'), 'hold.manage'), true);
  });

  it('limits operators to recent recorded pictures, playback and stills alike, and wants the footage named', () => {
    const recent = { communeInsee: '28085', timeRange: { fromMs: NOW - 3600_000, toMs: NOW } };
    const old = { communeInsee: '28085', timeRange: { fromMs: NOW - OPERATOR_PLAYBACK_WINDOW_MS - 1, toMs: NOW } };
    for (const action of ['video.playback', 'video.snapshot'] as const) {
      assert.equal(allowed(subject('operator'), action, recent), true, action);
      assert.equal(allowed(subject('operator'), action, old), false, action);
      assert.equal(allowed(subject('operator'), action, { communeInsee: '28085' }), false, `${action} without a time range`);
      assert.equal(allowed(subject('room_lead'), action, old), true, action);
    }
    assert.equal(allowed(subject('room_lead'), 'video.export', old), true);
  });

  it("gives bulk routes the subject's scope, from one rule", () => {
    assert.deepEqual(decideScope(subject('mayor'), 'camera.list', NOW).scope, { all: false, communes: ['28085'] });
    assert.deepEqual(decideScope(subject('operator'), 'camera.list', NOW).scope, { all: true });
    assert.equal(decideScope(subject('investigator'), 'camera.list', NOW).allowed, false);
    assert.deepEqual(scopeOf(subject('room_lead', { tokenActions: ['video.live'], communes: ['28218'] })), { all: false, communes: ['28218'] });
  });

  it("keeps a token within its owner's rights", () => {
    assert.match(tokenOverreach(subject('administrator'), { actions: ['video.live'], communes: [] }) ?? '', /may not video.live/);
    assert.equal(tokenOverreach(subject('room_lead'), { actions: ['video.live', 'video.export'], communes: [] }), undefined);
    assert.match(tokenOverreach(subject('mayor'), { actions: ['video.live'], communes: ['28218'] }) ?? '', /28218 is outside/);
    assert.match(tokenOverreach(subject('mayor'), { actions: ['video.live'], communes: [] }) ?? '', /must name them/);
    assert.match(decidePolicy(subject('operator', { refusal: "the token's owner no longer holds its rights" }), 'session.read', {}, NOW).reason, /no longer holds/);
  });

  it('scopes mayors and municipal police to their communes', () => {
    for (const role of ['mayor', 'municipal_police'] as const) {
      assert.equal(allowed(subject(role), 'video.live', { communeInsee: '28085' }), true);
      const outside = decidePolicy(subject(role), 'video.live', { communeInsee: '28218' }, NOW);
      assert.equal(outside.allowed, false);
      assert.match(outside.reason, /28218.*outside/);
      assert.equal(allowed(subject(role), 'camera.read', { communeInsee: '28218' }), false);
      assert.equal(allowed(subject(role), 'camera.list', {}), true);
      assert.equal(allowed(subject(role), 'ptz.control', { communeInsee: '28085' }), false);
    }
  });

  it('refuses everything outside the habilitation period or when disabled', () => {
    for (const role of ROLES) {
      const expired = decidePolicy(subject(role, { habilitation: { ...open, validUntilMs: NOW - 1 } }), 'session.read', {}, NOW);
      assert.equal(expired.allowed, false);
      assert.match(expired.reason, /expired/);
      assert.equal(allowed(subject(role, { habilitation: { ...open, validFromMs: NOW + 1 } }), 'session.read'), false);
      assert.equal(allowed(subject(role, { habilitation: { ...open, disabled: true } }), 'session.read'), false);
      assert.equal(allowed(subject(role, { habilitation: { ...open, validFromMs: NOW - 1, validUntilMs: NOW + 1 } }), 'session.read'), true);
    }
  });

  it('narrows API tokens to their actions and communes', () => {
    const token = subject('operator', { tokenActions: ['camera.list', 'video.live'], communes: ['28085'] });
    assert.equal(allowed(token, 'camera.list', {}), true);
    assert.equal(allowed(token, 'video.live', { communeInsee: '28085' }), true);
    assert.equal(allowed(token, 'video.live', { communeInsee: '28218' }), false);
    assert.equal(allowed(token, 'ptz.control', { communeInsee: '28085' }), false);
    assert.equal(allowed(subject('operator', { tokenActions: ['video.live'] }), 'video.live', { communeInsee: '28218' }), true);
  });

  it('gives every decision a reason', () => {
    for (const role of ROLES) for (const action of ACTIONS) assert.notEqual(decidePolicy(subject(role), action, {}, NOW).reason, '');
  });
});

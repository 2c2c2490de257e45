// The access policy's side of requisitions: an investigator's camera actions hold only within a grant in force —
// its cameras, its footage, live only when granted — and nothing once its end date has passed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decidePolicy, decideScope, type PolicySubject } from '../access/index.js';

const NOW = Date.UTC(2026, 11, 5, 12);
const grant = { requisitionId: 'r1', cameraIds: ['cam-a'], fromMs: NOW - 7_200_000, toMs: NOW - 3_600_000, untilMs: NOW + 3_600_000, live: false };
const investigator = (grants: PolicySubject['grants']): PolicySubject => ({
  role: 'investigator',
  communes: [],
  habilitation: { disabled: false, validFromMs: null, validUntilMs: null },
  ...(grants === undefined ? {} : { grants }),
});
const inRange = { fromMs: NOW - 7_000_000, toMs: NOW - 6_000_000 };
const on = (cameraId: string, timeRange?: { fromMs: number; toMs: number }) => ({ communeInsee: '28085', cameraId, ...(timeRange === undefined ? {} : { timeRange }) });

it('an investigator reaches exactly his granted cameras and footage while the grant is in force', () => {
  const subject = investigator([grant]);
  assert.equal(decidePolicy(subject, 'video.playback', on('cam-a', inRange), NOW).allowed, true);
  assert.equal(decidePolicy(subject, 'video.snapshot', on('cam-a', inRange), NOW).allowed, true);
  assert.equal(decidePolicy(subject, 'camera.read', on('cam-a'), NOW).allowed, true);
  assert.equal(decidePolicy(subject, 'video.playback', on('cam-b', inRange), NOW).allowed, false, 'another camera');
  assert.equal(decidePolicy(subject, 'video.playback', on('cam-a', { fromMs: NOW - 3_700_000, toMs: NOW - 3_000_000 }), NOW).allowed, false, 'footage past the range');
  assert.equal(decidePolicy(subject, 'video.live', on('cam-a'), NOW).allowed, false, 'no live unless granted');
  assert.equal(decidePolicy(investigator([{ ...grant, live: true }]), 'video.live', on('cam-a'), NOW).allowed, true);
  assert.equal(decidePolicy(subject, 'video.export', on('cam-a', inRange), NOW).allowed, false, 'exports are made by the room lead');
  assert.equal(decidePolicy(subject, 'video.playback', on('cam-a', inRange), grant.untilMs).allowed, false, 'the end date ends it');
  assert.equal(decidePolicy(investigator(undefined), 'camera.read', on('cam-a'), NOW).allowed, false, 'no requisition, nothing');
  assert.equal(decidePolicy(subject, 'camera.read', { communeInsee: '28085' }, NOW).allowed, false, 'a camera action must name its camera');
  const bulk = decideScope(subject, 'camera.read', NOW);
  assert.deepEqual(bulk.scope, { all: false, communes: [] }, 'no camera in bulk');
});

it("an investigator reads the recording's index (timeline, availability, bookmarks) only within his grant's cameras and range", () => {
  const subject = investigator([grant]);
  assert.equal(decidePolicy(subject, 'recording.read', on('cam-a', inRange), NOW).allowed, true, 'his camera, his range');
  assert.equal(decidePolicy(subject, 'recording.read', on('cam-a', { fromMs: grant.fromMs, toMs: grant.toMs }), NOW).allowed, true, 'the whole range');
  assert.equal(decidePolicy(subject, 'recording.read', on('cam-b', inRange), NOW).allowed, false, 'another camera');
  assert.equal(decidePolicy(subject, 'recording.read', on('cam-a', { fromMs: grant.fromMs - 1, toMs: grant.toMs }), NOW).allowed, false, 'a range starting before');
  assert.equal(decidePolicy(subject, 'recording.read', on('cam-a', { fromMs: grant.fromMs, toMs: grant.toMs + 1 }), NOW).allowed, false, 'a range ending after');
  assert.equal(decidePolicy(subject, 'recording.read', on('cam-a'), NOW).allowed, false, 'an index that names no range');
  assert.equal(decidePolicy(subject, 'recording.read', on('cam-a', inRange), grant.untilMs).allowed, false, 'the end date ends it');
  assert.equal(decideScope(subject, 'recording.read', NOW).scope.all, false, 'no recording status in bulk');
  assert.deepEqual(decideScope(subject, 'recording.read', NOW).scope, { all: false, communes: [] });
});

// The console's readers of API answers: the contract shapes, the spellings tolerated, and what is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, readCameras, readCommunes, readSessionUser } from '../../web/src/api/contracts.js';
import { nearestCoverage, readTimeline } from '../../web/src/playback/timeline-data.js';

test('reads the login answer and GET /api/auth/me', () => {
  const user = { id: 'u1', username: 'maire.chartres', role: 'mayor', communes: ['28085'], displayName: 'Maire de Chartres' };
  assert.deepEqual(readSessionUser({ user, csrfToken: 'x' }), { ...user, actions: null });
  const me = readSessionUser({ user, kind: 'user', actions: ['session.read', 'video.live'] });
  assert.deepEqual(me, { ...user, actions: ['session.read', 'video.live'] });
  assert.ok(me !== null && can(me, 'video.live') && !can(me, 'video.playback'));
  assert.equal(readSessionUser({ user: { username: 'no-id' } }), null);
  assert.equal(readSessionUser('nonsense'), null);
});

test('reads cameras with their state from a field, a health object or nowhere', () => {
  const cameras = readCameras([
    { id: 'c1', name: 'Gare', commune: '28085', type: 'ptz', enabled: true, state: 'online' },
    { id: 'c2', name: 'Marché', commune: '28218', enabled: false, health: { state: 'degraded' } },
    { id: 'c3', commune_insee: '28229' },
    { name: 'no id', commune: '28085' },
    42,
  ]);
  assert.deepEqual(
    cameras.map((c) => [c.id, c.commune, c.type, c.enabled, c.state]),
    [
      ['c1', '28085', 'ptz', true, 'online'],
      ['c2', '28218', 'fixed', false, 'degraded'],
      ['c3', '28229', 'fixed', true, 'unknown'],
    ],
  );
  assert.equal(readCameras({ cameras: [{ id: 'x', commune: '28085' }] }).length, 1);
  assert.deepEqual(readCommunes([{ insee: '28085', name: 'Chartres' }, { code: '28218', nom: 'Lucé' }, {}]), [
    { insee: '28085', name: 'Chartres' },
    { insee: '28218', name: 'Lucé' },
  ]);
});

test('reads a camera timeline from the shapes the recording API may use', () => {
  const expected = {
    coverage: [
      { from: 0, to: 100 },
      { from: 200, to: 300 },
    ],
    gaps: [{ from: 100, to: 200, cause: 'camera_offline' }],
    holds: [],
  };
  const shapes: unknown[] = [
    {
      cameras: [
        {
          cameraId: 'k',
          coverage: [
            { from: 0, to: 100 },
            { from: 200, to: 300 },
          ],
          gaps: [{ from: 100, to: 200, cause: 'camera_offline' }],
        },
      ],
    },
    {
      cameras: {
        k: {
          coverage: [
            [0, 100],
            [200, 300],
          ],
          gaps: [{ start: 100, end: 200, reason: 'camera_offline' }],
        },
      },
    },
    {
      k: {
        ranges: [
          { fromMs: 0, toMs: 100 },
          { startMs: 200, endMs: 300 },
        ],
        gaps: [{ fromMs: 100, toMs: 200, cause: 'camera_offline' }],
      },
    },
    [
      { camera: 'other', coverage: [[0, 1]] },
      {
        camera: 'k',
        segments: [
          [0, 100],
          [200, 300],
        ],
        gaps: [{ from: 100, to: 200, cause: 'camera_offline' }],
      },
    ],
  ];
  for (const shape of shapes) assert.deepEqual(readTimeline(shape, 'k'), expected, JSON.stringify(shape));
  assert.deepEqual(readTimeline({ cameras: [] }, 'k'), { coverage: [], gaps: [], holds: [] });
  assert.deepEqual(
    readTimeline(
      {
        coverage: [
          [5, 1],
          ['a', 'b'],
        ],
      },
      'k',
    ),
    { coverage: [], gaps: [], holds: [] },
  );
  assert.deepEqual(nearestCoverage(expected, 150), { from: 200, to: 300 });
  assert.equal(nearestCoverage(expected, 300), undefined);
});

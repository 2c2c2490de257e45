// Masks API on a real Vigie (SQLite): only administrators change masks; bad polygons are refused with their code
// (the console's French sentence for each is checked too); a change is journaled with before and after and listed
// in the masks register.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskErrorMessage } from '../../web/src/masks/messages.js';
import { HttpSession } from './support/http-session.js';
import { DEMO_PASSWORD } from './support/session.js';
import { startTestVigie, type TestVigie } from './support/vigie-server.js';

let server: TestVigie;
let cameraId: string;
let cameraName: string;
const as = async (username: string): Promise<HttpSession> => {
  const client = new HttpSession(server.baseUrl, { username, password: DEMO_PASSWORD });
  assert.equal((await client.login()).status, 200, `login ${username}`);
  return client;
};
const square = [
  { x: 0.1, y: 0.1 },
  { x: 0.3, y: 0.1 },
  { x: 0.3, y: 0.3 },
  { x: 0.1, y: 0.3 },
];

before(async () => {
  server = await startTestVigie({ cameras: 2 });
  const admin = await as('admin');
  const cameras = (await (await admin.send('GET', '/api/cameras')).json()) as Array<{ id: string; name: string }>;
  cameraId = (cameras[cameras.length - 1] as { id: string }).id;
  cameraName = (cameras[cameras.length - 1] as { name: string }).name;
});

after(async () => {
  await server?.close();
});

it('refuses mask changes to everyone but administrators', async () => {
  for (const username of ['operateur', 'chef', 'maire.chartres', 'auditeur']) {
    const client = await as(username);
    assert.equal((await client.send('PUT', `/api/cameras/${cameraId}/masks`, { polygons: [square] })).status, 403, `${username} PUT`);
    assert.equal((await client.send('DELETE', `/api/cameras/${cameraId}/masks`)).status, 403, `${username} DELETE`);
  }
});

it('refuses bad polygons with a code the console says in French', async () => {
  const admin = await as('admin');
  const cases: Array<[string, unknown]> = [
    [
      'VIGIE_MASK_POLYGON_SELF_INTERSECTING',
      [
        { x: 0.1, y: 0.1 },
        { x: 0.3, y: 0.3 },
        { x: 0.3, y: 0.1 },
        { x: 0.1, y: 0.3 },
      ],
    ],
    [
      'VIGIE_MASK_POLYGON_EMPTY',
      [
        { x: 0.1, y: 0.1 },
        { x: 0.2, y: 0.2 },
      ],
    ],
    [
      'VIGIE_MASK_POLYGON_EMPTY',
      [
        { x: 0.1, y: 0.1 },
        { x: 0.2, y: 0.2 },
        { x: 0.3, y: 0.3 },
      ],
    ],
    [
      'VIGIE_MASK_POLYGON_OUTSIDE',
      [
        { x: 0.1, y: 0.1 },
        { x: 1.4, y: 0.1 },
        { x: 0.3, y: 0.3 },
      ],
    ],
  ];
  for (const [code, polygon] of cases) {
    const reply = await admin.send('PUT', `/api/cameras/${cameraId}/masks`, { polygons: [polygon] });
    assert.equal(reply.status, 400);
    assert.equal(((await reply.json()) as { error: string }).error, code);
    assert.match(maskErrorMessage(code), /masque|image/i);
  }
  const ptz = await admin.send('PUT', `/api/cameras/${cameraId}/masks`, { polygons: [square], ptz: { drawnAt: { pan: 0, tilt: 0, zoom: 0 }, observations: [] } });
  assert.equal(((await ptz.json()) as { error: string }).error, 'VIGIE_MASK_CALIBRATION_DIVERGED');
  assert.match(maskErrorMessage('VIGIE_MASK_CALIBRATION_DIVERGED'), /étalonnage/);
  assert.equal(await (await admin.send('GET', `/api/cameras/${cameraId}/masks`)).json(), null, 'nothing stored');
});

it('journals a change with before and after, and lists the masks in the register', async () => {
  const admin = await as('admin');
  const saved = await admin.send('PUT', `/api/cameras/${cameraId}/masks`, { polygons: [square] });
  assert.equal(saved.status, 200, await saved.clone().text());
  const read = (await (await admin.send('GET', `/api/cameras/${cameraId}/masks`)).json()) as { space: string; polygons: unknown[] };
  assert.deepEqual([read.space, read.polygons.length], ['picture', 1]);
  const bigger = [square[0], { x: 0.5, y: 0.1 }, { x: 0.5, y: 0.5 }, square[3]];
  assert.equal((await admin.send('PUT', `/api/cameras/${cameraId}/masks`, { polygons: [bigger] })).status, 200);
  const journal = (await (await admin.send('GET', '/api/journal?action=mask.set')).json()) as { entries: Array<{ details: Record<string, unknown> }> };
  const last = journal.entries.find((entry) => entry.details['before'] !== null);
  assert.ok(last !== undefined, 'a mask.set entry with a before');
  assert.deepEqual((last.details['after'] as { polygons: unknown[] }).polygons, [bigger]);
  assert.deepEqual((last.details['before'] as { polygons: unknown[] }).polygons, [square]);
  let registers = await admin.send('GET', '/api/registers');
  if (registers.status === 403) registers = await (await as('auditeur')).send('GET', '/api/registers');
  const all = (await registers.json()) as { registers: Array<{ id: string; rows: string[][]; inactive: string | null }> };
  const register = all.registers.find((entry) => entry.id === 'masques');
  assert.ok(register !== undefined, JSON.stringify(all).slice(0, 300));
  assert.equal(register.inactive, null);
  // One line per change, newest first, with the zones before and after (in % of the picture).
  const ours = register.rows.filter((row) => row[0]?.startsWith(cameraName) === true && row[1] === 'admin');
  assert.ok(ours.length >= 2, JSON.stringify(register.rows));
  assert.match(ours[0]?.[3] ?? '', /^1 zone\(s\) sur l’image fixe .*\(10 % ; 10 %\) \(30 % ; 10 %\)/);
  assert.match(ours[0]?.[4] ?? '', /\(50 % ; 10 %\) \(50 % ; 50 %\)/);
  assert.equal(ours[1]?.[3], 'aucun masque');
  assert.equal((await admin.send('DELETE', `/api/cameras/${cameraId}/masks`)).status, 204);
});

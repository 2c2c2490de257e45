// Issue 14 on a real Vigie (SQLite): the map of the requisition registration form, GET
// /api/requisitions/registration-map — whoever may register (investigator, room lead) gets the commune outlines and
// the cameras by id, name, commune, position and field of view, nothing more (no state, no stream URL, no
// credentials); others are refused; a room lead's token narrowed to a commune gets that commune only. And the
// footage availability an investigator is answered does not reveal footage beyond his requisition's range (nextMs,
// latestEndMs), while the room lead still gets it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HOME_COMMUNE, OTHER_COMMUNE, startAccessWorld, type AccessWorld } from './support/access-world.js';
import { writeFootage } from './support/footage.js';
import { HttpSession } from './support/http-session.js';
import { investigatorIdOf, requisitionInForce } from './support/requisition.js';

type MapAnswer = { outlines: { type: string; features: Array<{ properties: { insee: string } }> }; cameras: Array<Record<string, unknown>> };
type Role = Parameters<AccessWorld['sessions']['get']>[0];
type AvailabilityAnswer = { cameras: Array<{ cameraId: string; recorded: boolean; nextMs: number | null; latestEndMs: number | null }>; denied: string[] };

describe('requisition registration map and availability within the range (sqlite)', { timeout: 300_000 }, () => {
  let world: AccessWorld;
  before(async () => {
    world = await startAccessWorld({ dialect: 'sqlite' });
  });
  after(async () => {
    await world?.close();
  });
  const session = (role: Role) => world.sessions.get(role) as HttpSession;

  it('gives the outlines and the cameras (id, name, commune, position, field of view only) to whoever may register, within his communes', async () => {
    for (const role of ['investigator', 'room_lead'] as const) {
      const response = await session(role).send('GET', '/api/requisitions/registration-map');
      const text = await response.text();
      assert.equal(response.status, 200, `${role}: ${text}`);
      const body = JSON.parse(text) as MapAnswer;
      assert.equal(body.outlines.type, 'FeatureCollection');
      const ids = body.cameras.map((camera) => camera.id);
      assert.ok(ids.includes(world.cameras.in) && ids.includes(world.cameras.out), `${role} sees both communes' cameras: ${ids.join(', ')}`);
      for (const camera of body.cameras) assert.deepEqual(Object.keys(camera).sort(), ['communeInsee', 'communeName', 'fieldOfView', 'id', 'name', 'position']);
      assert.doesNotMatch(text, /rtsp:\/\/|"streams"|"state"|password|hasCredentials/i, `${role}: no stream, state or credentials`);
    }
    for (const role of ['operator', 'administrator', 'mayor', 'municipal_police', 'auditor'] as const) {
      assert.equal((await session(role).send('GET', '/api/requisitions/registration-map')).status, 403, `${role} may not register: refused`);
    }
    assert.equal((await new HttpSession(world.baseUrl).send('GET', '/api/requisitions/registration-map')).status, 401);

    // A room lead's token narrowed to his home commune: that commune's cameras and outline only.
    const minted = await session('room_lead').send('POST', '/api/tokens', { name: 'carte réquisition', actions: ['requisition.request'], communes: [HOME_COMMUNE], validDays: 1 });
    const { token } = (await minted.json()) as { token: string };
    assert.equal(minted.status, 201);
    const scoped = (await (await HttpSession.withToken(world.baseUrl, token).send('GET', '/api/requisitions/registration-map')).json()) as MapAnswer;
    assert.ok(scoped.cameras.length > 0 && scoped.cameras.every((camera) => camera.communeInsee === HOME_COMMUNE), 'the token sees its commune only');
    assert.ok(
      scoped.outlines.features.every((feature) => feature.properties.insee !== OTHER_COMMUNE),
      'no outline of another commune',
    );
  });

  it('answers an investigator no footage beyond his requisition’s range (next footage, newest footage); the room lead gets them', async () => {
    const cameraId = world.cameras.in;
    const t0 = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
    await writeFootage(world.vigie, cameraId, t0, 6);
    await writeFootage(world.vigie, cameraId, t0 + 40_000, 6);
    // The range ends in the gap: the footage at t0 + 40 s is outside it.
    await requisitionInForce(session('room_lead'), { reference: '2026/000892', cameraIds: [cameraId], fromMs: t0, toMs: t0 + 30_000, investigatorId: await investigatorIdOf(world) });
    const ask = async (role: Role, atMs: number) => {
      const response = await session(role).send('GET', `/api/recordings/availability?cameras=${cameraId}&at=${atMs}`);
      const text = await response.text();
      assert.equal(response.status, 200, text);
      return (JSON.parse(text) as AvailabilityAnswer).cameras.find((camera) => camera.cameraId === cameraId);
    };
    const gap = t0 + 20_000;
    const investigator = await ask('investigator', gap);
    assert.deepEqual(investigator, { cameraId, recorded: false, nextMs: null, latestEndMs: null }, 'nothing said of footage after the range');
    const lead = await ask('room_lead', gap);
    assert.equal(lead?.nextMs, t0 + 40_000, 'the room lead is told of the next footage');
    assert.ok((lead?.latestEndMs ?? 0) > t0 + 30_000, 'and of the newest');
    const inside = await ask('investigator', t0 + 1000);
    assert.equal(inside?.recorded, true);
    assert.equal(inside?.nextMs, t0 + 1000, 'an instant in his range is answered');
  });
});

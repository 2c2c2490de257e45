// PTZ and ONVIF onboarding against a real Vigie and the real simulator, on both databases: moves change the
// simulator's head (read back with an independent ONVIF client), presets are saved, renamed, used and deleted,
// a guard tour runs, pauses while someone holds the camera and resumes; two users contend and priority
// resolves (room lead over operator, the operator is told who took it); a mayor is refused; a fixed camera and
// a camera that does not answer give French errors; moves are journaled as one summarised session; an
// administrator onboards an ONVIF camera (with WS-Discovery) without its credentials ever being echoed.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { TEST_CACHE_DIR } from '../../sim/test-support.js';
import { OnvifClient } from '../../src/onvif/index.js';
import { testDialects } from '../support/databases.js';
import { HOME_COMMUNE, startAccessWorld, type AccessWorld } from './support/access-world.js';
import { waitForValue } from './support/browser.js';
import type { HttpSession } from './support/http-session.js';

interface Status {
  position: { pan: number; tilt: number; zoom: number; moving: boolean };
  control: { holder: { name: string; role: string } | null; youHold: boolean; takenFromYou: { by: { name: string; role: string } } | null };
  tour: { tourId: string; step: number; paused: boolean } | null;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.02;

/** The first value `read` gives that is not undefined. */
async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  return (await waitForValue(read, (value) => value !== undefined, what, timeoutMs)) as T;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const dialect of await testDialects()) {
  describe(`PTZ API (${dialect})`, { timeout: 600_000 }, () => {
    let world: AccessWorld;
    let operator: HttpSession;
    let lead: HttpSession;
    let ptzCamera = '';
    let head: OnvifClient;
    const json = async <T>(response: Response, status = 200): Promise<T> => {
      const text = await response.text();
      assert.equal(response.status, status, text);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    };
    const idleAt = async (pan: number, tilt: number, zoom: number): Promise<void> => {
      await until(
        async () => {
          const s = await head.getStatus('main');
          return !s.moving && near(s.pan, pan) && near(s.tilt, tilt) && near(s.zoom, zoom) ? s : undefined;
        },
        `the simulator's head at ${pan}, ${tilt}, ${zoom}`,
        20_000,
      );
    };

    before(async () => {
      world = await startAccessWorld({ dialect, recording: false });
      operator = world.sessions.get('operator') as HttpSession;
      lead = world.sessions.get('room_lead') as HttpSession;
      const device = await world.vigie.database.db.selectFrom('ptz_devices').selectAll().executeTakeFirstOrThrow();
      ptzCamera = device.camera_id;
      head = new OnvifClient({ url: device.device_url });
    });
    after(async () => {
      await world?.close();
    });

    it('the demo PTZ camera moves: absolute, relative, continuous then stop, home — as the simulator reports', async () => {
      let status = await json<Status>(await operator.send('GET', `/api/cameras/${ptzCamera}/ptz`));
      assert.equal(status.control.holder, null);
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'absolute', pan: 0.5, tilt: -0.25, zoom: 0.4 }));
      await idleAt(0.5, -0.25, 0.4);
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'relative', pan: -0.2, tilt: 0.1 }));
      await idleAt(0.3, -0.15, 0.4);
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'continuous', tilt: 1 }));
      await until(async () => ((await head.getStatus('main')).tilt > -0.1 ? true : undefined), 'the head tilting up', 10_000);
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/stop`));
      assert.equal((await head.getStatus('main')).moving, false);
      status = await json<Status>(await operator.send('GET', `/api/cameras/${ptzCamera}/ptz`));
      assert.equal(status.control.youHold, true);
      assert.ok(status.position.tilt > -0.1, JSON.stringify(status.position));
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/home`));
      await idleAt(0, 0, 0);
      // Out of range and wrong type: French, nothing moves.
      const bad = await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'absolute', pan: 3 });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { message: string }).message, /doit être compris entre -1 et 1/);
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/release`));
    });

    it('presets: save, list, rename (kept by Vigie), go to, delete', async () => {
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'absolute', pan: -0.6, tilt: 0.2, zoom: 0.1 }));
      await idleAt(-0.6, 0.2, 0.1);
      const saved = await json<{ token: string; name: string }>(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/presets`, { name: 'Parvis' }), 201);
      const renamed = await json<{ name: string }>(await operator.send('PUT', `/api/cameras/${ptzCamera}/ptz/presets/${saved.token}`, { name: 'Parvis de la cathédrale' }));
      assert.equal(renamed.name, 'Parvis de la cathédrale');
      const list = await json<Array<{ token: string; name: string }>>(await world.sessions.get('auditor')!.send('GET', `/api/cameras/${ptzCamera}/ptz/presets`));
      assert.equal(list.find((p) => p.token === saved.token)?.name, 'Parvis de la cathédrale');
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/home`));
      await idleAt(0, 0, 0);
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/presets/${saved.token}/goto`));
      await idleAt(-0.6, 0.2, 0.1);
      assert.equal((await operator.send('DELETE', `/api/cameras/${ptzCamera}/ptz/presets/${saved.token}`)).status, 204);
      const gone = await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/presets/${saved.token}/goto`);
      assert.equal(gone.status, 404);
      assert.equal(((await gone.json()) as { error: string }).error, 'VIGIE_PTZ_PRESET_UNKNOWN');
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/release`));
    });

    it('two users contend: the room lead takes over, the operator is refused and told who; a second operator waits', async () => {
      const other = await world.addAccount('operator');
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'relative', pan: 0.05 }));
      const waits = await other.session.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'relative', pan: 0.05 });
      assert.equal(waits.status, 409);
      const refusal = (await waits.json()) as { error: string; message: string; details?: { holder?: { role: string } } };
      assert.equal(refusal.error, 'VIGIE_PTZ_HELD');
      assert.match(refusal.message, /pilotée par .* \(opérateur\)/);
      const taken = await json<{ control: Status['control'] }>(await lead.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'relative', tilt: -0.05 }));
      assert.equal(taken.control.youHold, true);
      const back = await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'relative', pan: 0.05 });
      assert.equal(back.status, 409, 'the operator may not take it back from the room lead');
      const seen = await json<Status>(await operator.send('GET', `/api/cameras/${ptzCamera}/ptz`));
      assert.equal(seen.control.holder?.role, 'room_lead');
      assert.equal(seen.control.takenFromYou?.by.role, 'room_lead');
      assert.equal(seen.control.youHold, false);
      await json(await lead.send('POST', `/api/cameras/${ptzCamera}/ptz/release`));
      // Once released, the operator drives again.
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/stop`));
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/release`));
      // The moves were journaled as sessions, not per command: the operator's session ended when the lead took over.
      const sessions = await until(
        async () => {
          const rows = await world.vigie.database.db.selectFrom('journal_entries').select(['actor_role', 'details']).where('action', '=', 'ptz.session').where('camera_id', '=', ptzCamera).execute();
          const parsed = rows.map((r) => ({ role: r.actor_role, ...(JSON.parse(r.details) as { commands: number; end: string; from: unknown; to: unknown; takenOverBy?: { role: string } }) }));
          return parsed.some((s) => s.end === 'taken-over') ? parsed : undefined;
        },
        'a ptz.session entry ended by the take-over',
        10_000,
      );
      const takenOver = sessions.find((s) => s.end === 'taken-over');
      assert.equal(takenOver?.role, 'operator');
      assert.equal(takenOver?.takenOverBy?.role, 'room_lead');
      assert.ok(takenOver?.from !== null && takenOver?.to !== null);
      const perRequest = await world.vigie.database.db.selectFrom('journal_entries').select('action').where('action', '=', 'ptz.control').where('outcome', '=', 'allowed').execute();
      assert.equal(perRequest.length, 0, 'no journal entry per PTZ command');
    });

    it('a mayor may not move cameras; a fixed camera and a camera that does not answer give French errors', async () => {
      const mayor = world.sessions.get('mayor') as HttpSession;
      assert.equal((await mayor.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'relative', pan: 0.1 })).status, 403);
      const fixed = (await (await world.admin.send('GET', '/api/cameras')).json()) as Array<{ id: string; type: string; commune: string }>;
      const fixedId = fixed.find((c) => c.type !== 'ptz' && c.commune === HOME_COMMUNE)?.id;
      assert.ok(fixedId !== undefined);
      const refused = await operator.send('POST', `/api/cameras/${fixedId}/ptz/move`, { mode: 'relative', pan: 0.1 });
      assert.equal(refused.status, 409);
      const body = (await refused.json()) as { error: string; message: string };
      assert.equal(body.error, 'VIGIE_PTZ_NOT_PTZ');
      assert.match(body.message, /n'est pas une caméra orientable/);
      const silent = await json<{ id: string }>(
        await world.admin.send('POST', '/api/cameras', {
          name: `PTZ muette ${Date.now()}`,
          commune: HOME_COMMUNE,
          lat: 48.45,
          lon: 1.48,
          type: 'ptz',
          mainUrl: 'rtsp://127.0.0.1:9/x',
          enabled: false,
          onvifHost: '127.0.0.1',
          onvifPort: await closedPort(),
        }),
        201,
      );
      const unreachable = await operator.send('POST', `/api/cameras/${silent.id}/ptz/move`, { mode: 'relative', pan: 0.1 });
      assert.equal(unreachable.status, 502);
      const answer = (await unreachable.json()) as { error: string; message: string };
      assert.equal(answer.error, 'VIGIE_ONVIF_UNREACHABLE');
      assert.match(answer.message, /ne répond pas/);
    });

    it('a guard tour runs its presets, pauses while an operator holds the camera and resumes after', async () => {
      const tokens: string[] = [];
      for (const [name, pan] of [
        ['Ronde A', -0.5],
        ['Ronde B', 0.5],
      ] as const) {
        await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'absolute', pan, tilt: 0, zoom: 0 }));
        await idleAt(pan, 0, 0);
        tokens.push((await json<{ token: string }>(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/presets`, { name }), 201)).token);
      }
      const bad = await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/tours`, { name: 'x', steps: [{ presetToken: tokens[0], dwellSeconds: 1 }], windows: [{ from: '25:00', to: '06:00' }] });
      assert.equal(bad.status, 400);
      const tour = await json<{ id: string }>(
        await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/tours`, { name: 'Ronde de nuit', steps: tokens.map((presetToken) => ({ presetToken, dwellSeconds: 2 })) }),
        201,
      );
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/tours/${tour.id}/start`));
      await idleAt(-0.5, 0, 0);
      await idleAt(0.5, 0, 0);
      await idleAt(-0.5, 0, 0);
      // An operator takes the camera: the tour pauses and leaves the head where he puts it.
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/move`, { mode: 'absolute', pan: 0, tilt: 0.5, zoom: 0 }));
      await idleAt(0, 0.5, 0);
      const paused = await until(async () => ((await json<Status>(await operator.send('GET', `/api/cameras/${ptzCamera}/ptz`))).tour?.paused === true ? true : undefined), 'the tour paused', 10_000);
      assert.ok(paused);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const still = await head.getStatus('main');
      assert.ok(near(still.pan, 0) && near(still.tilt, 0.5), `the tour did not move a held camera: ${JSON.stringify(still)}`);
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/release`));
      await until(
        async () => {
          const s = await head.getStatus('main');
          return near(s.tilt, 0) && (near(s.pan, -0.5) || near(s.pan, 0.5)) && !s.moving ? true : undefined;
        },
        'the tour resumed on its presets',
        20_000,
      );
      await json(await operator.send('POST', `/api/cameras/${ptzCamera}/ptz/tour/stop`));
      const actions = (await world.vigie.database.db.selectFrom('journal_entries').select('action').where('camera_id', '=', ptzCamera).execute()).map((r) => r.action);
      for (const action of ['ptz.tour.create', 'ptz.tour.start', 'ptz.tour.pause', 'ptz.tour.resume', 'ptz.tour.stop']) assert.ok(actions.includes(action), `${action} journaled`);
    });

    it('an administrator discovers, inspects and adds an ONVIF camera; its credentials are never echoed', async () => {
      const secret = `onvif-secret-${Date.now()}`;
      const sim: Simulator = await startSimulator({ cameras: 1, ptz: 1, port: 0, auth: { username: 'onvifadmin', password: secret }, discoveryPort: 0, cacheDir: TEST_CACHE_DIR });
      try {
        const found = await json<{ devices: Array<{ xaddrs: string[]; name: string; known: boolean }> }>(
          await world.admin.send('POST', '/api/onvif/discover', { localAddress: '127.0.0.1', target: '127.0.0.1', port: sim.discoveryPort, waitMs: 1000 }),
        );
        assert.equal(found.devices.length, 1);
        assert.equal(found.devices[0]?.known, false);
        const address = found.devices[0]?.xaddrs[0] ?? '';
        const wrong = await world.admin.send('POST', '/api/onvif/inspect', { address, username: 'onvifadmin', password: 'faux' });
        assert.equal(wrong.status, 502);
        assert.equal(((await wrong.json()) as { error: string }).error, 'VIGIE_ONVIF_AUTH');
        const inspectedText = await (await world.admin.send('POST', '/api/onvif/inspect', { address, username: 'onvifadmin', password: secret })).text();
        assert.ok(!inspectedText.includes(secret));
        const inspected = JSON.parse(inspectedText) as { mainUri: string; subUri: string; snapshotUri: string; ptz: { maxPresets: number } | null; profiles: unknown[] };
        assert.equal(inspected.mainUri, sim.urls[0]?.main);
        assert.equal(inspected.subUri, sim.urls[0]?.sub);
        assert.equal(inspected.profiles.length, 2);
        assert.equal(inspected.ptz?.maxPresets, 32);
        assert.equal((await operator.send('POST', '/api/onvif/inspect', { address })).status, 403);
        const addedText = await (
          await world.admin.send('POST', '/api/onvif/cameras', { address, username: 'onvifadmin', password: secret, name: `ONVIF ${Date.now()}`, commune: HOME_COMMUNE, lat: 48.446, lon: 1.488 })
        ).text();
        assert.ok(!addedText.includes(secret), 'the password is not in the answer');
        const added = JSON.parse(addedText) as { camera: { id: string; type: string; mainUrl: string; hasCredentials: boolean } };
        assert.equal(added.camera.type, 'ptz');
        assert.equal(added.camera.hasCredentials, true);
        // The new camera is driven with its stored credentials.
        await json(await operator.send('POST', `/api/cameras/${added.camera.id}/ptz/move`, { mode: 'absolute', pan: 0.3, tilt: 0, zoom: 0 }));
        const simHead = new OnvifClient({ url: address, credentials: { username: 'onvifadmin', password: secret } });
        await until(async () => ((s) => (near(s.pan, 0.3) && !s.moving ? true : undefined))(await simHead.getStatus('main')), 'the onboarded head moved', 20_000);
        await json(await operator.send('POST', `/api/cameras/${added.camera.id}/ptz/release`));
        const rediscovered = await json<{ devices: Array<{ known: boolean }> }>(
          await world.admin.send('POST', '/api/onvif/discover', { localAddress: '127.0.0.1', target: '127.0.0.1', port: sim.discoveryPort, waitMs: 1000 }),
        );
        assert.equal(rediscovered.devices[0]?.known, true);
        const journal = await world.vigie.database.db.selectFrom('journal_entries').select('details').where('action', 'like', 'onvif.%').execute();
        assert.ok(journal.length >= 3);
        assert.ok(
          journal.every((row) => !row.details.includes(secret)),
          'the password is not journaled',
        );
      } finally {
        await sim.close();
      }
    });
  });
}

// The wall API against a real Vigie on both databases: pushes reach the state channel, presets switch every
// monitor they name, broken input is refused with its code and changes nothing, commune limits hold, every
// change is journaled, and a device token is a wall page and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { testDialects } from '../support/databases.js';
import { HOME_COMMUNE, startAccessWorld, type AccessWorld } from './support/access-world.js';
import { HttpSession } from './support/http-session.js';

interface WallMessage {
  readonly type: string;
  readonly code?: string;
  readonly monitor?: { id: string; online: boolean; assignment: { kind: string; cameraId?: string | null } };
  readonly monitors?: Array<{ id: string; online: boolean; assignment: { kind: string; cameraId?: string | null } }>;
}

/** A WebSocket on the wall's state channel, its messages kept in order. */
async function follow(
  world: AccessWorld,
  session: HttpSession,
  path: string,
): Promise<{ messages: WallMessage[]; next(match: (m: WallMessage) => boolean, timeoutMs?: number): Promise<WallMessage>; close(): void; closed: Promise<number> }> {
  const socket = new WebSocket(`${world.wsUrl}${path}`, { headers: { ...session.authHeaders(), origin: world.baseUrl } });
  const messages: WallMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as WallMessage);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let seen = 0;
  return {
    messages,
    closed,
    close: () => socket.close(),
    async next(match, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (seen < messages.length) {
          const message = messages[seen++] as WallMessage;
          if (match(message)) return message;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching message on ${path} within ${timeoutMs} ms: ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, left).unref();
        });
      }
    },
  };
}

for (const dialect of await testDialects()) {
  describe(`wall API (${dialect})`, { timeout: 300_000 }, () => {
    let world: AccessWorld;
    let operator: HttpSession;
    let lead: HttpSession;
    before(async () => {
      world = await startAccessWorld({ dialect, recording: false });
      operator = world.sessions.get('operator') as HttpSession;
      lead = world.sessions.get('room_lead') as HttpSession;
    });
    after(async () => {
      await world?.close();
    });

    it('the default wall: 12 monitors in 3 rows of 4, empty, and the demo presets', async () => {
      const response = await operator.send('GET', '/api/wall');
      assert.equal(response.status, 200);
      const wall = (await response.json()) as { monitors: Array<{ id: string; row: number; col: number; assignment: { kind: string } }>; presets: Array<{ name: string }> };
      assert.deepEqual(
        wall.monitors.map((m) => m.id),
        Array.from({ length: 12 }, (_, i) => String(i + 1)),
      );
      assert.deepEqual(wall.monitors[11], { ...wall.monitors[11], row: 2, col: 3 });
      assert.deepEqual(wall.presets.map((p) => p.name).sort(), ['Jour', 'Jour de marché', 'Nuit']);
    });

    it('a push reaches a wall page and a console on the state channel, and the page makes its monitor online', async (t) => {
      const page = await follow(world, operator, '/api/wall/monitors/3/events');
      const consoleChannel = await follow(world, lead, '/api/wall/events');
      const online = await page.next((m) => m.type === 'monitor');
      assert.equal(online.monitor?.online, true);
      await consoleChannel.next((m) => (m.type === 'state' && m.monitors?.find((s) => s.id === '3')?.online === true) || (m.type === 'monitor' && m.monitor?.id === '3' && m.monitor.online));
      const started = Date.now();
      const pushed = await operator.send('PUT', '/api/wall/monitors/3/assignment', { kind: 'camera', cameraId: world.cameras.in });
      assert.equal(pushed.status, 200, await pushed.clone().text());
      const seen = await page.next((m) => m.monitor?.assignment.cameraId === world.cameras.in);
      const elapsed = Date.now() - started;
      assert.equal(seen.monitor?.id, '3');
      await consoleChannel.next((m) => m.type === 'monitor' && m.monitor?.assignment.cameraId === world.cameras.in);
      t.diagnostic(`push to wall page over the state channel: ${elapsed} ms`);
      assert.ok(elapsed < 1000, `the push reached the page in ${elapsed} ms`);
      page.close();
      await consoleChannel.next((m) => m.type === 'monitor' && m.monitor?.id === '3' && !m.monitor.online);
      consoleChannel.close();
    });

    it('a preset switches every monitor it names at once, journaled with before and after', async () => {
      const presets = (await (await operator.send('GET', '/api/wall/presets')).json()) as Array<{ id: string; name: string; assignments: Record<string, unknown> }>;
      const nuit = presets.find((p) => p.name === 'Nuit');
      assert.ok(nuit !== undefined);
      const applied = await operator.send('POST', `/api/wall/presets/${nuit.id}/apply`);
      assert.equal(applied.status, 200, await applied.clone().text());
      const wall = (await (await operator.send('GET', '/api/wall')).json()) as { monitors: Array<{ id: string; assignment: { kind: string } }> };
      assert.deepEqual(
        wall.monitors.map((m) => m.assignment.kind),
        ['alarm', 'layout', 'layout', 'layout', 'layout', 'empty', 'empty', 'empty', 'empty', 'empty', 'empty', 'empty'],
      );
      const journal = (await (await world.admin.send('GET', '/api/journal?action=wall.preset.apply')).json()) as { entries: Array<{ details: { changes: unknown[]; name: string } }> };
      assert.equal(journal.entries[0]?.details.name, 'Nuit');
      assert.equal(journal.entries[0]?.details.changes.length, 12);
    });

    it('the alarm monitor takes the cameras sent to it, newest first', async () => {
      const one = await operator.send('POST', '/api/wall/alarm', { cameraId: world.cameras.in, reason: 'essai' });
      assert.equal(one.status, 200, await one.clone().text());
      const two = await operator.send('POST', '/api/wall/alarm', { cameraId: world.cameras.out });
      const body = (await two.json()) as { monitors: Array<{ id: string; assignment: { cameraIds: string[] } }> };
      assert.deepEqual(body.monitors[0]?.assignment.cameraIds, [world.cameras.out, world.cameras.in]);
    });

    it('bad input: unknown monitor or camera, broken layouts and tours, refused with their codes, nothing changed', async () => {
      const monitors = async () => JSON.stringify(((await (await operator.send('GET', '/api/wall')).json()) as { monitors: unknown }).monitors);
      const before = await monitors();
      const code = async (response: Response, status: number) => {
        assert.equal(response.status, status, await response.clone().text());
        return ((await response.json()) as { error: string }).error;
      };
      assert.equal(await code(await operator.send('PUT', '/api/wall/monitors/99/assignment', { kind: 'empty' }), 404), 'VIGIE_WALL_MONITOR_NOT_FOUND');
      assert.equal(await code(await operator.send('PUT', '/api/wall/monitors/2/assignment', { kind: 'camera', cameraId: 'nope' }), 404), 'VIGIE_CAMERA_NOT_FOUND');
      const overlap = {
        kind: 'layout',
        layout: {
          cols: 2,
          rows: 2,
          tiles: [
            { col: 0, row: 0, colSpan: 2, rowSpan: 2, cameraId: null },
            { col: 1, row: 1, colSpan: 1, rowSpan: 1, cameraId: null },
          ],
        },
      };
      assert.equal(await code(await operator.send('PUT', '/api/wall/monitors/2/assignment', overlap), 400), 'VIGIE_LAYOUT_INVALID');
      const outside = { name: 'x', cols: 6, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 1, rowSpan: 1, cameraId: null }] };
      assert.equal(await code(await operator.send('POST', '/api/layouts', outside), 400), 'VIGIE_LAYOUT_INVALID');
      assert.equal(await code(await operator.send('POST', '/api/tours', { name: 't', steps: [{ cameraId: world.cameras.in, dwellSeconds: 1 }] }), 400), 'VIGIE_TOUR_INVALID');
      assert.equal(await code(await operator.send('PUT', '/api/wall/monitors/2/assignment', { kind: 'tour', tourId: 'missing' }), 404), 'VIGIE_TOUR_NOT_FOUND');
      assert.equal(
        await code(await operator.send('POST', '/api/layouts', { name: 'partagée', shared: true, cols: 1, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 1, rowSpan: 1, cameraId: null }] }), 403),
        'VIGIE_WALL_SHARED_FORBIDDEN',
      );
      assert.equal(await monitors(), before);
    });

    it('a saved layout and a tour go on the wall as copies; a tour shows its steps from its start time', async () => {
      const layout = (await (
        await operator.send('POST', '/api/layouts', {
          name: 'Grand + 5',
          cols: 3,
          rows: 3,
          tiles: [
            { col: 0, row: 0, colSpan: 2, rowSpan: 2, cameraId: world.cameras.in },
            { col: 2, row: 0, colSpan: 1, rowSpan: 1, cameraId: world.cameras.out },
            { col: 2, row: 1, colSpan: 1, rowSpan: 1, cameraId: null },
          ],
        })
      ).json()) as { id: string };
      const tour = await operator.send('POST', '/api/tours', {
        name: 'Ronde',
        steps: [
          { cameraId: world.cameras.in, dwellSeconds: 5 },
          { layoutId: layout.id, dwellSeconds: 10 },
        ],
      });
      assert.equal(tour.status, 201, await tour.clone().text());
      const { id: tourId } = (await tour.json()) as { id: string };
      const onWall = (await (await operator.send('PUT', '/api/wall/monitors/5/assignment', { kind: 'tour', tourId })).json()) as { assignment: { kind: string; steps: unknown[]; startedAt: number } };
      assert.equal(onWall.assignment.kind, 'tour');
      assert.equal(onWall.assignment.steps.length, 2);
      assert.ok(Math.abs(onWall.assignment.startedAt - Date.now()) < 5000);
      assert.equal((await operator.send('DELETE', `/api/layouts/${layout.id}`)).status, 200);
      const monitor5 = (await (await operator.send('GET', '/api/wall/monitors/5')).json()) as { monitor: { assignment: { steps: unknown[] } } };
      assert.equal(monitor5.monitor.assignment.steps.length, 2, 'the wall keeps its copy when the saved layout goes');
      const broken = await operator.send('PUT', '/api/wall/monitors/6/assignment', { kind: 'tour', tourId });
      assert.equal(broken.status, 404, 'a tour whose layout is gone is refused');
      assert.equal(((await broken.json()) as { error: string }).error, 'VIGIE_LAYOUT_NOT_FOUND');
    });

    it('commune limits: a mayor cannot read the wall; a commune-bound token cannot push another commune, and sees its cameras hidden', async () => {
      const mayor = world.sessions.get('mayor') as HttpSession;
      assert.equal(await mayor.probe('GET', '/api/wall'), 403);
      assert.equal(await mayor.probe('PUT', '/api/wall/monitors/2/assignment', { kind: 'camera', cameraId: world.cameras.in }), 403);
      const minted = await lead.send('POST', '/api/tokens', { name: 'pupitre Chartres', actions: ['wall.read', 'wall.control', 'video.live'], communes: [HOME_COMMUNE] });
      assert.equal(minted.status, 201, await minted.clone().text());
      const bound = HttpSession.withToken(world.baseUrl, ((await minted.json()) as { token: string }).token);
      const refused = await bound.send('PUT', '/api/wall/monitors/2/assignment', { kind: 'camera', cameraId: world.cameras.out });
      assert.equal(refused.status, 403);
      assert.equal(((await refused.json()) as { error: string }).error, 'VIGIE_WALL_CAMERA_FORBIDDEN');
      assert.equal(await bound.probe('PUT', '/api/wall/monitors/2/assignment', { kind: 'camera', cameraId: world.cameras.in }), 200);
      assert.equal(await operator.probe('PUT', '/api/wall/monitors/4/assignment', { kind: 'camera', cameraId: world.cameras.out }), 200);
      const seen = await (await bound.send('GET', '/api/wall')).text();
      assert.ok(!seen.includes(world.cameras.out), 'the camera of another commune is hidden from a commune-bound reader');
      const denied = (await (await world.admin.send('GET', '/api/journal?action=wall.control')).json()) as { entries: Array<{ outcome: string }> };
      assert.ok(
        denied.entries.some((e) => e.outcome === 'failed' || e.outcome === 'denied'),
        'the refused push is journaled',
      );
    });

    it('a device token becomes a wall page cookie, shows its monitor, calls nothing else, and its revocation closes the page', async () => {
      const minted = await lead.send('POST', '/api/tokens', { name: 'PC mur', actions: ['wall.display', 'video.live'] });
      const { id, token } = (await minted.json()) as { id: string; token: string };
      const tooMuch = await lead.send('POST', '/api/tokens', { name: 'trop', actions: ['wall.display', 'wall.control'] });
      const refused = await fetch(`${world.baseUrl}/api/wall/device-session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: world.baseUrl },
        body: JSON.stringify({ token: ((await tooMuch.json()) as { token: string }).token }),
      });
      assert.equal(refused.status, 401, 'a token that can change the wall is not a wall device');
      const exchanged = await fetch(`${world.baseUrl}/api/wall/device-session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: world.baseUrl },
        body: JSON.stringify({ token }),
      });
      assert.equal(exchanged.status, 200, await exchanged.clone().text());
      const cookie = exchanged.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      assert.match(cookie, /^vigie_device=/);
      const device = { send: (method: string, path: string) => fetch(`${world.baseUrl}${path}`, { method, headers: { cookie, origin: world.baseUrl } }) };
      assert.equal((await device.send('GET', '/api/wall/monitors/4')).status, 200);
      assert.equal((await device.send('GET', `/api/cameras/${world.cameras.in}/live`)).status !== 403, true);
      for (const path of ['/api/wall', '/api/cameras', '/api/journal', '/api/layouts']) assert.equal((await device.send('GET', path)).status, 403, `the device token may not GET ${path}`);
      assert.equal((await device.send('PUT', '/api/wall/monitors/4/assignment')).status, 403);
      const socket = new WebSocket(`${world.wsUrl}/api/wall/monitors/4/events`, { headers: { cookie, origin: world.baseUrl } });
      const first = await new Promise<WallMessage>((resolve, reject) => {
        socket.once('message', (data) => resolve(JSON.parse(String(data)) as WallMessage));
        socket.once('error', reject);
      });
      assert.equal(first.monitor?.assignment.cameraId, world.cameras.out);
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      assert.equal((await lead.send('DELETE', `/api/tokens/${id}`)).status, 200);
      assert.equal(await closed, 4403, 'the revoked token closes the wall page channel');
      assert.equal((await device.send('GET', '/api/wall/monitors/4')).status, 401);
    });

    it('an unknown monitor: the page channel says so and closes', async () => {
      const page = await follow(world, operator, '/api/wall/monitors/77/events');
      const error = await page.next((m) => m.type === 'error');
      assert.equal(error.code, 'VIGIE_WALL_MONITOR_NOT_FOUND');
      assert.equal(await page.closed, 4404);
    });
  });
}

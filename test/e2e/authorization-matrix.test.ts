// The authorization matrix: every route of the real server × no login and every role × camera in scope / out of
// scope / unknown × footage inside / outside the operators' 72 h window, over HTTP, WebSocket (live, playback)
// and the RTSP restream. Expectations come from a table written by hand from docs/access.md
// (support/access-expectations.ts), never from the policy under test. Answers are checked by status AND body:
// no 5xx, no camera of another commune in a commune-scoped caller's answer, no stream URL for a
// non-administrator, never a camera's credentials. A route the table does not know fails the test.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ROLES, type Role } from '../../src/access/index.js';
import { testDialects } from '../support/databases.js';
import { expectedAnswer, GRANTS, isCommuneScoped, specOf, type Age, type CameraCase, type Expected, type RouteSpec } from './support/access-expectations.js';
import { CAMERA_SECRET, CAMERA_USER, HOME_COMMUNE, OTHER_COMMUNE, startAccessWorld, strongPassword, type AccessWorld } from './support/access-world.js';
import { waitForValue } from './support/browser.js';
import { waitForRecording, writeFootage } from './support/footage.js';
import { HttpSession } from './support/http-session.js';
import { probeWebSocket, rtspDescribe } from './support/stream-probes.js';

const DAY_MS = 86_400_000;
/** A camera stream URL as it would leak: scheme and a host (not the words "rtsp://" in a description). */
const STREAM_URL = /rtsps?:\/\/[A-Za-z0-9[]/i;

type Subject = Role | null;
interface Footage {
  readonly fromMs: number;
  readonly toMs: number;
  /** One recording file of the range: `recordings/<id>?from=…&to=…` as the playlist names it. */
  readonly segment: string;
}
/** A concrete request for one case, and the statuses that mean "allowed and served". */
interface Probe {
  readonly path: string;
  readonly body?: unknown;
  readonly ok: readonly number[];
  /** The cameras an allowed list must hold (a filter may not hide the caller's own cameras). */
  readonly mustList?: readonly string[];
}
type Builder = (subject: Subject, camera: string | undefined, age: Age | undefined) => Promise<Probe> | Probe;

const dialects = await testDialects();

for (const dialect of dialects) {
  describe(`authorization matrix (${dialect})`, { timeout: 600_000 }, () => {
    let world: AccessWorld;
    let lead: HttpSession;
    const footage = new Map<string, Footage>();
    let exportId = '';
    let someUserId = '';
    /** Camera ids outside Chartres: none may appear in a commune-scoped caller's answer. */
    const foreignCameras = new Set<string>();

    before(async () => {
      world = await startAccessWorld({ dialect });
      lead = world.sessions.get('room_lead') as HttpSession;
      const oldStart = Math.floor((Date.now() - 4 * DAY_MS) / 1000) * 1000;
      for (const camera of [world.cameras.in, world.cameras.out]) await writeFootage(world.vigie, camera, oldStart, 8);
      const recent = await waitForRecording(world.admin, [world.cameras.in, world.cameras.out], Date.now() - 120_000, 5);
      for (const camera of [world.cameras.in, world.cameras.out]) {
        const span = recent.find((r) => r.cameraId === camera) as { fromMs: number };
        for (const [age, fromMs] of [
          ['recent', span.fromMs + 500],
          ['old', oldStart + 1000],
        ] as const) {
          const toMs = fromMs + 3000;
          const playlist = await lead.send('GET', `/api/cameras/${camera}/playback.m3u8?from=${fromMs}&to=${toMs}`);
          const text = await playlist.text();
          assert.equal(playlist.status, 200, `fixture: ${age} playlist of ${camera}: ${text}`);
          const segment = /^recordings\/\S+$/m.exec(text)?.[0];
          assert.ok(segment !== undefined, `fixture: a segment in ${text}`);
          footage.set(`${camera}:${age}`, { fromMs, toMs, segment });
        }
      }
      const recentIn = footage.get(`${world.cameras.in}:recent`) as Footage;
      const created = await lead.send('POST', '/api/exports', { cameraId: world.cameras.in, from: recentIn.fromMs, to: recentIn.toMs, reason: 'matrix', reference: 'PV-MATRIX', caption: false });
      assert.equal(created.status, 202, `fixture: an export: ${await created.clone().text()}`);
      exportId = ((await created.json()) as { id: string }).id;
      const done = await waitForValue(
        async () => ((await (await lead.send('GET', `/api/exports/${exportId}`)).json()) as { status: string }).status,
        (s) => s !== 'running',
        'the export',
        60_000,
      );
      assert.equal(done, 'done', 'fixture: the export finished');
      const users = (await (await world.admin.send('GET', '/api/users')).json()) as Array<{ id: string; role: string }>;
      someUserId = users.find((u) => u.role === 'operator')?.id ?? '';
      assert.notEqual(someUserId, '', 'fixture: an operator account id');
      for (const [id, commune] of world.cameraCommunes) if (commune !== HOME_COMMUNE) foreignCameras.add(id);
    });
    after(async () => {
      await world?.close();
    });

    // --- fixtures made per case, so that a destructive probe (allowed or leaking) only touches its own object ---
    const adminCreate = async (path: string, body: unknown): Promise<string> => {
      const response = await world.admin.send('POST', path, body);
      assert.ok(response.status === 201 || response.status === 200, `fixture: POST ${path}: ${response.status} ${await response.clone().text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    const throwawayCamera = async (commune: string): Promise<string> => {
      const id = await adminCreate('/api/cameras', { name: `matrix throwaway ${randomUUID().slice(0, 8)}`, commune, lat: 48.45, lon: 1.48, mainUrl: 'rtsp://127.0.0.1:9/throwaway', enabled: false });
      if (commune !== HOME_COMMUNE) foreignCameras.add(id);
      return id;
    };
    const throwawayUser = () => adminCreate('/api/users', { username: `matrix.throwaway.${randomUUID().slice(0, 8)}`, role: 'auditor', password: strongPassword() });
    const throwawaySector = () => adminCreate('/api/sectors', { name: `matrix throwaway ${randomUUID().slice(0, 8)}`, cameraIds: [world.cameras.in] });
    const leadToken = async (): Promise<string> => {
      const response = await lead.send('POST', '/api/tokens', { name: `matrix ${randomUUID().slice(0, 8)}`, actions: ['camera.list'] });
      assert.equal(response.status, 201, `fixture: a room lead mints a token: ${await response.clone().text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    const throwawayHold = async (): Promise<string> => {
      const now = Date.now();
      const response = await lead.send('POST', '/api/retention/holds', {
        reference: 'PV-T',
        reason: 'matrix',
        kind: 'access-request',
        cameraIds: [world.cameras.in],
        fromMs: now - 60_000,
        toMs: now,
        expiresAt: now + DAY_MS,
      });
      assert.equal(response.status, 201, `fixture: a hold: ${await response.clone().text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    const range = (camera: string | undefined, age: Age | undefined): Footage => {
      const known = footage.get(`${camera}:${age ?? 'recent'}`) ?? footage.get(`${world.cameras.in}:${age ?? 'recent'}`);
      return known as Footage;
    };

    /** How to ask each route; the key set must equal the expectations table's. */
    const requests = (): Record<string, Builder> => {
      const now = Date.now();
      const inAndOut = [world.cameras.in, world.cameras.out];
      const listProbe =
        (path: string): Builder =>
        () => ({ path, ok: [200], mustList: inAndOut });
      return {
        'GET /api/health': () => ({ path: '/api/health', ok: [200] }),
        'GET /api/openapi.json': () => ({ path: '/api/openapi.json', ok: [200] }),
        'GET /*': () => ({ path: '/matrix-probe/page', ok: [200] }),
        'POST /api/auth/login': (subject) => ({ path: '/api/auth/login', body: world.credentials.get(subject ?? 'operator'), ok: [200] }),
        'POST /api/auth/logout': () => ({ path: '/api/auth/logout', ok: [200, 204] }),
        'GET /api/auth/me': () => ({ path: '/api/auth/me', ok: [200] }),
        'GET /metrics': () => ({ path: '/metrics', ok: [200] }),
        'GET /api/users': () => ({ path: '/api/users', ok: [200] }),
        'POST /api/users': () => ({ path: '/api/users', body: { username: `matrix.new.${randomUUID().slice(0, 8)}`, role: 'auditor', password: strongPassword() }, ok: [201] }),
        'GET /api/users/:id': () => ({ path: `/api/users/${someUserId}`, ok: [200] }),
        'PATCH /api/users/:id': async () => ({ path: `/api/users/${await throwawayUser()}`, body: { displayName: 'Matrix' }, ok: [200] }),
        'DELETE /api/users/:id': async () => ({ path: `/api/users/${await throwawayUser()}`, ok: [200, 204] }),
        'POST /api/users/:id/unlock': async () => ({ path: `/api/users/${await throwawayUser()}/unlock`, ok: [200] }),
        'GET /api/auth/lockouts': () => ({ path: '/api/auth/lockouts', ok: [200] }),
        'POST /api/tokens': (subject) => ({
          path: '/api/tokens',
          body: { name: `matrix ${randomUUID().slice(0, 8)}`, actions: [subject === 'administrator' ? 'user.read' : 'camera.list'] },
          ok: [201],
        }),
        'GET /api/tokens': () => ({ path: '/api/tokens', ok: [200] }),
        'DELETE /api/tokens/:id': async () => ({ path: `/api/tokens/${await leadToken()}`, ok: [200, 204] }),
        'GET /api/journal': () => ({ path: '/api/journal?limit=200', ok: [200] }),
        'GET /api/journal.csv': () => ({ path: '/api/journal.csv', ok: [200] }),
        'GET /api/communes': () => ({ path: '/api/communes', ok: [200] }),
        'GET /api/communes/:insee': () => ({ path: `/api/communes/${OTHER_COMMUNE}`, ok: [200] }),
        'POST /api/communes/import': () => ({ path: '/api/communes/import', body: { type: 'FeatureCollection', features: [] }, ok: [200, 400] }),
        'GET /api/sectors': (subject) => ({ path: '/api/sectors', ok: [200], mustList: subject !== null && isCommuneScoped(subject) ? [world.cameras.in] : inAndOut }),
        'POST /api/sectors': () => ({ path: '/api/sectors', body: { name: `matrix new ${randomUUID().slice(0, 8)}`, cameraIds: [world.cameras.in] }, ok: [201] }),
        'PATCH /api/sectors/:id': async () => ({ path: `/api/sectors/${await throwawaySector()}`, body: { name: `matrix renamed ${randomUUID().slice(0, 8)}` }, ok: [200] }),
        'DELETE /api/sectors/:id': async () => ({ path: `/api/sectors/${await throwawaySector()}`, ok: [200, 204] }),
        'GET /api/cameras': listProbe('/api/cameras'),
        'GET /api/cameras/:id': (_s, camera) => ({ path: `/api/cameras/${camera}`, ok: [200] }),
        'POST /api/cameras': () => ({
          path: '/api/cameras',
          body: { name: `matrix new ${randomUUID().slice(0, 8)}`, commune: HOME_COMMUNE, lat: 48.45, lon: 1.48, mainUrl: 'rtsp://127.0.0.1:9/new', enabled: false },
          ok: [201],
        }),
        'PATCH /api/cameras/:id': (_s, camera) => ({ path: `/api/cameras/${camera}`, body: { mounting: 'matrix' }, ok: [200] }),
        'DELETE /api/cameras/:id': (_s, camera) => ({ path: `/api/cameras/${camera}`, ok: [200, 204] }),
        'POST /api/cameras/import': () => ({ path: '/api/cameras/import', body: { type: 'FeatureCollection', features: [] }, ok: [200, 400] }),
        'GET /api/health/cameras': listProbe('/api/health/cameras'),
        'GET /api/cameras/:id/health': (_s, camera) => ({ path: `/api/cameras/${camera}/health`, ok: [200] }),
        'GET /api/cameras/:id/live': (_s, camera) => ({ path: `/api/cameras/${camera}/live`, ok: [101] }),
        'GET /api/recordings/timeline': listProbe(`/api/recordings/timeline?cameras=${inAndOut.join(',')}&from=${now - 600_000}&to=${now + 600_000}`),
        'GET /api/recordings/status': listProbe('/api/recordings/status'),
        'GET /api/cameras/:id/recording-status': (_s, camera) => ({ path: `/api/cameras/${camera}/recording-status`, ok: [200] }),
        'GET /api/cameras/:id/playback.m3u8': (_s, camera, age) => ({ path: `/api/cameras/${camera}/playback.m3u8?from=${range(camera, age).fromMs}&to=${range(camera, age).toMs}`, ok: [200] }),
        'GET /api/cameras/:id/recordings/:segmentId': (_s, camera, age) => ({ path: `/api/cameras/${camera}/${range(camera, age).segment}`, ok: [200] }),
        'GET /api/cameras/:id/snapshot': (_s, camera, age) => ({ path: `/api/cameras/${camera}/snapshot?at=${range(camera, age).fromMs + 1000}`, ok: [200] }),
        'GET /api/cameras/:id/playback': (_s, camera, age) => ({ path: `/api/cameras/${camera}/playback?from=${range(camera, age).fromMs}`, ok: [101] }),
        'POST /api/exports': (_s, camera, age) => ({
          path: '/api/exports',
          body: { cameraId: camera, from: range(camera, age).fromMs, to: range(camera, age).toMs, reason: 'matrix', reference: 'PV-M', caption: false },
          ok: [202],
        }),
        'GET /api/exports': () => ({ path: '/api/exports', ok: [200], mustList: [world.cameras.in] }),
        'GET /api/exports/:id': () => ({ path: `/api/exports/${exportId}`, ok: [200] }),
        'GET /api/exports/:id/files/:name': () => ({ path: `/api/exports/${exportId}/files/manifest.json`, ok: [200] }),
        'GET /api/retention/destructions': () => ({ path: '/api/retention/destructions', ok: [200] }),
        'GET /api/retention/destructions.csv': () => ({ path: '/api/retention/destructions.csv', ok: [200] }),
        'GET /api/retention/status': () => ({ path: '/api/retention/status', ok: [200] }),
        'GET /api/retention/holds': () => ({ path: '/api/retention/holds', ok: [200] }),
        'POST /api/retention/holds': () => ({
          path: '/api/retention/holds',
          body: { reference: 'PV-N', reason: 'matrix', kind: 'access-request', cameraIds: [world.cameras.in], fromMs: now - 60_000, toMs: now, expiresAt: now + DAY_MS },
          ok: [201],
        }),
        'POST /api/retention/holds/:id/extend': async () => ({ path: `/api/retention/holds/${await throwawayHold()}/extend`, body: { expiresAt: now + 2 * DAY_MS }, ok: [200] }),
        'POST /api/retention/holds/:id/release': async () => ({ path: `/api/retention/holds/${await throwawayHold()}/release`, ok: [200] }),
      };
    };

    /** Which camera a case names: a simulator camera, a throwaway one for destructive routes, or an unknown id. */
    const cameraFor = async (key: string, scope: CameraCase): Promise<string> => {
      if (scope === 'unknown') return `unknown-${randomUUID()}`;
      if (key === 'DELETE /api/cameras/:id' || key === 'PATCH /api/cameras/:id') return throwawayCamera(scope === 'in' ? HOME_COMMUNE : OTHER_COMMUNE);
      return scope === 'in' ? world.cameras.in : world.cameras.out;
    };

    it('every route the server registers is in the expectations table and has a probe', () => {
      const builders = requests();
      const problems: string[] = [];
      for (const route of world.vigie.app.routeTable) {
        const key = `${route.method} ${route.url}`;
        if (specOf(route.method, route.url) === undefined) problems.push(`route ${key} is not in the expectations table`);
        else if (route.method !== 'HEAD' && builders[key] === undefined) problems.push(`route ${key} has no probe in the matrix test`);
        else if (route.access === undefined) problems.push(`route ${key} declares no access rule`);
      }
      assert.deepEqual(problems, []);
    });

    it('every route × no login and every role × camera in / out / unknown × footage inside / outside 72 h', async (t) => {
      const builders = requests();
      const failures: string[] = [];
      let cases = 0;
      for (const route of world.vigie.app.routeTable) {
        // HEAD twins are asked like their GET (statuses only: no body comes back); WebSocket routes have none to ask.
        const key = `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
        const spec = specOf(route.method, route.url);
        const build = builders[key];
        if (spec === undefined || build === undefined || (route.method === 'HEAD' && spec.websocket === true)) continue;
        for (const [scope, age] of casesOf(spec)) {
          for (const subject of [null, ...ROLES] as const) {
            const camera = scope === undefined ? undefined : await cameraFor(key, scope);
            const built = await build(subject, camera, age);
            // A HEAD answer has no body: its list cannot be checked for the cameras it must hold.
            const probe: Probe = route.method === 'HEAD' ? { path: built.path, ok: built.ok } : built;
            const expected = expectedAnswer(spec, subject, scope, age);
            const label = `${route.method} ${route.url} as ${subject ?? 'no login'}${scope === undefined ? '' : ` (camera ${scope}${age === undefined ? '' : `, ${age} footage`})`}`;
            const session = subject === null ? new HttpSession(world.baseUrl) : (world.sessions.get(subject) as HttpSession);
            const answer = spec.websocket === true ? await askWebSocket(session, probe.path) : await askHttp(session, route.method, probe);
            cases += 1;
            failures.push(...judge(label, expected, probe, answer, subject));
            if (key === 'POST /api/auth/logout') for (const s of world.sessions.values()) await s.ensureLoggedIn();
          }
        }
      }
      t.diagnostic(`${cases} cases over ${world.vigie.app.routeTable.length} routes, ${failures.length} failing`);
      assert.deepEqual(failures, []);
    });

    it('RTSP restream: DESCRIBE in scope allowed, out of scope, unknown or without video.live refused', async (t) => {
      const failures: string[] = [];
      const anonymous = await rtspDescribe(world.rtspPort, `${world.cameras.in}/main`);
      if (anonymous.status !== 401) failures.push(`RTSP DESCRIBE without credentials: got ${anonymous.status}, expected 401`);
      for (const role of ROLES) {
        for (const scope of ['in', 'out', 'unknown'] as const) {
          const camera = scope === 'unknown' ? `unknown-${randomUUID()}` : world.cameras[scope];
          const reply = await rtspDescribe(world.rtspPort, `${camera}/main`, world.credentials.get(role));
          const expected = expectedAnswer({ action: 'video.live', target: 'camera' }, role, scope);
          const label = `RTSP DESCRIBE ${scope} camera as ${role}`;
          if (expected === 'allow') {
            if (reply.status !== 200 || !/m=video/.test(reply.body)) failures.push(`${label}: got ${reply.status}, expected 200 with an SDP`);
          } else if (![401, 403, 404].includes(reply.status) || (expected !== 404 && reply.status === 404)) {
            // An unknown camera may be refused like any other over RTSP (401/403) or said unknown (404) to a
            // subject who may watch; a subject without the right never learns whether it exists.
            failures.push(`${label}: got ${reply.status}, expected ${expected === 404 ? '401, 403 or 404' : '401 or 403'}`);
          }
          failures.push(...leaks(label, reply.body, role, 200));
        }
      }
      t.diagnostic(`${ROLES.length * 3 + 1} RTSP cases`);
      assert.deepEqual(failures, []);
    });

    it('administrators see stream URLs without passwords; nobody sees a camera password', async () => {
      const cameras = (await (await world.admin.send('GET', '/api/cameras')).json()) as Array<{ id: string; streams: { main: string | null }; hasCredentials: boolean }>;
      const simulator = cameras.find((c) => c.id === world.cameras.in);
      assert.match(String(simulator?.streams.main), /^rtsp:\/\/127\.0\.0\.1:\d+\//, 'the administrator sees the stream URL');
      const credentialed = cameras.find((c) => c.id === world.cameras.withCredentials);
      assert.equal(credentialed?.hasCredentials, true);
      assert.doesNotMatch(String(credentialed?.streams.main), /@|cam-secret/, 'no credentials in the URL shown');
      const one = await (await world.admin.send('GET', `/api/cameras/${world.cameras.withCredentials}`)).text();
      assert.ok(!one.includes(CAMERA_SECRET), 'the camera password is never returned');
    });

    it('the tokens: rights of the person who minted them, re-checked at every use, journaled with person and token', async () => {
      const me = async (session: HttpSession) => ((await (await session.send('GET', '/api/auth/me')).json()) as { actions: string[] }).actions;
      for (const role of ROLES) {
        const actions = await me(world.sessions.get(role) as HttpSession);
        assert.equal(actions.includes('token.create'), GRANTS[role]['token.create'] !== undefined, `GET /api/auth/me actions of ${role}: ${actions.join(',')}`);
      }
      const adminVideo = await world.admin.send('POST', '/api/tokens', { name: 'admin video', actions: ['video.live'] });
      assert.ok(adminVideo.status >= 400 && adminVideo.status < 500, `an administrator mints a video.live token: ${adminVideo.status} ${await adminVideo.text()}`);
      const beyond = await lead.send('POST', '/api/tokens', { name: 'lead beyond', actions: ['user.read'] });
      assert.ok(beyond.status >= 400 && beyond.status < 500, `a room lead mints a user.read token: ${beyond.status}`);

      const mint = async (session: HttpSession, actions: string[]) => {
        const response = await session.send('POST', '/api/tokens', { name: `matrix use ${randomUUID().slice(0, 6)}`, actions });
        assert.equal(response.status, 201, `a room lead mints ${actions.join(',')}: ${await response.clone().text()}`);
        const body = (await response.json()) as { id: string; token: string };
        return { id: body.id, client: HttpSession.withToken(world.baseUrl, body.token) };
      };
      const listing = await mint(lead, ['camera.list']);
      assert.equal(await listing.client.probe('GET', '/api/cameras'), 200, 'a camera.list token lists cameras');
      assert.equal(await listing.client.probe('GET', '/api/retention/status'), 403, 'a camera.list token has nothing else');

      const downgraded = await world.addAccount('room_lead');
      const exportToken = await mint(downgraded.session, ['video.export']);
      assert.equal(await exportToken.client.probe('GET', '/api/exports'), 200, 'the token works while its person is a room lead');
      assert.equal((await world.admin.send('PATCH', `/api/users/${downgraded.id}`, { role: 'operator' })).status, 200);
      assert.equal(await exportToken.client.probe('GET', '/api/exports'), 401, 'a token of a downgraded account stops working');

      const disabled = await world.addAccount('room_lead');
      const disabledToken = await mint(disabled.session, ['camera.list']);
      assert.equal(await disabledToken.client.probe('GET', '/api/cameras'), 200);
      assert.equal((await world.admin.send('PATCH', `/api/users/${disabled.id}`, { disabled: true })).status, 200);
      assert.equal(await disabledToken.client.probe('GET', '/api/cameras'), 401, 'a token of a disabled account stops working');

      const journaled = await world.addAccount('room_lead');
      const snapshotToken = await mint(journaled.session, ['video.snapshot']);
      const recentIn = range(world.cameras.in, 'recent');
      assert.equal(await snapshotToken.client.probe('GET', `/api/cameras/${world.cameras.in}/snapshot?at=${recentIn.fromMs + 1000}`), 200);
      const entries = (await (await world.admin.send('GET', `/api/journal?action=video.snapshot&actor=${journaled.username}`)).json()) as {
        entries: Array<{ actor: { username: string } | null; details: Record<string, unknown> }>;
      };
      const use = entries.entries.find((e) => JSON.stringify(e.details).includes(snapshotToken.id));
      assert.ok(use !== undefined, `a journal entry of the token's use naming it: ${JSON.stringify(entries.entries)}`);
      assert.equal(use.actor?.username, journaled.username, 'the entry names the person who minted the token');
    });

    /** Statuses and bodies of one case; an empty list when the answer is as documented. */
    function judge(label: string, expected: Expected, probe: Probe, answer: { status: number; body: string }, subject: Subject): string[] {
      const problems: string[] = [];
      if (answer.status >= 500) problems.push(`${label}: ${answer.status} (server error) ${answer.body.slice(0, 200)}`);
      else if (expected === 'allow' ? !probe.ok.includes(answer.status) : answer.status !== expected) {
        problems.push(`${label}: got ${answer.status}, expected ${expected === 'allow' ? probe.ok.join(' or ') : expected} ${answer.body.slice(0, 160)}`);
      }
      if (answer.status !== 101 && (answer.status < 200 || answer.status > 299)) return problems;
      problems.push(...leaks(label, answer.body, subject, answer.status));
      if (subject !== null && probe.mustList !== undefined) {
        const visible = withoutDenied(answer.body);
        const wanted = isCommuneScoped(subject) ? probe.mustList.filter((id) => !foreignCameras.has(id)) : probe.mustList;
        for (const id of wanted) if (!visible.includes(id)) problems.push(`${label}: the list lacks camera ${id} that this caller may see`);
      }
      return problems;
    }

    /** What no answer may hold: a foreign camera for a commune-scoped caller, a stream URL for a non-administrator, credentials ever. */
    function leaks(label: string, body: string, subject: Subject, status: number): string[] {
      const problems: string[] = [];
      if (body.includes(CAMERA_SECRET)) problems.push(`${label}: ${status} answer holds a camera password`);
      if (subject !== 'administrator' && body.includes(CAMERA_USER)) problems.push(`${label}: ${status} answer holds a camera user name`);
      if (subject !== 'administrator' && STREAM_URL.test(body)) problems.push(`${label}: ${status} answer holds a camera stream URL (${STREAM_URL.exec(body)?.[0]}…)`);
      if (subject !== null && isCommuneScoped(subject)) {
        const visible = withoutDenied(body);
        for (const id of foreignCameras) if (visible.includes(id)) problems.push(`${label}: ${status} answer holds camera ${id} of another commune`);
      }
      return problems;
    }

    async function askHttp(session: HttpSession, method: string, probe: Probe): Promise<{ status: number; body: string }> {
      try {
        const response = await session.send(method, probe.path, probe.body);
        return { status: response.status, body: Buffer.from(await response.arrayBuffer()).toString('latin1') };
      } catch (error) {
        return { status: 0, body: String(error) };
      }
    }

    async function askWebSocket(session: HttpSession, path: string): Promise<{ status: number; body: string }> {
      const answer = await probeWebSocket(`${world.wsUrl}${path}`, { ...session.authHeaders(), origin: world.baseUrl }, 1000);
      // An open socket (101) is checked like a 2xx answer: its text messages are scanned.
      return { status: answer.status, body: answer.texts.join('\n') };
    }
  });
}

/** The camera and footage cases of a route: one case for routes without a camera. */
function casesOf(spec: RouteSpec): Array<[CameraCase | undefined, Age | undefined]> {
  if (spec.target !== 'camera') return [[undefined, undefined]];
  if (spec.pictures !== true)
    return [
      ['in', undefined],
      ['out', undefined],
      ['unknown', undefined],
    ];
  return [
    ['in', 'recent'],
    ['in', 'old'],
    ['out', 'recent'],
    ['out', 'old'],
    ['unknown', 'recent'],
  ];
}

/** The timeline echoes the ids a caller asked for and may not see under `denied`: those are not a leak. */
function withoutDenied(body: string): string {
  return body.replace(/"denied":\[[^\]]*\]/, '"denied":[]');
}

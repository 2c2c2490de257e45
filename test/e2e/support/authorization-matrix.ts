// The authorization matrix: every route of the real server × no login and every role × camera in scope / out of
// scope / unknown × footage inside / outside the operators' 72 h window, over HTTP, WebSocket (live, playback)
// and the RTSP restream. Expectations come from a table written by hand from docs/access.md
// (support/access-expectations.ts), never from the policy under test. Answers are checked by status AND body:
// no 5xx, no camera of another commune in a commune-scoped caller's answer, no stream URL for a
// non-administrator, never a camera's credentials. A route the table does not know fails the test.
// Defined here and run by one test file per database engine, so that each engine has the whole file time budget.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ROLES, type Role } from '../../../src/access/index.js';
import type { DialectName } from '../../../src/db/database.js';
import { expectedAnswer, GRANTS, isCommuneScoped, isRequisitionScoped, specOf, type Age, type CameraCase, type Expected, type RouteSpec } from './access-expectations.js';
import { CAMERA_SECRET, CAMERA_USER, HOME_COMMUNE, OTHER_COMMUNE, startAccessWorld, strongPassword, type AccessWorld } from './access-world.js';
import { waitForValue } from './browser.js';
import { waitForRecording, writeFootage } from './footage.js';
import { HttpSession } from './http-session.js';
import { probeWebSocket, rtspDescribe } from './stream-probes.js';

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

/** The matrix on one database engine. */
export function describeAuthorizationMatrix(dialect: DialectName): void {
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
    // The wall: monitor 12 is an alarm monitor, a preset switches monitor 2; throwaway monitors, presets, layouts, tours.
    const wallFixture = async (method: string, path: string, body: unknown, session: HttpSession = lead): Promise<string> => {
      const response = await session.send(method, path, body);
      assert.ok(response.status === 200 || response.status === 201, `fixture: ${method} ${path}: ${response.status} ${await response.clone().text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    const throwawayMonitor = () => wallFixture('POST', '/api/wall/monitors', { id: `m${randomUUID().slice(0, 8)}`, name: 'Matrice', row: 9, col: 9 });
    const throwawayPreset = () => wallFixture('POST', '/api/wall/presets', { name: `matrix ${randomUUID().slice(0, 8)}`, assignments: { '2': { kind: 'camera', cameraId: world.cameras.in } } });
    /** A layout or tour of the subject's own (a probe may change only what is his), or the room lead's for a subject without the right. */
    const ownSaved = async (kind: 'layouts' | 'tours', subject: Subject): Promise<string> => {
      const owner = subject !== null && GRANTS[subject]['mosaic.save'] !== undefined ? (world.sessions.get(subject) as HttpSession) : lead;
      const body =
        kind === 'layouts'
          ? { name: `matrix ${randomUUID().slice(0, 8)}`, cols: 1, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 1, rowSpan: 1, cameraId: world.cameras.in }] }
          : { name: `matrix ${randomUUID().slice(0, 8)}`, steps: [{ cameraId: world.cameras.in, dwellSeconds: 10 }] };
      return wallFixture('POST', `/api/${kind}`, body, owner);
    };
    /** A live-watch request of the world's mayor (Chartres) for the next hour, answered or not. */
    const throwawayWatch = async (accepted = false): Promise<string> => {
      const now = Date.now();
      const mayor = world.sessions.get('mayor') as HttpSession;
      const sent = await mayor.send('POST', '/api/watch-requests', {
        event: 'matrix',
        contact: 'matrix',
        reason: 'matrix',
        cameraIds: [world.cameras.in],
        fromMs: now + 3_600_000,
        toMs: now + 7_200_000,
      });
      assert.equal(sent.status, 201, `fixture: a live-watch request: ${await sent.clone().text()}`);
      const id = ((await sent.json()) as { id: string }).id;
      if (accepted) assert.equal((await lead.send('POST', `/api/watch-requests/${id}/accept`, {})).status, 200, 'fixture: an accepted live-watch request');
      return id;
    };
    /** A requisition registered by the room lead for the world's investigator (never validated: it grants nothing). */
    const requisitionBody = async (): Promise<Record<string, unknown>> => {
      const me = (await (await (world.sessions.get('investigator') as HttpSession).send('GET', '/api/auth/me')).json()) as { id?: string; user?: { id: string } };
      const recentIn = range(world.cameras.in, 'recent');
      return {
        reference: `MATRIX ${new Date().getFullYear()}/${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        officer: { name: 'Matrice', quality: 'OPJ', service: 'BR', contact: '01 00 00 00 00' },
        legalBasis: 'art. 60-1 CPP',
        reason: 'matrix',
        cameraIds: [world.cameras.in],
        fromMs: recentIn.fromMs,
        toMs: recentIn.toMs,
        investigatorId: me.user?.id ?? me.id,
      };
    };
    const throwawayRequisition = async (): Promise<string> => {
      const response = await lead.send('POST', '/api/requisitions', await requisitionBody());
      assert.equal(response.status, 201, `fixture: a requisition: ${await response.clone().text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    const accessRequestBody = (): Record<string, unknown> => {
      const recentIn = range(world.cameras.in, 'recent');
      return { requesterName: 'Matrice', requesterContact: 'matrice@example.fr', description: 'matrix', cameraIds: [world.cameras.in], fromMs: recentIn.fromMs, toMs: recentIn.toMs };
    };
    const throwawayAccessRequest = async (): Promise<string> => {
      const response = await lead.send('POST', '/api/access-requests', accessRequestBody());
      assert.equal(response.status, 201, `fixture: an access request: ${await response.clone().text()}`);
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
        // An empty body is refused by the schema (400) once authorization let it through: nothing changes.
        'POST /api/auth/password': () => ({ path: '/api/auth/password', body: {}, ok: [400] }),
        'POST /api/auth/second-factor/setup': () => ({ path: '/api/auth/second-factor/setup', ok: [200] }),
        'POST /api/auth/second-factor': () => ({ path: '/api/auth/second-factor', body: {}, ok: [400] }),
        'GET /metrics': () => ({ path: '/metrics', ok: [200] }),
        'GET /api/users': () => ({ path: '/api/users', ok: [200] }),
        'POST /api/users': () => ({ path: '/api/users', body: { username: `matrix.new.${randomUUID().slice(0, 8)}`, role: 'auditor', password: strongPassword() }, ok: [201] }),
        'GET /api/users/:id': () => ({ path: `/api/users/${someUserId}`, ok: [200] }),
        'PATCH /api/users/:id': async () => ({ path: `/api/users/${await throwawayUser()}`, body: { displayName: 'Matrix' }, ok: [200] }),
        'DELETE /api/users/:id': async () => ({ path: `/api/users/${await throwawayUser()}`, ok: [200, 204] }),
        'POST /api/users/:id/unlock': async () => ({ path: `/api/users/${await throwawayUser()}/unlock`, ok: [200] }),
        'POST /api/users/:id/reset-password': async () => ({ path: `/api/users/${await throwawayUser()}/reset-password`, ok: [200] }),
        'POST /api/users/:id/reset-second-factor': async () => ({ path: `/api/users/${await throwawayUser()}/reset-second-factor`, ok: [200] }),
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
        'GET /api/journal/extract.html': () => ({ path: '/api/journal/extract.html?action=auth.logout', ok: [200] }),
        'GET /api/journal/status': () => ({ path: '/api/journal/status', ok: [200] }),
        'GET /api/registers': () => ({ path: '/api/registers', ok: [200] }),
        'GET /api/registers/:register/csv': () => ({ path: '/api/registers/cameras/csv', ok: [200] }),
        'GET /api/health/server': () => ({ path: '/api/health/server', ok: [200] }),
        'GET /api/recordings/gaps': () => ({ path: '/api/recordings/gaps?hours=24', ok: [200] }),
        'GET /api/reports/monthly': () => ({ path: `/api/reports/monthly?commune=${HOME_COMMUNE}`, ok: [200] }),
        // Allowed to a mayor, who reads his commune's monthly reports: the centre's yearly one is refused with its reason.
        'GET /api/reports/yearly': (subject) => ({ path: '/api/reports/yearly', ok: subject === 'mayor' ? [403] : [200] }),
        'GET /api/reports/archive': () => ({ path: '/api/reports/archive', ok: [200] }),
        'GET /api/reports/archive/:name': () => ({ path: `/api/reports/archive/mensuel-2020-01-${HOME_COMMUNE}.pdf`, ok: [404] }),
        'GET /api/communes': () => ({ path: '/api/communes', ok: [200] }),
        'GET /api/communes/:insee': () => ({ path: `/api/communes/${OTHER_COMMUNE}`, ok: [200] }),
        'GET /api/communes/outlines': () => ({ path: '/api/communes/outlines', ok: [200] }),
        'GET /api/console/map': () => ({ path: '/api/console/map', ok: [200] }),
        'GET /api/me/favourites': () => ({ path: '/api/me/favourites', ok: [200] }),
        'PUT /api/me/favourites/:cameraId': (_s, camera) => ({ path: `/api/me/favourites/${camera}`, ok: [204] }),
        'DELETE /api/me/favourites/:cameraId': () => ({ path: `/api/me/favourites/${world.cameras.in}`, ok: [204] }),
        'GET /api/wall': () => ({ path: '/api/wall', ok: [200] }),
        'GET /api/wall/events': () => ({ path: '/api/wall/events', ok: [101] }),
        'GET /api/wall/monitors/:monitor': () => ({ path: '/api/wall/monitors/3', ok: [200] }),
        'GET /api/wall/monitors/:monitor/events': () => ({ path: '/api/wall/monitors/3/events', ok: [101] }),
        'GET /api/wall/thumbnails': () => ({ path: '/api/wall/thumbnails', ok: [101] }),
        'PUT /api/wall/monitors/:monitor/assignment': () => ({ path: '/api/wall/monitors/1/assignment', body: { kind: 'camera', cameraId: world.cameras.in }, ok: [200] }),
        'POST /api/wall/alarm': async () => {
          assert.equal((await lead.send('PUT', '/api/wall/monitors/12/assignment', { kind: 'alarm' })).status, 200, 'fixture: monitor 12 is the alarm monitor');
          return { path: '/api/wall/alarm', body: { cameraId: world.cameras.in }, ok: [200] };
        },
        'POST /api/wall/monitors': () => ({ path: '/api/wall/monitors', body: { id: `n${randomUUID().slice(0, 8)}`, name: 'Nouveau', row: 8, col: 8 }, ok: [201] }),
        'PATCH /api/wall/monitors/:monitor': async () => ({ path: `/api/wall/monitors/${await throwawayMonitor()}`, body: { name: 'Renommé', row: 9, col: 8 }, ok: [200] }),
        'DELETE /api/wall/monitors/:monitor': async () => ({ path: `/api/wall/monitors/${await throwawayMonitor()}`, ok: [200] }),
        'GET /api/wall/presets': () => ({ path: '/api/wall/presets', ok: [200] }),
        // An administrator may not watch cameras: his presets switch monitors to the alarm monitor or to nothing.
        'POST /api/wall/presets': () => ({ path: '/api/wall/presets', body: { name: `matrix ${randomUUID().slice(0, 8)}`, assignments: { '2': { kind: 'empty' } } }, ok: [201] }),
        'PUT /api/wall/presets/:id': async () => ({
          path: `/api/wall/presets/${await throwawayPreset()}`,
          body: { name: `matrix ${randomUUID().slice(0, 8)}`, assignments: { '2': { kind: 'alarm' } } },
          ok: [200],
        }),
        'DELETE /api/wall/presets/:id': async () => ({ path: `/api/wall/presets/${await throwawayPreset()}`, ok: [200] }),
        'POST /api/wall/presets/:id/apply': async () => ({ path: `/api/wall/presets/${await throwawayPreset()}/apply`, ok: [200] }),
        'GET /api/layouts': () => ({ path: '/api/layouts', ok: [200] }),
        'POST /api/layouts': () => ({ path: '/api/layouts', body: { name: 'matrix', cols: 2, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 2, rowSpan: 1, cameraId: world.cameras.in }] }, ok: [201] }),
        'PUT /api/layouts/:id': async (subject) => ({
          path: `/api/layouts/${await ownSaved('layouts', subject)}`,
          body: { name: 'matrix 2', cols: 1, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 1, rowSpan: 1, cameraId: null }] },
          ok: [200],
        }),
        'DELETE /api/layouts/:id': async (subject) => ({ path: `/api/layouts/${await ownSaved('layouts', subject)}`, ok: [200] }),
        'GET /api/tours': () => ({ path: '/api/tours', ok: [200] }),
        'POST /api/tours': () => ({ path: '/api/tours', body: { name: 'matrix', steps: [{ cameraId: world.cameras.in, dwellSeconds: 5 }] }, ok: [201] }),
        'PUT /api/tours/:id': async (subject) => ({
          path: `/api/tours/${await ownSaved('tours', subject)}`,
          body: { name: 'matrix 2', steps: [{ cameraId: world.cameras.in, dwellSeconds: 6 }] },
          ok: [200],
        }),
        'DELETE /api/tours/:id': async (subject) => ({ path: `/api/tours/${await ownSaved('tours', subject)}`, ok: [200] }),
        'POST /api/wall/device-session': async () => {
          const minted = await lead.send('POST', '/api/tokens', { name: `mur ${randomUUID().slice(0, 8)}`, actions: ['wall.display', 'video.live'] });
          assert.equal(minted.status, 201, `fixture: a wall device token: ${await minted.clone().text()}`);
          return { path: '/api/wall/device-session', body: { token: ((await minted.json()) as { token: string }).token }, ok: [200] };
        },
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
        // Port 9 (discard) refuses at once: the probe answers 200 with ok: false, "unreachable".
        'POST /api/cameras/probe': () => ({ path: '/api/cameras/probe', body: { url: 'rtsp://127.0.0.1:9/matrix' }, ok: [200] }),
        'POST /api/cameras/:id/probe': (_s, camera) => ({ path: `/api/cameras/${camera}/probe`, body: {}, ok: [200] }),
        // PTZ: on a fixed camera an allowed command is answered 409 (VIGIE_PTZ_NOT_PTZ); on the demo's PTZ camera it
        // moves (200), or 409 (VIGIE_PTZ_HELD) while a room lead holds it, and unknown presets/tours are 400/404.
        // ONVIF onboarding with an address that is not one is answered 400 once allowed.
        'GET /api/cameras/:id/masks': (_s, camera) => ({ path: `/api/cameras/${camera}/masks`, ok: [200] }),
        // An empty list removes masks: the probe changes nothing in the cameras' pipelines.
        'PUT /api/cameras/:id/masks': (_s, camera) => ({ path: `/api/cameras/${camera}/masks`, body: { polygons: [] }, ok: [200] }),
        'DELETE /api/cameras/:id/masks': (_s, camera) => ({ path: `/api/cameras/${camera}/masks`, ok: [204] }),
        'POST /api/cameras/:id/masks/check': (_s, camera) => ({
          path: `/api/cameras/${camera}/masks/check`,
          body: {
            polygons: [
              [
                { x: 0.1, y: 0.1 },
                { x: 0.2, y: 0.1 },
                { x: 0.2, y: 0.2 },
              ],
            ],
          },
          ok: [200],
        }),
        // The still is the camera's picture as published (503 when it publishes none); the calibration of a fixed
        // camera is refused (409, VIGIE_PTZ_NOT_PTZ) and that of the PTZ camera runs in the background (202).
        'POST /api/cameras/:id/masks/still': (_s, camera) => ({ path: `/api/cameras/${camera}/masks/still`, ok: [200, 503] }),
        'GET /api/cameras/:id/masks/calibration': (_s, camera) => ({ path: `/api/cameras/${camera}/masks/calibration`, ok: [200] }),
        'POST /api/cameras/:id/masks/calibration': (_s, camera) => ({ path: `/api/cameras/${camera}/masks/calibration`, body: {}, ok: [202, 409] }),
        'GET /api/cameras/:id/masks/mode': (_s, camera) => ({ path: `/api/cameras/${camera}/masks/mode`, ok: [200] }),
        'PUT /api/cameras/:id/masks/mode': (_s, camera) => ({ path: `/api/cameras/${camera}/masks/mode`, body: { mode: 'vigie' }, ok: [200] }),
        'GET /api/cameras/:id/ptz': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz`, ok: [200, 409] }),
        'POST /api/cameras/:id/ptz/move': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/move`, body: { mode: 'relative', pan: 0.01 }, ok: [200, 409] }),
        'POST /api/cameras/:id/ptz/stop': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/stop`, ok: [200, 409] }),
        'POST /api/cameras/:id/ptz/home': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/home`, ok: [200, 409] }),
        'POST /api/cameras/:id/ptz/release': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/release`, ok: [200] }),
        'GET /api/cameras/:id/ptz/presets': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/presets`, ok: [200, 409] }),
        'POST /api/cameras/:id/ptz/presets': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/presets`, body: { name: 'matrix' }, ok: [201, 409] }),
        'PUT /api/cameras/:id/ptz/presets/:token': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/presets/p-unknown`, body: { name: 'matrix' }, ok: [404, 409] }),
        'DELETE /api/cameras/:id/ptz/presets/:token': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/presets/p-unknown`, ok: [404, 409] }),
        'POST /api/cameras/:id/ptz/presets/:token/goto': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/presets/p-unknown/goto`, ok: [404, 409] }),
        'GET /api/cameras/:id/ptz/tours': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/tours`, ok: [200] }),
        'POST /api/cameras/:id/ptz/tours': (_s, camera) => ({
          path: `/api/cameras/${camera}/ptz/tours`,
          body: { name: 'matrix', steps: [{ presetToken: 'p-unknown', dwellSeconds: 5 }] },
          ok: [400, 409],
        }),
        'PUT /api/cameras/:id/ptz/tours/:tourId': (_s, camera) => ({
          path: `/api/cameras/${camera}/ptz/tours/t1`,
          body: { name: 'matrix', steps: [{ presetToken: 'p-unknown', dwellSeconds: 5 }] },
          ok: [400, 409],
        }),
        'DELETE /api/cameras/:id/ptz/tours/:tourId': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/tours/t1`, ok: [404, 409] }),
        'POST /api/cameras/:id/ptz/tours/:tourId/start': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/tours/t1/start`, ok: [404, 409] }),
        'POST /api/cameras/:id/ptz/tour/stop': (_s, camera) => ({ path: `/api/cameras/${camera}/ptz/tour/stop`, ok: [200] }),
        'POST /api/onvif/inspect': () => ({ path: '/api/onvif/inspect', body: { address: 'ftp://matrix' }, ok: [400] }),
        'POST /api/onvif/cameras': () => ({ path: '/api/onvif/cameras', body: { address: 'ftp://matrix', name: 'matrix', commune: HOME_COMMUNE, lat: 48.45, lon: 1.48 }, ok: [400] }),
        'POST /api/onvif/discover': () => ({ path: '/api/onvif/discover', body: { localAddress: '127.0.0.1', target: '127.0.0.1', port: 9, waitMs: 200 }, ok: [200] }),
        'GET /api/health/cameras': listProbe('/api/health/cameras'),
        'GET /api/cameras/:id/health': (_s, camera) => ({ path: `/api/cameras/${camera}/health`, ok: [200] }),
        'GET /api/cameras/:id/live': (_s, camera) => ({ path: `/api/cameras/${camera}/live`, ok: [101] }),
        'GET /api/recordings/timeline': listProbe(`/api/recordings/timeline?cameras=${inAndOut.join(',')}&from=${now - 600_000}&to=${now + 600_000}`),
        'GET /api/recordings/status': listProbe('/api/recordings/status'),
        'GET /api/recordings/availability': listProbe(`/api/recordings/availability?cameras=${inAndOut.join(',')}&at=${now - 60_000}`),
        'GET /api/cameras/:id/bookmarks': (_s, camera) => ({ path: `/api/cameras/${camera}/bookmarks?from=${now - 5 * DAY_MS}&to=${now}`, ok: [200] }),
        'POST /api/cameras/:id/bookmarks': (_s, camera, age) => ({ path: `/api/cameras/${camera}/bookmarks`, body: { at: range(camera, age).fromMs + 1000, note: 'matrix' }, ok: [201] }),
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
        'GET /api/exports/:id/verification': () => ({ path: `/api/exports/${exportId}/verification`, ok: [200] }),
        'GET /api/storage': () => ({ path: '/api/storage', ok: [200], mustList: inAndOut }),
        'GET /api/storage/notices': () => ({ path: '/api/storage/notices', ok: [200] }),
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
        'POST /api/watch-requests': () => ({
          path: '/api/watch-requests',
          body: { event: 'matrix', contact: 'matrix', reason: 'matrix', cameraIds: [world.cameras.in], fromMs: now + 3_600_000, toMs: now + 7_200_000 },
          ok: [201],
        }),
        'GET /api/watch-requests': () => ({ path: '/api/watch-requests', ok: [200] }),
        'GET /api/watch-requests/monitors': () => ({ path: '/api/watch-requests/monitors', ok: [200] }),
        'GET /api/watch-requests/:id': async () => ({ path: `/api/watch-requests/${await throwawayWatch()}`, ok: [200] }),
        'POST /api/watch-requests/:id/accept': async () => ({ path: `/api/watch-requests/${await throwawayWatch()}/accept`, body: { cameraIds: [world.cameras.in] }, ok: [200] }),
        'POST /api/watch-requests/:id/decline': async () => ({ path: `/api/watch-requests/${await throwawayWatch()}/decline`, body: { reason: 'matrix' }, ok: [200] }),
        'POST /api/watch-requests/:id/cancel': async () => ({ path: `/api/watch-requests/${await throwawayWatch()}/cancel`, ok: [200] }),
        'POST /api/watch-requests/:id/end': async () => ({ path: `/api/watch-requests/${await throwawayWatch(true)}/end`, ok: [200] }),
        // Alerts come from analytics only: probes on an unknown alert answer 404 to those allowed (403 to the others).
        'GET /api/alerts': () => ({ path: '/api/alerts?open=true', ok: [200] }),
        'GET /api/alerts/events': () => ({ path: '/api/alerts/events', ok: [101] }),
        'GET /api/alerts/stats': () => ({ path: '/api/alerts/stats', ok: [200] }),
        'GET /api/alerts/:id': () => ({ path: `/api/alerts/${randomUUID()}`, ok: [404] }),
        'POST /api/alerts/:id/acknowledge': () => ({ path: `/api/alerts/${randomUUID()}/acknowledge`, ok: [404] }),
        'POST /api/alerts/:id/handle': () => ({ path: `/api/alerts/${randomUUID()}/handle`, ok: [404] }),
        'POST /api/alerts/:id/escalate': () => ({ path: `/api/alerts/${randomUUID()}/escalate`, body: { service: '17', answer: 'matrix' }, ok: [404] }),
        'POST /api/alerts/:id/close': () => ({ path: `/api/alerts/${randomUUID()}/close`, body: { verdict: 'false_alarm', outcome: 'matrix' }, ok: [404] }),
        'GET /api/oplog': () => ({ path: '/api/oplog', ok: [200] }),
        'POST /api/oplog': () => ({ path: '/api/oplog', body: { text: 'matrix' }, ok: [201] }),
        'GET /api/oplog/handover': () => ({ path: '/api/oplog/handover', ok: [200] }),
        'GET /api/analytics/legal-bases': () => ({ path: '/api/analytics/legal-bases', ok: [200] }),
        'POST /api/analytics/legal-bases': () => ({ path: '/api/analytics/legal-bases', body: { authority: 'matrix', reference: 'matrix', validFrom: now - DAY_MS, validTo: now - 1000 }, ok: [201] }),
        'GET /api/analytics/activations': () => ({ path: '/api/analytics/activations', ok: [200] }),
        'POST /api/analytics/activations': () => ({ path: '/api/analytics/activations', body: { cameraId: world.cameras.in, rule: 'intrusion', legalBasisId: 'none' }, ok: [400] }),
        'POST /api/analytics/activations/:id/stop': () => ({ path: `/api/analytics/activations/${randomUUID()}/stop`, ok: [404] }),
        // Requisitions: none is ever validated here (the world's investigator must hold no scope); state errors (409) prove the right.
        'POST /api/requisitions': async () => ({ path: '/api/requisitions', body: await requisitionBody(), ok: [201] }),
        'GET /api/requisitions': () => ({ path: '/api/requisitions', ok: [200] }),
        'GET /api/requisitions/:id': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}`, ok: [200] }),
        'GET /api/requisitions/:id/receipt.html': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/receipt.html`, ok: [409] }),
        'POST /api/requisitions/:id/validate': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/validate`, body: { untilMs: now - 1000 }, ok: [400] }),
        'POST /api/requisitions/:id/refuse': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/refuse`, body: { reason: 'matrix' }, ok: [200] }),
        'POST /api/requisitions/:id/extension': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/extension`, body: { untilMs: now + DAY_MS, reason: 'matrix' }, ok: [409] }),
        'POST /api/requisitions/:id/extension/decision': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/extension/decision`, body: { accept: true }, ok: [409] }),
        'POST /api/requisitions/:id/extract': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/extract`, ok: [409] }),
        'POST /api/requisitions/:id/handover': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/handover`, body: { receivedBy: 'matrix' }, ok: [409] }),
        'POST /api/requisitions/:id/acknowledge': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/acknowledge`, ok: [409] }),
        'POST /api/requisitions/:id/close': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/close`, ok: [200] }),
        'POST /api/access-requests': () => ({ path: '/api/access-requests', body: accessRequestBody(), ok: [201] }),
        'GET /api/access-requests': () => ({ path: '/api/access-requests', ok: [200] }),
        'GET /api/access-requests/:id': async () => ({ path: `/api/access-requests/${await throwawayAccessRequest()}`, ok: [200] }),
        'POST /api/access-requests/:id/answer': async () => ({ path: `/api/access-requests/${await throwawayAccessRequest()}/answer`, body: { answer: 'viewing', note: 'matrix' }, ok: [200] }),
        'GET /api/access-requests/:id/video.mp4': async () => ({ path: `/api/access-requests/${await throwawayAccessRequest()}/video.mp4`, ok: [409] }),
        'POST /api/access-requests/:id/close': async () => ({ path: `/api/access-requests/${await throwawayAccessRequest()}/close`, ok: [200] }),
        // The forensic search over the caller's cameras (none for the matrix's investigator: an empty answer).
        'POST /api/investigations/search': () => ({ path: '/api/investigations/search', body: { fromMs: Date.now() - 3_600_000, toMs: Date.now(), classes: ['person'] }, ok: [200] }),
        // The topology (an investigator without requisitions sees none of it); edits and trajectories with input that is
        // refused once allowed (400) or ids that do not exist (404): nothing changes.
        'GET /api/topology': () => ({ path: '/api/topology', ok: [200] }),
        'POST /api/topology/suggest': () => ({ path: '/api/topology/suggest', ok: [200] }),
        'PUT /api/topology/:id': () => ({
          path: `/api/topology/${world.cameras.in}`,
          body: { links: [{ direction: 'XX', toCameraId: world.cameras.out, walkMinS: 0, walkMaxS: 1, driveMinS: 0, driveMaxS: 1 }] },
          ok: [400],
        }),
        'POST /api/requisitions/:id/trajectory-proposals': async () => ({
          path: `/api/requisitions/${await throwawayRequisition()}/trajectory-proposals`,
          body: { sighting: { cameraId: world.cameras.in, atMs: now, box: { x: 0.5, y: 0.5, w: 0.9, h: 0.1 } } },
          ok: [400],
        }),
        'POST /api/requisitions/:id/trajectories': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/trajectories`, body: { sightings: [] }, ok: [400] }),
        'GET /api/requisitions/:id/trajectories': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/trajectories`, ok: [200] }),
        // A requisition's bookmarks: a blank note is refused once allowed (400), an unknown bookmark is not found (404);
        // the cameras an extension may add are asked of a requisition not in force (409).
        'GET /api/requisitions/:id/bookmarks': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/bookmarks`, ok: [200] }),
        'POST /api/requisitions/:id/bookmarks': async () => ({
          path: `/api/requisitions/${await throwawayRequisition()}/bookmarks`,
          body: { cameraId: world.cameras.in, at: now, note: ' ' },
          ok: [400],
        }),
        'DELETE /api/requisitions/:id/bookmarks/:bookmarkId': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/bookmarks/${randomUUID()}`, ok: [404] }),
        'GET /api/requisitions/registration-map': () => ({ path: '/api/requisitions/registration-map', ok: [200] }),
        'GET /api/requisitions/investigators': () => ({ path: '/api/requisitions/investigators', ok: [200] }),
        'GET /api/requisitions/:id/extension-cameras': async () => ({ path: `/api/requisitions/${await throwawayRequisition()}/extension-cameras`, ok: [409] }),
        'GET /api/trajectories/:id': () => ({ path: `/api/trajectories/${randomUUID()}`, ok: [404] }),
        'POST /api/trajectories/:id/sightings': () => ({
          path: `/api/trajectories/${randomUUID()}/sightings`,
          body: { cameraId: world.cameras.in, atMs: now, box: { x: 0.5, y: 0.5, w: 0.9, h: 0.1 } },
          ok: [400],
        }),
        'DELETE /api/trajectories/:id/sightings/last': () => ({ path: `/api/trajectories/${randomUUID()}/sightings/last`, ok: [404] }),
        'POST /api/trajectories/:id/export': () => ({ path: `/api/trajectories/${randomUUID()}/export`, ok: [404] }),
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
        // A requisition-scoped caller (the investigator, without requisition here) may see no camera in a list.
        const wanted = isRequisitionScoped(subject) ? [] : isCommuneScoped(subject) ? probe.mustList.filter((id) => !foreignCameras.has(id)) : probe.mustList;
        for (const id of wanted) if (!visible.includes(id)) problems.push(`${label}: the list lacks camera ${id} that this caller may see`);
        if (isRequisitionScoped(subject)) for (const id of probe.mustList) if (visible.includes(id)) problems.push(`${label}: the list shows camera ${id} that no requisition grants`);
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

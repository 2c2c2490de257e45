// The wall API: state, assignments, the alarm monitor, monitors, presets, saved layouts and tours, the state
// channel (WebSocket) for consoles and wall pages, and the device session a wall PC opens with its token.
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorDetails, DEVICE_COOKIE, journalActor, type Access, type Actor } from '../access/index.js';
import { noteJournal } from '../api/journal-note.js';
import { requireCameraScope } from '../api/route-access.js';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import type { CameraScope } from '../territory/index.js';
import { openChannel } from './channel.js';
import { openThumbnailChannel } from './thumbnail-channel.js';
import type { WallThumbnails } from './thumbnails.js';
import type { LayoutFields, TourFields } from './library.js';
import { camerasOf, hideCameras, type AssignmentInput, type Layout, type Tour } from './model.js';
import type { Recorder } from './recorder.js';
import { AlarmBody, AssignmentSchema, DeviceBody, IdParams, LayoutBody, MonitorBody, MonitorParams, MonitorPatch, PresetBody, TourBody } from './schemas.js';
import type { Wall } from './wall.js';
import type { Preset } from './wall-service.js';

/** What a device token may carry to be turned into a wall PC's cookie: showing the wall, nothing that changes anything. */
const DEVICE_ACTIONS: readonly string[] = ['wall.display', 'video.live', 'camera.list', 'camera.read', 'territory.read', 'session.read'];

export interface WallRoutesDeps {
  readonly wall: Wall;
  readonly access: Pick<Access, 'watchStream' | 'decideCamera' | 'actorForToken' | 'tokens' | 'config'>;
  /** The cameras' live thumbnails, shared by every console. */
  readonly thumbnails: WallThumbnails;
  readonly journal: Journal;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly visibleCameraIds: (scope: CameraScope) => Promise<ReadonlySet<string>>;
}

export function wallRoutes(deps: WallRoutesDeps): (app: FastifyInstance) => Promise<void> {
  const { service, library } = deps.wall;
  const actorOf = (request: FastifyRequest): Actor => {
    if (request.actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
    return request.actor;
  };
  const noted =
    (request: FastifyRequest): Recorder =>
    (entry) =>
      noteJournal(request, entry);
  /** Hides the cameras outside the caller's scope (a commune-bound token, a mayor's layouts). */
  const hider = async (request: FastifyRequest): Promise<(cameraId: string) => boolean> => {
    const scope = requireCameraScope(request);
    if (scope.all) return () => true;
    const visible = await deps.visibleCameraIds(scope);
    return (id) => visible.has(id);
  };
  const hideLayout = (layout: Layout, visible: (id: string) => boolean): Layout => ({
    ...layout,
    tiles: layout.tiles.map((t) => ({ ...t, cameraId: t.cameraId !== null && visible(t.cameraId) ? t.cameraId : null })),
  });
  const hideTour = (tour: Tour, visible: (id: string) => boolean): Tour => ({
    ...tour,
    steps: tour.steps.filter((s) => !('cameraId' in s) || visible(s.cameraId)),
  });
  const hidePreset = (preset: Preset, visible: (id: string) => boolean): Preset => ({
    ...preset,
    assignments: Object.fromEntries(Object.entries(preset.assignments).map(([monitor, input]) => [monitor, hideInput(input, visible)])),
  });
  const monitorParam = (request: FastifyRequest) => (request.params as { monitor: string }).monitor;

  return async (app) => {
    // --- state ---
    app.get(
      '/api/wall',
      { config: { access: { kind: 'cameras', action: 'wall.read' } }, schema: { tags: ['wall'], summary: 'The wall: monitors with what each shows, and presets' } },
      async (request) => {
        const visible = await hider(request);
        const state = await service.state();
        return { ...state, monitors: state.monitors.map((m) => ({ ...m, assignment: hideCameras(m.assignment, visible) })), serverTime: deps.clock.now() };
      },
    );

    app.get<{ Params: Static<typeof MonitorParams> }>(
      '/api/wall/monitors/:monitor',
      {
        config: { access: { kind: 'cameras', action: 'wall.display' } },
        schema: { tags: ['wall'], summary: 'One monitor and what it shows (a wall page checks it before connecting)', params: MonitorParams },
      },
      async (request) => {
        const visible = await hider(request);
        const found = await service.monitor(request.params.monitor);
        const monitor = { ...found, assignment: hideCameras(found.assignment, visible) };
        return { monitor, cameras: await deps.wall.describeCameras(camerasOf(monitor.assignment)), serverTime: deps.clock.now() };
      },
    );

    const channel = (monitor: boolean) => (socket: import('ws').WebSocket, request: FastifyRequest) =>
      openChannel(
        { service, access: deps.access, clock: deps.clock, logger: deps.logger, visibleCameraIds: deps.visibleCameraIds, describeCameras: deps.wall.describeCameras },
        { socket, actor: actorOf(request), scope: requireCameraScope(request), ip: request.ip, ...(monitor ? { monitorId: monitorParam(request) } : {}) },
      );
    app.get(
      '/api/wall/events',
      { websocket: true, config: { access: { kind: 'cameras', action: 'wall.read' } }, schema: { tags: ['wall'], summary: 'The wall state, then each change (WebSocket, consoles)' } },
      channel(false),
    );
    app.get(
      '/api/wall/monitors/:monitor/events',
      {
        websocket: true,
        config: { access: { kind: 'cameras', action: 'wall.display' } },
        schema: { tags: ['wall'], summary: 'One monitor, then each change; online while connected (WebSocket, wall pages)', params: MonitorParams },
      },
      channel(true),
    );
    // Each camera is decided in the channel (live viewing, its commune); the route only needs a live-viewing role.
    app.get(
      '/api/wall/thumbnails',
      {
        websocket: true,
        config: { access: { kind: 'cameras', action: 'video.live' } },
        schema: { tags: ['wall'], summary: 'Live thumbnails of the cameras a console asks for (WebSocket: {type:"watch", cameraIds} in, JPEG messages out)' },
      },
      (socket, request) =>
        openThumbnailChannel({ thumbnails: deps.thumbnails, access: deps.access, journal: deps.journal, clock: deps.clock, logger: deps.logger }, socket, actorOf(request), request.ip),
    );

    // --- pushing to the wall ---
    app.put<{ Params: Static<typeof MonitorParams>; Body: Static<typeof AssignmentSchema> }>(
      '/api/wall/monitors/:monitor/assignment',
      {
        config: { access: { kind: 'action', action: 'wall.control' } },
        schema: { tags: ['wall'], summary: 'Put a camera, layout, tour, the alarm monitor or nothing on a monitor', params: MonitorParams, body: AssignmentSchema },
      },
      async (request) => service.assign(request.params.monitor, request.body as AssignmentInput, actorOf(request), noted(request)),
    );

    app.post<{ Body: Static<typeof AlarmBody> }>(
      '/api/wall/alarm',
      { config: { access: { kind: 'action', action: 'wall.control' } }, schema: { tags: ['wall'], summary: 'Show a camera on the alarm monitor(s)', body: AlarmBody } },
      async (request) => ({ monitors: await service.showOnAlarmMonitor([request.body.cameraId], request.body.reason ?? 'opérateur', actorOf(request), noted(request)) }),
    );

    // --- monitors ---
    app.post<{ Body: Static<typeof MonitorBody> }>(
      '/api/wall/monitors',
      { config: { access: { kind: 'action', action: 'wall.manage' } }, schema: { tags: ['wall'], summary: 'Add a monitor', body: MonitorBody } },
      async (request, reply) => {
        const { id, ...fields } = request.body;
        reply.code(201);
        return service.addMonitor(id, fields, noted(request));
      },
    );
    app.patch<{ Params: Static<typeof MonitorParams>; Body: Static<typeof MonitorPatch> }>(
      '/api/wall/monitors/:monitor',
      { config: { access: { kind: 'action', action: 'wall.manage' } }, schema: { tags: ['wall'], summary: 'Rename or move a monitor', params: MonitorParams, body: MonitorPatch } },
      async (request) => service.updateMonitor(request.params.monitor, request.body, noted(request)),
    );
    app.delete<{ Params: Static<typeof MonitorParams> }>(
      '/api/wall/monitors/:monitor',
      { config: { access: { kind: 'action', action: 'wall.manage' } }, schema: { tags: ['wall'], summary: 'Remove a monitor', params: MonitorParams } },
      async (request) => {
        await service.removeMonitor(request.params.monitor, noted(request));
        return { ok: true };
      },
    );

    // --- presets ---
    app.get('/api/wall/presets', { config: { access: { kind: 'cameras', action: 'wall.read' } }, schema: { tags: ['wall'], summary: 'Presets with their assignments' } }, async (request) => {
      const visible = await hider(request);
      return (await service.presets()).map((p) => hidePreset(p, visible));
    });
    app.post<{ Body: Static<typeof PresetBody> }>(
      '/api/wall/presets',
      { config: { access: { kind: 'action', action: 'wall.manage' } }, schema: { tags: ['wall'], summary: 'Save a preset (an assignment per monitor)', body: PresetBody } },
      async (request, reply) => {
        reply.code(201);
        return service.savePreset(request.body as { name: string; assignments: Record<string, AssignmentInput> }, actorOf(request), noted(request));
      },
    );
    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof PresetBody> }>(
      '/api/wall/presets/:id',
      { config: { access: { kind: 'action', action: 'wall.manage' } }, schema: { tags: ['wall'], summary: 'Change a preset', params: IdParams, body: PresetBody } },
      async (request) => service.savePreset(request.body as { name: string; assignments: Record<string, AssignmentInput> }, actorOf(request), noted(request), request.params.id),
    );
    app.delete<{ Params: Static<typeof IdParams> }>(
      '/api/wall/presets/:id',
      { config: { access: { kind: 'action', action: 'wall.manage' } }, schema: { tags: ['wall'], summary: 'Delete a preset', params: IdParams } },
      async (request) => {
        await service.removePreset(request.params.id, noted(request));
        return { ok: true };
      },
    );
    app.post<{ Params: Static<typeof IdParams> }>(
      '/api/wall/presets/:id/apply',
      { config: { access: { kind: 'action', action: 'wall.control' } }, schema: { tags: ['wall'], summary: 'Switch every monitor the preset names at once', params: IdParams } },
      async (request) => service.applyPreset(request.params.id, actorOf(request), noted(request)),
    );

    // --- saved layouts and tours ---
    const saved = { kind: 'cameras', action: 'mosaic.save' } as const;
    app.get('/api/layouts', { config: { access: saved }, schema: { tags: ['wall'], summary: 'Your saved layouts and the shared ones' } }, async (request) => {
      const visible = await hider(request);
      return (await library.layouts(actorOf(request))).map((l) => hideLayout(l, visible));
    });
    app.post<{ Body: Static<typeof LayoutBody> }>(
      '/api/layouts',
      { config: { access: saved }, schema: { tags: ['wall'], summary: 'Save a layout (shared: wall.manage)', body: LayoutBody } },
      async (request, reply) => {
        reply.code(201);
        return library.saveLayout(actorOf(request), request.body as LayoutFields, noted(request));
      },
    );
    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof LayoutBody> }>(
      '/api/layouts/:id',
      { config: { access: saved }, schema: { tags: ['wall'], summary: 'Change a saved layout', params: IdParams, body: LayoutBody } },
      async (request) => library.saveLayout(actorOf(request), request.body as LayoutFields, noted(request), request.params.id),
    );
    app.delete<{ Params: Static<typeof IdParams> }>(
      '/api/layouts/:id',
      { config: { access: saved }, schema: { tags: ['wall'], summary: 'Delete a saved layout', params: IdParams } },
      async (request) => {
        await library.remove('layout', actorOf(request), request.params.id, noted(request));
        return { ok: true };
      },
    );
    app.get('/api/tours', { config: { access: saved }, schema: { tags: ['wall'], summary: 'Your saved tours and the shared ones' } }, async (request) => {
      const visible = await hider(request);
      return (await library.tours(actorOf(request))).map((t) => hideTour(t, visible));
    });
    app.post<{ Body: Static<typeof TourBody> }>(
      '/api/tours',
      { config: { access: saved }, schema: { tags: ['wall'], summary: 'Save a tour (shared: wall.manage)', body: TourBody } },
      async (request, reply) => {
        reply.code(201);
        return library.saveTour(actorOf(request), request.body as TourFields, noted(request));
      },
    );
    app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof TourBody> }>(
      '/api/tours/:id',
      { config: { access: saved }, schema: { tags: ['wall'], summary: 'Change a saved tour', params: IdParams, body: TourBody } },
      async (request) => library.saveTour(actorOf(request), request.body as TourFields, noted(request), request.params.id),
    );
    app.delete<{ Params: Static<typeof IdParams> }>('/api/tours/:id', { config: { access: saved }, schema: { tags: ['wall'], summary: 'Delete a saved tour', params: IdParams } }, async (request) => {
      await library.remove('tour', actorOf(request), request.params.id, noted(request));
      return { ok: true };
    });

    // --- device session: a wall PC's token as a cookie (browsers put no bearer header on a WebSocket) ---
    app.post<{ Body: Static<typeof DeviceBody> }>(
      '/api/wall/device-session',
      { config: { access: { kind: 'public' } }, schema: { tags: ['wall'], summary: 'Turn a wall device token (wall.display, video.live) into a cookie for the wall page', body: DeviceBody } },
      async (request, reply) => {
        const result = await deps.access.actorForToken(request.body.token);
        const refuse = async (reason: string): Promise<never> => {
          await deps.journal.append({
            actor: 'actor' in result ? journalActor(result.actor) : null,
            action: 'wall.device.login',
            outcome: 'denied',
            ip: request.ip,
            target: { type: 'wall' },
            details: { reason },
          });
          throw new VigieError('VIGIE_WALL_DEVICE_REFUSED', `device token refused: ${reason}`, { status: 401 });
        };
        if ('refused' in result) return refuse(result.refused);
        const row = result.actor.token === undefined ? undefined : await deps.access.tokens.row(result.actor.token.id);
        const actions = row === undefined ? [] : (JSON.parse(row.actions) as string[]);
        if (row === undefined || !actions.includes('wall.display')) return refuse('the token does not carry wall.display');
        const beyond = actions.filter((a) => !DEVICE_ACTIONS.includes(a));
        if (beyond.length > 0) return refuse(`a wall device token carries only ${DEVICE_ACTIONS.join(', ')} (not ${beyond.join(', ')})`);
        reply.setCookie(DEVICE_COOKIE, request.body.token, {
          httpOnly: true,
          sameSite: 'strict',
          path: '/',
          secure: deps.access.config.http.secureCookies,
          maxAge: Math.max(0, Math.floor((row.expires_at - deps.clock.now()) / 1000)),
        });
        await deps.journal.append({
          actor: journalActor(result.actor),
          action: 'wall.device.login',
          outcome: 'allowed',
          ip: request.ip,
          target: { type: 'wall' },
          details: { ...actorDetails(result.actor) },
        });
        return { ok: true, tokenName: row.name };
      },
    );
  };
}

function hideInput(input: AssignmentInput, visible: (id: string) => boolean): AssignmentInput {
  if (input.kind === 'camera') return visible(input.cameraId) ? input : { kind: 'empty' };
  if (input.kind === 'layout' && 'layout' in input)
    return { ...input, layout: { ...input.layout, tiles: input.layout.tiles.map((t) => ({ ...t, cameraId: t.cameraId !== null && visible(t.cameraId) ? t.cameraId : null })) } };
  return input;
}

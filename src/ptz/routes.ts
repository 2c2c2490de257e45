// PTZ API under /api/cameras/:id/ptz: status and presets for whoever may see the camera (camera.read); moves,
// presets, home and guard tours for ptz.control. Moves are journaled by the service as summarised sessions
// (journaledBy: 'capability'); the auth hook still journals every refusal. Each answer carries `control`: who
// holds the camera, whether it is the caller, and who took it from the caller.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../access/index.js';
import { cameraIdParam } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import type { PtzController } from './control.js';
import type { PtzService } from './service.js';

const read = { kind: 'camera', action: 'camera.read', cameraId: cameraIdParam } as const;
const control = { kind: 'camera', action: 'ptz.control', cameraId: cameraIdParam, journaledBy: 'capability' } as const;
const tags = ['ptz'];

const Axis = Type.Optional(Type.Number());
const MoveBody = Type.Object(
  { mode: Type.Union([Type.Literal('continuous'), Type.Literal('relative'), Type.Literal('absolute')]), pan: Axis, tilt: Axis, zoom: Axis, timeoutMs: Type.Optional(Type.Number()) },
  { additionalProperties: false },
);
const NameBody = Type.Object({ name: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
const TourBody = Type.Object(
  {
    name: Type.String({ maxLength: 1000 }),
    steps: Type.Array(Type.Object({ presetToken: Type.String({ maxLength: 200 }), dwellSeconds: Type.Number() }, { additionalProperties: false }), { maxItems: 1000 }),
    windows: Type.Optional(
      Type.Union([Type.Null(), Type.Array(Type.Object({ from: Type.String({ maxLength: 5 }), to: Type.String({ maxLength: 5 }) }, { additionalProperties: false }), { maxItems: 24 })]),
    ),
  },
  { additionalProperties: false },
);
type IdParams = { id: string };
type PresetParams = { id: string; token: string };
type TourParams = { id: string; tourId: string };

function person(request: FastifyRequest): Extract<PtzController, { kind: 'user' }> {
  const actor: Actor | null = request.actor;
  if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  return { kind: 'user', id: actor.id, username: actor.username, role: actor.role };
}

export function ptzRoutes(ptz: PtzService) {
  return async (app: FastifyInstance): Promise<void> => {
    const answer = (cameraId: string, controllerId: string) => ({ control: ptz.controlState(cameraId, controllerId), position: ptz.position(cameraId) ?? null, tour: ptz.tourState(cameraId) });

    app.get<{ Params: IdParams }>(
      '/api/cameras/:id/ptz',
      { config: { access: read }, schema: { tags, summary: 'PTZ status: position, limits, who holds the camera, running tour' } },
      async (request) => ptz.status(request.params.id, request.actor?.id),
    );

    app.post<{ Params: IdParams; Body: Static<typeof MoveBody> }>(
      '/api/cameras/:id/ptz/move',
      { config: { access: control }, schema: { tags, summary: 'Continuous (velocity), relative (translation) or absolute (position) move, in ONVIF generic spaces', body: MoveBody } },
      async (request) => {
        const who = person(request);
        const { mode, timeoutMs } = request.body;
        const vector = {
          ...(request.body.pan === undefined ? {} : { pan: request.body.pan }),
          ...(request.body.tilt === undefined ? {} : { tilt: request.body.tilt }),
          ...(request.body.zoom === undefined ? {} : { zoom: request.body.zoom }),
        };
        if (mode === 'continuous') await ptz.continuousMove(request.params.id, who, vector, timeoutMs);
        else if (mode === 'relative') await ptz.relativeMove(request.params.id, who, vector);
        else await ptz.absoluteMove(request.params.id, who, vector);
        return answer(request.params.id, who.id);
      },
    );

    app.post<{ Params: IdParams }>('/api/cameras/:id/ptz/stop', { config: { access: control }, schema: { tags, summary: 'Stop the head' } }, async (request) => {
      const who = person(request);
      await ptz.stop(request.params.id, who);
      return answer(request.params.id, who.id);
    });

    app.post<{ Params: IdParams }>('/api/cameras/:id/ptz/home', { config: { access: control }, schema: { tags, summary: 'Go to the home position' } }, async (request) => {
      const who = person(request);
      await ptz.home(request.params.id, who);
      return answer(request.params.id, who.id);
    });

    app.post<{ Params: IdParams }>('/api/cameras/:id/ptz/release', { config: { access: control }, schema: { tags, summary: 'Hand the camera back before the hold ends' } }, async (request) => {
      const who = person(request);
      await ptz.release(request.params.id, who);
      return answer(request.params.id, who.id);
    });

    app.get<{ Params: IdParams }>('/api/cameras/:id/ptz/presets', { config: { access: read }, schema: { tags, summary: "The camera's presets with their names" } }, async (request) =>
      ptz.presets(request.params.id),
    );

    app.post<{ Params: IdParams; Body: Static<typeof NameBody> }>(
      '/api/cameras/:id/ptz/presets',
      { config: { access: control }, schema: { tags, summary: 'Save the current position as a new preset', body: NameBody } },
      async (request, reply) => {
        const preset = await ptz.savePreset(request.params.id, person(request), request.body.name);
        reply.code(201);
        return preset;
      },
    );

    app.put<{ Params: PresetParams; Body: Static<typeof NameBody> }>(
      '/api/cameras/:id/ptz/presets/:token',
      { config: { access: control }, schema: { tags, summary: 'Rename a preset (the name is kept by Vigie)', body: NameBody } },
      async (request) => ptz.renamePreset(request.params.id, person(request), request.params.token, request.body.name),
    );

    app.delete<{ Params: PresetParams }>('/api/cameras/:id/ptz/presets/:token', { config: { access: control }, schema: { tags, summary: 'Delete a preset' } }, async (request, reply) => {
      await ptz.deletePreset(request.params.id, person(request), request.params.token);
      reply.code(204);
    });

    app.post<{ Params: PresetParams }>('/api/cameras/:id/ptz/presets/:token/goto', { config: { access: control }, schema: { tags, summary: 'Go to a preset' } }, async (request) => {
      const who = person(request);
      await ptz.gotoPreset(request.params.id, request.params.token, { by: who });
      return answer(request.params.id, who.id);
    });

    app.get<{ Params: IdParams }>('/api/cameras/:id/ptz/tours', { config: { access: read }, schema: { tags, summary: "The camera's guard tours and the one running" } }, async (request) => ({
      tours: await ptz.tours(request.params.id),
      running: ptz.tourState(request.params.id),
    }));

    app.post<{ Params: IdParams; Body: Static<typeof TourBody> }>(
      '/api/cameras/:id/ptz/tours',
      { config: { access: control }, schema: { tags, summary: 'Create a guard tour (presets with dwell times; optional daily windows, Paris time)', body: TourBody } },
      async (request, reply) => {
        const tour = await ptz.saveTour(request.params.id, person(request), request.body);
        reply.code(201);
        return tour;
      },
    );

    app.put<{ Params: TourParams; Body: Static<typeof TourBody> }>(
      '/api/cameras/:id/ptz/tours/:tourId',
      { config: { access: control }, schema: { tags, summary: 'Change a guard tour', body: TourBody } },
      async (request) => ptz.saveTour(request.params.id, person(request), { ...request.body, id: request.params.tourId }),
    );

    app.delete<{ Params: TourParams }>('/api/cameras/:id/ptz/tours/:tourId', { config: { access: control }, schema: { tags, summary: 'Delete a guard tour' } }, async (request, reply) => {
      await ptz.deleteTour(request.params.id, person(request), request.params.tourId);
      reply.code(204);
    });

    app.post<{ Params: TourParams }>('/api/cameras/:id/ptz/tours/:tourId/start', { config: { access: control }, schema: { tags, summary: 'Start a guard tour now' } }, async (request) =>
      ptz.startTour(request.params.id, request.params.tourId, person(request)),
    );

    app.post<{ Params: IdParams }>('/api/cameras/:id/ptz/tour/stop', { config: { access: control }, schema: { tags, summary: 'Stop the running guard tour' } }, async (request) => {
      await ptz.stopTour(request.params.id, person(request));
      return { running: null };
    });
  };
}

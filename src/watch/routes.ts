// Live-watch requests API: a mayor sends and cancels (his communes only), room leads accept, decline and end,
// operators, room leads, mayors (their communes) and auditors read. Each mutation's journal entry (written by the
// auth hook) names the request and its commune.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../access/index.js';
import { noteJournal } from '../api/journal-note.js';
import { requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import { isWatchState, type WatchActor, type WatchFilter, type WatchRequest } from './model.js';
import type { WatchService } from './service.js';

// Lengths and blanks are checked by the service (one French message per field in the console); the schema
// only keeps out what is not even the right type.
const Text = Type.String({ maxLength: 10_000 });
const CameraIds = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 1000 });

const SubmitBody = Type.Object(
  {
    commune: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    event: Text,
    contact: Text,
    reason: Text,
    cameraIds: Type.Optional(CameraIds),
    area: Type.Optional(Type.Union([Type.Null(), Type.Object({}, { additionalProperties: true })])),
    fromMs: Type.Integer(),
    toMs: Type.Integer(),
  },
  { additionalProperties: false },
);
const AcceptBody = Type.Object({ cameraIds: Type.Optional(CameraIds), monitorId: Type.Optional(Type.String({ maxLength: 200 })), note: Type.Optional(Text) }, { additionalProperties: false });
const DeclineBody = Type.Object({ reason: Text }, { additionalProperties: false });
type IdParams = { id: string };

function watchActor(actor: Actor | null): WatchActor {
  if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  return { id: actor.id, username: actor.username, role: actor.role, communes: actor.communes };
}

/** The communes whose requests the caller may see: undefined for all. */
function visibleCommunes(request: FastifyRequest): readonly string[] | undefined {
  const scope = requireCameraScope(request);
  return scope.all ? undefined : scope.communes;
}

function note(request: FastifyRequest, action: string, watch: WatchRequest, details: Record<string, unknown> = {}): void {
  noteJournal(request, { action, target: { type: 'watch-request', id: watch.id, communeInsee: watch.communeInsee }, details: { event: watch.event, state: watch.state, ...details } });
}

function readFilter(query: Record<string, string | undefined>, communes: readonly string[] | undefined): WatchFilter {
  const number = (name: 'from' | 'to'): number | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    const ms = Number(value);
    if (!Number.isSafeInteger(ms)) throw new VigieError('VIGIE_WATCH_WINDOW_INVALID', `"${name}" is ms since the epoch`, { status: 400 });
    return ms;
  };
  const state = query['state'];
  if (state !== undefined && state !== '' && !isWatchState(state)) throw new VigieError('VIGIE_WATCH_FIELD_INVALID', `unknown state "${state}"`, { status: 400, context: { field: 'state' } });
  const commune = query['commune'];
  const wanted = commune === undefined || commune === '' ? communes : communes === undefined ? [commune] : communes.filter((c) => c === commune);
  return { communes: wanted, state: state === '' ? undefined : state, active: query['active'] === 'true' || query['active'] === '1', fromMs: number('from'), toMs: number('to') };
}

export function watchRoutes(watch: WatchService) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: Static<typeof SubmitBody> }>(
      '/api/watch-requests',
      { config: { access: { kind: 'action', action: 'watch.request' } }, schema: { tags: ['watch'], summary: 'A mayor asks the centre to watch live (his commune)', body: SubmitBody } },
      async (request, reply) => {
        const created = await watch.submit(request.body, watchActor(request.actor));
        note(request, 'watch.submit', created, { cameraIds: created.cameraIds, fromMs: created.fromMs, toMs: created.toMs, area: created.area !== null });
        reply.code(201);
        return created;
      },
    );

    app.get(
      '/api/watch-requests',
      {
        config: { access: { kind: 'cameras', action: 'watch.read' } },
        schema: { tags: ['watch'], summary: 'Live-watch requests (filters: commune, state, active=true, from, to); a mayor sees his communes only' },
      },
      async (request) => watch.list(readFilter(request.query as Record<string, string | undefined>, visibleCommunes(request))),
    );

    app.get(
      '/api/watch-requests/monitors',
      { config: { access: { kind: 'action', action: 'watch.review' } }, schema: { tags: ['watch'], summary: 'The wall monitors a room lead may choose when accepting' } },
      async () => watch.monitors(),
    );

    app.get<{ Params: IdParams }>(
      '/api/watch-requests/:id',
      { config: { access: { kind: 'cameras', action: 'watch.read' } }, schema: { tags: ['watch'], summary: 'One live-watch request' } },
      async (request) => watch.get(request.params.id, visibleCommunes(request)),
    );

    app.post<{ Params: IdParams; Body: Static<typeof AcceptBody> }>(
      '/api/watch-requests/:id/accept',
      { config: { access: { kind: 'action', action: 'watch.review' } }, schema: { tags: ['watch'], summary: 'Accept, with the cameras and the wall monitor chosen', body: AcceptBody } },
      async (request) => {
        const accepted = await watch.accept(request.params.id, { cameraIds: request.body.cameraIds ?? [], monitorId: request.body.monitorId, note: request.body.note }, watchActor(request.actor));
        note(request, 'watch.accept', accepted, { cameraIds: accepted.acceptedCameraIds, monitorId: accepted.monitorId });
        return accepted;
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof DeclineBody> }>(
      '/api/watch-requests/:id/decline',
      { config: { access: { kind: 'action', action: 'watch.review' } }, schema: { tags: ['watch'], summary: 'Decline, with the reason told to the mayor', body: DeclineBody } },
      async (request) => {
        const declined = await watch.decline(request.params.id, request.body.reason, watchActor(request.actor));
        note(request, 'watch.decline', declined, { reason: declined.reviewNote });
        return declined;
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/watch-requests/:id/cancel',
      { config: { access: { kind: 'action', action: 'watch.request' } }, schema: { tags: ['watch'], summary: 'The mayor withdraws his request before its start' } },
      async (request) => {
        const cancelled = await watch.cancel(request.params.id, watchActor(request.actor));
        note(request, 'watch.cancel', cancelled);
        return cancelled;
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/watch-requests/:id/end',
      { config: { access: { kind: 'action', action: 'watch.review' } }, schema: { tags: ['watch'], summary: 'A room lead ends an accepted or active request early' } },
      async (request) => {
        const ended = await watch.end(request.params.id, watchActor(request.actor));
        note(request, 'watch.end', ended, { cause: 'early' });
        return ended;
      },
    );
  };
}

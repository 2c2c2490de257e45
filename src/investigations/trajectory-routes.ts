// Routes for following a vehicle or person across the territory: the camera topology (read by room leads,
// administrators, auditors and — on their requisitions' cameras — investigators; suggested again and edited by
// room leads and administrators), the proposals from a sighting, the trajectories chained within a requisition
// and their export as one signed package. Every step is journaled (edits with the links before and after).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../access/index.js';
import { journalActor } from '../access/index.js';
import { noteJournal } from '../api/journal-note.js';
import { requireAllCameras, requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import { scopeIncludes } from '../territory/index.js';
import type { Requisitions } from './requisitions.js';
import type { Topology, TopologyCamera } from './topology.js';
import type { FollowActor, Trajectories, Trajectory } from './trajectory.js';

const Box = Type.Object({ x: Type.Number(), y: Type.Number(), w: Type.Number(), h: Type.Number() }, { additionalProperties: false });
const Sighting = Type.Object({ cameraId: Type.String({ maxLength: 200 }), atMs: Type.Integer(), box: Box, detectionId: Type.Optional(Type.Integer()) }, { additionalProperties: false });
const CreateBody = Type.Object({ title: Type.Optional(Type.String({ maxLength: 10_000 })), sightings: Type.Array(Sighting, { maxItems: 1000 }) }, { additionalProperties: false });
const ProposalBody = Type.Object({ sighting: Sighting }, { additionalProperties: false });
const Link = Type.Object(
  {
    direction: Type.String({ maxLength: 10 }),
    toCameraId: Type.String({ maxLength: 200 }),
    walkMinS: Type.Number(),
    walkMaxS: Type.Number(),
    driveMinS: Type.Number(),
    driveMaxS: Type.Number(),
  },
  { additionalProperties: false },
);
const LinksBody = Type.Object({ links: Type.Array(Link, { maxItems: 1000 }) }, { additionalProperties: false });
type IdParams = { id: string };

const tags = ['investigations'];

/** What the routes need besides the two services. */
export interface TrajectoryRouteDeps {
  readonly topology: Topology;
  readonly trajectories: Trajectories;
  readonly requisitions: Pick<Requisitions, 'scopeGrants'>;
  /** Every camera, with its commune, for the map. */
  readonly cameras: () => Promise<readonly (TopologyCamera & { readonly name: string; readonly communeInsee: string })[]>;
  /** The access policy on recorded pictures of one camera over a range, as playback decides it. */
  readonly mayView: (actor: Actor, cameraId: string, range: { readonly fromMs: number; readonly toMs: number }) => Promise<boolean>;
}

function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  return request.actor;
}

function follower(request: FastifyRequest, mayView: TrajectoryRouteDeps['mayView']): FollowActor {
  const actor = actorOf(request);
  return { id: actor.id, username: actor.username, role: actor.role, mayView: (cameraId, range) => mayView(actor, cameraId, range) };
}

function summary(trajectory: Trajectory): Record<string, unknown> {
  return {
    requisitionId: trajectory.requisitionId,
    reference: trajectory.reference,
    sightings: trajectory.sightings.map((s) => ({ seq: s.seq, cameraId: s.cameraId, atMs: s.atMs })),
  };
}

export function trajectoryRoutes(deps: TrajectoryRouteDeps) {
  const { topology, trajectories } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/api/topology',
      {
        config: { access: { kind: 'cameras', action: 'topology.read' } },
        schema: { tags, summary: "The camera topology on the map: the cameras the caller sees (an investigator: his requisitions' cameras) and the links between them" },
      },
      async (request) => {
        const actor = actorOf(request);
        const scope = requireCameraScope(request);
        const all = await deps.cameras();
        let visible: Set<string>;
        if (actor.role === 'investigator') visible = new Set((await deps.requisitions.scopeGrants(actor.id)).flatMap((grant) => grant.cameraIds));
        else visible = new Set(all.filter((camera) => scopeIncludes(scope, camera.communeInsee)).map((camera) => camera.id));
        const cameras = all.filter((camera) => visible.has(camera.id)).map((c) => ({ id: c.id, name: c.name, communeInsee: c.communeInsee, position: c.position, fieldOfView: c.fieldOfView }));
        const links = (await topology.list([...visible])).filter((link) => visible.has(link.toCameraId));
        return { cameras, links };
      },
    );

    app.post(
      '/api/topology/suggest',
      {
        config: { access: { kind: 'cameras', action: 'topology.manage' } },
        schema: { tags, summary: "Suggest the topology again from the cameras' positions and fields of view (cameras edited by hand keep their links)" },
      },
      async (request) => {
        requireAllCameras(request);
        const result = await topology.suggest(actorOf(request).username);
        noteJournal(request, { action: 'topology.suggest', target: { type: 'topology' }, details: { ...result } });
        return result;
      },
    );

    app.put<{ Params: IdParams; Body: Static<typeof LinksBody> }>(
      '/api/topology/:id',
      {
        config: { access: { kind: 'cameras', action: 'topology.manage' } },
        schema: { tags, summary: "Replace a camera's neighbours (direction of exit, next camera, travel times on foot and by vehicle)", body: LinksBody },
      },
      async (request) => {
        const scope = requireCameraScope(request);
        const communes = new Map((await deps.cameras()).map((camera) => [camera.id, camera.communeInsee]));
        for (const cameraId of [request.params.id, ...request.body.links.map((link) => link.toCameraId)]) {
          const commune = communes.get(cameraId);
          if (commune !== undefined && !scopeIncludes(scope, commune)) {
            throw new VigieError('VIGIE_TOPOLOGY_CAMERA_UNKNOWN', `La caméra « ${cameraId} » est hors de vos communes.`, { status: 403, context: { cameraId } });
          }
        }
        const { before, after } = await topology.replace(request.params.id, request.body.links, actorOf(request).username);
        const brief = (links: typeof before) => links.map((l) => ({ direction: l.direction, toCameraId: l.toCameraId, walk: [l.walkMinS, l.walkMaxS], drive: [l.driveMinS, l.driveMaxS] }));
        noteJournal(request, { action: 'topology.edit', target: { type: 'camera', id: request.params.id, cameraId: request.params.id }, details: { before: brief(before), after: brief(after) } });
        return { links: after };
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof ProposalBody> }>(
      '/api/requisitions/:id/trajectory-proposals',
      {
        config: { access: { kind: 'action', action: 'trajectory.follow' } },
        schema: { tags, summary: 'From a sighting: the next cameras, their time windows and the candidate detections of the same class and colours there', body: ProposalBody },
      },
      async (request) => {
        const proposal = await trajectories.propose(request.params.id, request.body.sighting, follower(request, deps.mayView));
        noteJournal(request, {
          action: 'trajectory.propose',
          target: { type: 'requisition', id: request.params.id },
          details: {
            sighting: { cameraId: proposal.sighting.cameraId, atMs: proposal.sighting.atMs, detectionId: proposal.sighting.detectionId },
            next: proposal.next.map((n) => ({ cameraId: n.cameraId, inScope: n.inScope, candidates: n.candidates.length })),
          },
        });
        return proposal;
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof CreateBody> }>(
      '/api/requisitions/:id/trajectories',
      { config: { access: { kind: 'action', action: 'trajectory.follow' } }, schema: { tags, summary: 'Start a trajectory from its first confirmed sighting(s), in time order', body: CreateBody } },
      async (request, reply) => {
        const created = await trajectories.create(request.params.id, request.body, follower(request, deps.mayView));
        noteJournal(request, { action: 'trajectory.create', target: { type: 'trajectory', id: created.id }, details: summary(created) });
        reply.code(201);
        return created;
      },
    );

    app.get<{ Params: IdParams }>(
      '/api/requisitions/:id/trajectories',
      { config: { access: { kind: 'action', action: 'requisition.read' } }, schema: { tags, summary: 'The trajectories of a requisition, newest first' } },
      async (request) => trajectories.list(request.params.id, follower(request, deps.mayView)),
    );

    app.get<{ Params: IdParams }>(
      '/api/trajectories/:id',
      { config: { access: { kind: 'action', action: 'requisition.read' } }, schema: { tags, summary: 'One trajectory and its sightings' } },
      async (request) => trajectories.get(request.params.id, follower(request, deps.mayView)),
    );

    app.post<{ Params: IdParams; Body: Static<typeof Sighting> }>(
      '/api/trajectories/:id/sightings',
      { config: { access: { kind: 'action', action: 'trajectory.follow' } }, schema: { tags, summary: 'Chain one more confirmed sighting (after the last one)', body: Sighting } },
      async (request) => {
        const updated = await trajectories.addSighting(request.params.id, request.body, follower(request, deps.mayView));
        const added = updated.sightings[updated.sightings.length - 1];
        noteJournal(request, {
          action: 'trajectory.sighting-add',
          target: { type: 'trajectory', id: updated.id },
          details: { ...summary(updated), added: added === undefined ? null : { seq: added.seq, cameraId: added.cameraId, atMs: added.atMs, detectionId: added.detectionId ?? null } },
        });
        return updated;
      },
    );

    app.delete<{ Params: IdParams }>(
      '/api/trajectories/:id/sightings/last',
      { config: { access: { kind: 'action', action: 'trajectory.follow' } }, schema: { tags, summary: 'Take back the last sighting of a trajectory' } },
      async (request) => {
        const { trajectory, removed } = await trajectories.removeLast(request.params.id, follower(request, deps.mayView));
        noteJournal(request, {
          action: 'trajectory.sighting-remove',
          target: { type: 'trajectory', id: trajectory.id },
          details: { ...summary(trajectory), removed: { seq: removed.seq, cameraId: removed.cameraId, atMs: removed.atMs } },
        });
        return trajectory;
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/trajectories/:id/export',
      {
        config: { access: { kind: 'action', action: 'requisition.review' } },
        schema: { tags, summary: 'Export the trajectory with a clip around each sighting as one signed package (checked by `vigie export verify`)' },
      },
      async (request) => {
        const exported = await trajectories.export(request.params.id, follower(request, deps.mayView), journalActor(request.actor));
        noteJournal(request, { action: 'trajectory.export', target: { type: 'trajectory', id: exported.id }, details: { ...summary(exported), exportId: exported.exportId } });
        return exported;
      },
    );
  };
}

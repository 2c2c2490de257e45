// The cameras an extension of a requisition may add, as the extension form offers them: the neighbours of its
// scope — the cameras of the communes its cameras stand in, and those within the topology's reach (5 km) of one of
// them (a suspect leaving for the next commune) — not yet in it, by name and commune only (no stream, no position).
// The investigator may not list the estate (GET /api/cameras answers him 403); this is what he may legitimately ask
// for, and the room lead, asking on his behalf, gets the same. Asking grants nothing: the room lead decides.
import type { FastifyInstance } from 'fastify';
import { VigieError } from '../core/errors.js';
import type { CameraScope } from '../territory/index.js';
import { GRANTING_STATES } from './model.js';
import { distanceM, MAX_NEIGHBOUR_M } from './topology.js';
import type { InvestigationActor, Requisitions } from './requisitions.js';

export interface ExtensionCamera {
  readonly id: string;
  readonly name: string;
  readonly communeInsee: string;
  readonly communeName: string;
}

export interface ExtensionCameraDeps {
  readonly requisitions: Pick<Requisitions, 'get'>;
  readonly cameras: (scope: CameraScope) => Promise<readonly (ExtensionCamera & { readonly enabled: boolean; readonly position: { readonly lat: number; readonly lon: number } })[]>;
}

/** The cameras the requisition's extension may add (its cameras' communes or within 5 km of one, enabled, not yet in it), by commune then name. */
export async function extensionCameras(deps: ExtensionCameraDeps, requisitionId: string, viewer: InvestigationActor): Promise<ExtensionCamera[]> {
  const requisition = await deps.requisitions.get(requisitionId, viewer);
  if (!GRANTING_STATES.includes(requisition.state))
    throw new VigieError('VIGIE_REQUISITION_STATE', 'Une extension ne se demande que pour une réquisition validée, pas encore clôturée.', { status: 409 });
  const all = await deps.cameras({ all: true });
  const own = all.filter((camera) => requisition.cameraIds.includes(camera.id));
  const communes = new Set(own.map((camera) => camera.communeInsee));
  const near = (position: { readonly lat: number; readonly lon: number }): boolean => own.some((camera) => distanceM(camera.position, position) <= MAX_NEIGHBOUR_M);
  const collator = new Intl.Collator('fr', { numeric: true });
  return all
    .filter((camera) => camera.enabled && !requisition.cameraIds.includes(camera.id) && (communes.has(camera.communeInsee) || near(camera.position)))
    .map(({ id, name, communeInsee, communeName }) => ({ id, name, communeInsee, communeName }))
    .sort((a, b) => collator.compare(a.communeName, b.communeName) || collator.compare(a.name, b.name));
}

export function extensionCameraRoutes(deps: ExtensionCameraDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { id: string } }>(
      '/api/requisitions/:id/extension-cameras',
      {
        config: { access: { kind: 'action', action: 'requisition.request' } },
        schema: { tags: ['investigations'], summary: "The cameras an extension may add: those of the requisition's communes not yet in it, by name and commune (no stream)" },
      },
      async (request) => {
        const actor = request.actor;
        if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
        return { cameras: await extensionCameras(deps, request.params.id, { id: actor.id, username: actor.username, role: actor.role }) };
      },
    );
  };
}

// The map of the requisition registration form: the commune outlines and, per camera, only what placing it needs —
// id, name, commune, position and field of view (no state, no stream, no credentials). An investigator may not
// list the estate (GET /api/cameras and /api/communes/outlines answer him 403), yet registers a requisition with
// "cameras or an area drawn on the map"; whoever may register (investigators, room leads on their behalf) gets
// this, within his camera scope (a commune-bound token: its communes). Not journaled: reads of camera lists are
// not (docs/access.md: denials, mutations and video are); registering is.
import type { FastifyInstance } from 'fastify';
import { scopeOf } from '../access/index.js';
import { VigieError } from '../core/errors.js';
import type { Camera, CameraScope } from '../territory/index.js';

export interface RegistrationCamera {
  readonly id: string;
  readonly name: string;
  readonly communeInsee: string;
  readonly communeName: string;
  readonly position: Camera['position'];
  readonly fieldOfView: Camera['fieldOfView'];
}

export interface RegistrationMapDeps {
  readonly cameras: (scope: CameraScope) => Promise<readonly Camera[]>;
  /** The commune outlines within a scope, as GeoJSON (the console's map reads them). */
  readonly outlines: (scope: CameraScope) => Promise<unknown>;
}

/** The cameras a scope covers, reduced to what the registration map shows, by commune then name. */
export async function registrationCameras(deps: Pick<RegistrationMapDeps, 'cameras'>, scope: CameraScope): Promise<RegistrationCamera[]> {
  const collator = new Intl.Collator('fr', { numeric: true });
  return (await deps.cameras(scope))
    .map(({ id, name, communeInsee, communeName, position, fieldOfView }) => ({ id, name, communeInsee, communeName, position, fieldOfView }))
    .sort((a, b) => collator.compare(a.communeName, b.communeName) || collator.compare(a.name, b.name));
}

export function registrationMapRoutes(deps: RegistrationMapDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/api/requisitions/registration-map',
      {
        config: { access: { kind: 'action', action: 'requisition.request' } },
        schema: {
          tags: ['investigations'],
          summary: 'The map of the registration form: commune outlines and the cameras (id, name, commune, position, field of view; no state, no stream) within the caller’s scope',
        },
      },
      async (request) => {
        if (request.actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
        const { role, communes, kind } = request.actor;
        // A token narrowed to communes sees those only (scopeOf's rule); investigators are not grant-scoped here: they may ask for any camera.
        const scope = scopeOf({ role, communes, ...(kind === 'token' ? { tokenActions: [] } : {}) });
        const [outlines, cameras] = await Promise.all([deps.outlines(scope), registrationCameras(deps, scope)]);
        return { outlines, cameras };
      },
    );
  };
}

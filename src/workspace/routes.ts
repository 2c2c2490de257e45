// Workspace API: the caller's favourite cameras, the commune outlines of the map (only the caller's communes
// for a commune-bound role), and the map's tile settings.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../access/index.js';
import { requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import type { Workspace } from './workspace.js';

const FavouriteParams = Type.Object({ cameraId: Type.String({ minLength: 1, maxLength: 100 }) });
const Favourites = Type.Object({ cameraIds: Type.Array(Type.String()) });

function requireActor(request: FastifyRequest): Actor {
  if (request.actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  return request.actor;
}

export function workspaceRoutes(workspace: Workspace): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const tags = ['workspace'];
    app.get(
      '/api/me/favourites',
      {
        config: { access: { kind: 'cameras', action: 'camera.list' } },
        schema: { tags, summary: 'The caller’s favourite cameras, among those he may still see', response: { 200: Favourites } },
      },
      async (request) => ({ cameraIds: await workspace.visibleFavourites(requireActor(request).id, requireCameraScope(request)) }),
    );
    app.put(
      '/api/me/favourites/:cameraId',
      {
        config: { access: { kind: 'camera', action: 'camera.read', cameraId: (request) => (request.params as { cameraId?: string }).cameraId } },
        schema: { tags, summary: 'Star a camera the caller may see', params: FavouriteParams, response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        await workspace.favourites.add(requireActor(request).id, (request.params as Static<typeof FavouriteParams>).cameraId);
        return reply.status(204).send();
      },
    );
    app.delete(
      '/api/me/favourites/:cameraId',
      {
        // Removing one's own star needs no right on the camera: one that left the caller's scope can still be unstarred.
        config: { access: { kind: 'action', action: 'session.read' } },
        schema: { tags, summary: 'Unstar a camera (nothing happens if it was not starred)', params: FavouriteParams, response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        await workspace.favourites.remove(requireActor(request).id, (request.params as Static<typeof FavouriteParams>).cameraId);
        return reply.status(204).send();
      },
    );
    app.get(
      '/api/communes/outlines',
      {
        config: { access: { kind: 'cameras', action: 'territory.read' } },
        schema: { tags: ['territory'], summary: 'Commune outlines as a GeoJSON FeatureCollection, simplified; commune-bound callers get their communes only' },
      },
      async (request, reply) => reply.type('application/geo+json').send(await workspace.communeOutlines(requireCameraScope(request))),
    );
    app.get(
      '/api/console/map',
      {
        config: { access: { kind: 'action', action: 'territory.read' } },
        schema: {
          tags,
          summary: 'Map settings of the console: the raster tile URL template, if one is configured',
          response: { 200: Type.Object({ tileUrl: Type.Union([Type.String(), Type.Null()]), tileAttribution: Type.Union([Type.String(), Type.Null()]) }) },
        },
      },
      async () => workspace.mapSettings,
    );
  };
}

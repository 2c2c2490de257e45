// The territory's HTTP API as one encapsulated Fastify plugin: communes, sectors and cameras. Each route
// declares its access rule (api/route-access.ts); the auth hook checks it and journals every mutation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { noteJournal } from '../api/journal-note.js';
import { cameraIdParam, requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import { TERRITORY_ERRORS } from './errors.js';
import { sourceFromText, type ImportSource } from './import-rows.js';
import type { Camera, ImportReport as Report, Sector } from './model.js';
import { scopeIncludes } from './scope.js';
import * as S from './route-schemas.js';
import type { Territory } from './territory.js';
import { cameraView, communeDetailView, communeView, sectorView } from './views.js';

export function territoryRoutes(territory: Territory): (app: FastifyInstance) => Promise<void> {
  return async (root) => {
    await root.register(async (app) => {
      registerImportParsers(app);
      registerCommuneRoutes(app, territory);
      registerSectorRoutes(app, territory);
      registerCameraRoutes(app, territory);
    });
  };
}

/** Stream URLs (stored without credentials) are configuration: shown to administrators only, never to viewers. */
function viewFor(request: FastifyRequest, camera: Camera): ReturnType<typeof cameraView> {
  return cameraView(camera, { streams: request.actor?.role === 'administrator' ? 'shown' : 'hidden' });
}

function registerCameraRoutes(app: FastifyInstance, territory: Territory): void {
  const tags = ['cameras'];
  const byId = { kind: 'camera', cameraId: cameraIdParam } as const;
  app.get(
    '/api/cameras',
    {
      config: { access: { kind: 'cameras', action: 'camera.list' } },
      schema: { tags, summary: 'Cameras the caller may see (mayors: their communes only)', response: { 200: Type.Array(S.CameraView) } },
    },
    async (request) => (await territory.cameras.list(requireCameraScope(request))).map((camera) => viewFor(request, camera)),
  );
  app.get(
    '/api/cameras/:id',
    {
      config: { access: { ...byId, action: 'camera.read' } },
      schema: { tags, summary: 'One camera', params: S.IdParams, response: { 200: S.CameraView } },
    },
    async (request) => viewFor(request, await territory.cameras.require((request.params as Static<typeof S.IdParams>).id)),
  );
  app.post(
    '/api/cameras',
    {
      config: { access: { kind: 'action', action: 'camera.manage' } },
      schema: { tags, summary: 'Add a camera', body: S.CameraCreateBody, response: { 201: S.CameraView } },
    },
    async (request, reply) => {
      const camera = await territory.cameras.create(request.body as Static<typeof S.CameraCreateBody>);
      noteJournal(request, { target: { type: 'camera', id: camera.id, cameraId: camera.id, communeInsee: camera.communeInsee }, details: { name: camera.name } });
      return reply.status(201).send(viewFor(request, camera));
    },
  );
  app.patch(
    '/api/cameras/:id',
    {
      config: { access: { ...byId, action: 'camera.manage' } },
      schema: { tags, summary: 'Change a camera (fields given replace those stored)', params: S.IdParams, body: S.CameraPatchBody, response: { 200: S.CameraView } },
    },
    async (request) => viewFor(request, await territory.cameras.update((request.params as Static<typeof S.IdParams>).id, request.body as Static<typeof S.CameraPatchBody>)),
  );
  app.delete(
    '/api/cameras/:id',
    {
      config: { access: { ...byId, action: 'camera.manage' } },
      schema: { tags, summary: 'Remove a camera from the inventory', params: S.IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await territory.cameras.remove((request.params as Static<typeof S.IdParams>).id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/cameras/:id/probe',
    {
      config: { access: { ...byId, action: 'camera.manage' } },
      schema: {
        tags,
        summary: "Test a camera's stream with its stored credentials: codec, resolution, frame rate, bitrate, legal floors",
        params: S.IdParams,
        body: S.ProbeBody,
        response: { 200: S.ProbeReport },
      },
    },
    async (request) => {
      const stream = (request.body as Static<typeof S.ProbeBody> | undefined)?.stream ?? 'main';
      const result = await territory.probeCamera((request.params as Static<typeof S.IdParams>).id, stream);
      noteJournal(request, { details: { stream, ok: result.ok, ...(result.ok ? {} : { failure: result.failure }) } });
      return result;
    },
  );
  app.post(
    '/api/cameras/probe',
    {
      config: { access: { kind: 'action', action: 'camera.manage' } },
      schema: { tags, summary: 'Test a stream not saved yet (the credentials are used once, never stored or answered)', body: S.ProbeUrlBody, response: { 200: S.ProbeReport } },
    },
    async (request) => {
      const result = await territory.probeUrl(request.body as Static<typeof S.ProbeUrlBody>);
      noteJournal(request, { details: { ok: result.ok, ...(result.ok ? {} : { failure: result.failure }) } });
      return result;
    },
  );
  app.post(
    '/api/cameras/import',
    {
      config: { access: { kind: 'action', action: 'camera.manage' } },
      schema: {
        tags,
        summary: 'Bulk import (CSV or GeoJSON), all or nothing, with a per-line report; ?dryRun=true previews what would change without writing',
        consumes: IMPORT_TYPES,
        querystring: S.CameraImportQuery,
        body: S.ImportBody,
        response: { 200: S.CameraImportReport },
      },
    },
    async (request, reply) => {
      const { mode, dryRun } = request.query as Static<typeof S.CameraImportQuery>;
      const report = await territory.cameras.import(importSource(request.body), undefined, { mode: mode ?? 'create', dryRun: dryRun === true });
      // A preview with bad lines is a successful preview: 200, the bad lines in "errors".
      if (report.dryRun) return report;
      return sendReport(request, reply, 'camera.import', report);
    },
  );
}

function registerCommuneRoutes(app: FastifyInstance, territory: Territory): void {
  const tags = ['territory'];
  app.get(
    '/api/communes',
    {
      config: { access: { kind: 'action', action: 'territory.read' } },
      schema: { tags, summary: 'Communes of the territory (without outlines)', response: { 200: Type.Array(S.CommuneView) } },
    },
    async () => (await territory.communes.list()).map(communeView),
  );
  app.get(
    '/api/communes/:insee',
    {
      config: { access: { kind: 'action', action: 'territory.read' } },
      schema: { tags, summary: 'One commune with its outline', params: S.InseeParams, response: { 200: S.CommuneDetailView } },
    },
    async (request) => communeDetailView(await territory.communes.get((request.params as Static<typeof S.InseeParams>).insee.toUpperCase())),
  );
  app.post(
    '/api/communes/import',
    {
      config: { access: { kind: 'action', action: 'territory.manage' } },
      schema: { tags, summary: 'Import communes (GeoJSON with outlines, or CSV), all or nothing', consumes: IMPORT_TYPES, body: S.ImportBody, response: { 200: S.ImportReport } },
    },
    async (request, reply) => sendReport(request, reply, 'commune.import', await territory.communes.import(importSource(request.body))),
  );
}

function registerSectorRoutes(app: FastifyInstance, territory: Territory): void {
  const tags = ['territory'];
  const manage = { access: { kind: 'action', action: 'territory.manage' } } as const;
  app.get(
    '/api/sectors',
    {
      config: { access: { kind: 'cameras', action: 'territory.read' } },
      schema: {
        tags,
        summary: 'Sectors (groups of cameras and/or areas); commune-scoped callers see those of their communes or with their cameras, and only those cameras',
        response: { 200: Type.Array(S.SectorView) },
      },
    },
    async (request) => {
      const scope = requireCameraScope(request);
      const sectors = await territory.sectors.list();
      if (scope.all) return sectors.map(sectorView);
      const visible = new Set((await territory.cameras.list(scope)).map((camera) => camera.id));
      return sectors
        .map((sector) => ({ ...sector, cameraIds: sector.cameraIds.filter((id) => visible.has(id)) }))
        .filter((sector) => sector.cameraIds.length > 0 || (sector.communeInsee !== null && scopeIncludes(scope, sector.communeInsee)))
        .map(sectorView);
    },
  );
  app.post(
    '/api/sectors',
    {
      config: manage,
      schema: { tags, summary: 'Create a sector', body: S.SectorCreateBody, response: { 201: S.SectorView } },
    },
    async (request, reply) => {
      const sector = await territory.sectors.create(request.body as Static<typeof S.SectorCreateBody>);
      noteSector(request, 'sector.create', sector);
      return reply.status(201).send(sectorView(sector));
    },
  );
  app.patch(
    '/api/sectors/:id',
    {
      config: manage,
      schema: { tags, summary: 'Change a sector (cameraIds given replace its members)', params: S.IdParams, body: S.SectorPatchBody, response: { 200: S.SectorView } },
    },
    async (request) => {
      const body = request.body as Static<typeof S.SectorPatchBody>;
      const { id } = request.params as Static<typeof S.IdParams>;
      // Named before the change, so that a refused change is journaled under the same action.
      noteJournal(request, { action: 'sector.update', target: { type: 'sector', id } });
      const sector = await territory.sectors.update(id, body);
      noteSector(request, 'sector.update', sector, Object.keys(body));
      return sectorView(sector);
    },
  );
  app.delete(
    '/api/sectors/:id',
    {
      config: manage,
      schema: { tags, summary: 'Delete a sector (its cameras stay)', params: S.IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const sector = await territory.sectors.get((request.params as Static<typeof S.IdParams>).id);
      await territory.sectors.remove(sector.id);
      noteSector(request, 'sector.delete', sector);
      return reply.status(204).send();
    },
  );
}

/** The journal entry of a sector change: which sector, its commune, what it is after the change (or was, removed). */
function noteSector(request: FastifyRequest, action: string, sector: Sector, changed?: readonly string[]): void {
  noteJournal(request, {
    action,
    target: { type: 'sector', id: sector.id, ...(sector.communeInsee === null ? {} : { communeInsee: sector.communeInsee }) },
    details: { name: sector.name, sensitive: sector.sensitive, area: sector.area !== null, cameras: sector.cameraIds.length, ...(changed === undefined ? {} : { changed }) },
  });
}

const IMPORT_TYPES = ['text/csv', 'application/geo+json', 'application/json', 'text/plain'];

/** CSV arrives as text; GeoJSON as application/geo+json, which Fastify does not parse by itself. */
function registerImportParsers(app: FastifyInstance): void {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('application/geo+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string) as unknown);
    } catch (error) {
      done(new VigieError(TERRITORY_ERRORS.importMalformed, `the body is not valid JSON: ${(error as Error).message}`, { status: 400 }), undefined);
    }
  });
}

function importSource(body: unknown): ImportSource {
  if (typeof body === 'string') {
    const source = sourceFromText(body);
    if ('kind' in source) return source;
    throw new VigieError(TERRITORY_ERRORS.importMalformed, source.message, { status: 400 });
  }
  if (typeof body === 'object' && body !== null) return { kind: 'geojson', document: body };
  throw new VigieError(TERRITORY_ERRORS.importMalformed, 'send a CSV (text/csv) or a GeoJSON FeatureCollection (application/geo+json)', { status: 400 });
}

/** The auth hook journals the request; the note gives that entry the import's action and counts. */
function sendReport(request: FastifyRequest, reply: FastifyReply, action: string, report: Report): FastifyReply {
  noteJournal(request, { action, details: { imported: report.imported, errors: report.errors.length } });
  if (report.errors.length === 0) return reply.status(200).send(report);
  return reply.status(400).send({
    error: TERRITORY_ERRORS.importRejected,
    message: `${new Set(report.errors.map((e) => e.line)).size} line(s) rejected; nothing was imported`,
    ...report,
    imported: 0,
  });
}

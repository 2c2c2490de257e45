// Export API: create (video.export over the camera and range), follow, list, and download package files.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { journalActor, type Access, type Actor, type Decision } from '../access/index.js';
import { noteJournal } from '../api/journal-note.js';
import { requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import type { ExportService } from './service.js';

const CreateBody = Type.Object(
  {
    cameraId: Type.String({ minLength: 1 }),
    from: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]),
    to: Type.Union([Type.String({ minLength: 1 }), Type.Integer()]),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    reference: Type.String({ minLength: 1, maxLength: 200 }),
    caption: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
type CreateBody = Static<typeof CreateBody>;

const PACKAGE_FILES = new Set(['video.mp4', 'video-captioned.mp4', 'player.html', 'README.txt', 'signing-key.pem', 'manifest.json', 'manifest.sig', 'SHA256SUMS']);

function instant(value: string | number): number {
  const ms = typeof value === 'number' ? value : Number.isFinite(Number(value)) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new VigieError('VIGIE_BAD_INSTANT', `"${String(value)}" is not an ISO 8601 date-time or ms since the epoch`, { status: 400 });
  return ms;
}

export function exportRoutes(exports: ExportService, access: Pick<Access, 'decideCamera'>) {
  return async (app: FastifyInstance): Promise<void> => {
    const body = (request: { body?: unknown }): Partial<CreateBody> => (request.body ?? {}) as Partial<CreateBody>;
    app.post<{ Body: CreateBody }>(
      '/api/exports',
      {
        config: {
          access: {
            kind: 'camera',
            action: 'video.export',
            cameraId: (request) => body(request).cameraId,
            timeRange: (request) => {
              const b = body(request);
              try {
                return b.from === undefined || b.to === undefined ? undefined : { fromMs: instant(b.from), toMs: instant(b.to) };
              } catch {
                return undefined;
              }
            },
          },
        },
        schema: { tags: ['export'], summary: 'Export a camera over a range as a signed package', body: CreateBody },
      },
      async (request, reply) => {
        const b = request.body;
        const { view } = await exports.create(
          { cameraId: b.cameraId, fromMs: instant(b.from), toMs: instant(b.to), reason: b.reason, reference: b.reference, caption: b.caption ?? false },
          journalActor(request.actor),
        );
        // The request's journal entry says which export, for which procedure and why (the auditor reads it there).
        noteJournal(request, { details: { exportId: view.id, reference: b.reference, reason: b.reason, fromMs: instant(b.from), toMs: instant(b.to) } });
        reply.code(202);
        return view;
      },
    );

    /** Whether the caller may export this camera over this range now (its scope, its window). */
    const mayExport = async (actor: Actor | null, view: { camera_id: string; from_ms: number; to_ms: number }): Promise<Decision> =>
      actor === null ? { allowed: false, reason: 'log in first' } : access.decideCamera(actor, 'video.export', { cameraId: view.camera_id, timeRange: { fromMs: view.from_ms, toMs: view.to_ms } });

    app.get(
      '/api/exports',
      { config: { access: { kind: 'cameras', action: 'video.export' } }, schema: { tags: ['export'], summary: 'Recent exports of the cameras the caller may export' } },
      async (request) => {
        const views = await exports.list();
        if (requireCameraScope(request).all) return views;
        const allowed = await Promise.all(views.map(async (view) => (await mayExport(request.actor, view)).allowed));
        return views.filter((_view, i) => allowed[i] === true);
      },
    );

    const owned = async (request: { params: unknown; actor: Actor | null }) => {
      const view = await exports.get((request.params as { id: string }).id);
      const decision = await mayExport(request.actor, view);
      if (!decision.allowed) throw new VigieError('VIGIE_FORBIDDEN', `refused: ${decision.reason}`, { status: 403 });
      return view;
    };

    app.get('/api/exports/:id', { config: { access: { kind: 'cameras', action: 'video.export' } }, schema: { tags: ['export'], summary: 'One export and its state' } }, async (request) => {
      const view = await owned(request);
      return { ...view, files: view.status === 'done' ? [...PACKAGE_FILES].map((name) => `/api/exports/${view.id}/files/${name}`) : [] };
    });

    app.get(
      '/api/exports/:id/verification',
      { config: { access: { kind: 'cameras', action: 'video.export' } }, schema: { tags: ['export'], summary: "A finished package's manifest and its signature and checksums checked" } },
      async (request) => {
        const view = await owned(request);
        return exports.verify(view.id);
      },
    );

    app.get(
      '/api/exports/:id/files/:name',
      { config: { access: { kind: 'cameras', action: 'video.export' } }, schema: { tags: ['export'], summary: 'Download one file of a finished package' } },
      async (request, reply) => {
        const view = await owned(request);
        const { name } = request.params as { name: string };
        if (view.status !== 'done' || !PACKAGE_FILES.has(name)) throw new VigieError('VIGIE_EXPORT_FILE_NOT_FOUND', `no file ${name} in this export`, { status: 404 });
        const path = join(view.directory, name);
        const size = (await stat(path).catch(() => undefined))?.size;
        if (size === undefined) throw new VigieError('VIGIE_EXPORT_FILE_NOT_FOUND', `no file ${name} in this export`, { status: 404 });
        reply.header('content-length', size).header('content-disposition', `attachment; filename="${name}"`);
        reply.type(name.endsWith('.mp4') ? 'video/mp4' : name.endsWith('.html') ? 'text/html; charset=utf-8' : name.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        return reply.send(createReadStream(path));
      },
    );
  };
}

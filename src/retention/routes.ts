// Retention API: the destruction register (JSON and printable CSV), holds (create, extend, release) and the
// "retention no longer met" alert.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { journalActor } from '../access/index.js';
import { requireAllCameras, requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import type { Retention } from './retention.js';

const HoldBody = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 200 }),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
    kind: Type.Union([Type.Literal('judicial-requisition'), Type.Literal('access-request')]),
    cameraIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 1000 }),
    fromMs: Type.Integer(),
    toMs: Type.Integer(),
    expiresAt: Type.Integer(),
  },
  { additionalProperties: false },
);

const ExtendBody = Type.Object({ expiresAt: Type.Integer() }, { additionalProperties: false });

const CSV_COLUMNS = ['destroyed_at', 'camera_id', 'stream', 'from', 'to', 'bytes', 'segments', 'cause'] as const;

export function retentionRoutes(retention: Pick<Retention, 'holds' | 'register' | 'purge' | 'storage'>) {
  const register = async (query: { from?: string; to?: string }) => {
    const from = Number(query.from ?? 0);
    const to = Number(query.to ?? Number.MAX_SAFE_INTEGER);
    if (!Number.isFinite(from) || !Number.isFinite(to)) throw new VigieError('VIGIE_BAD_RANGE', '"from" and "to" are ms since the epoch', { status: 400 });
    return retention.register.list(from, to);
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/retention/destructions', { config: { access: { kind: 'action', action: 'retention.read' } }, schema: { tags: ['retention'], summary: 'Destruction register' } }, async (request) =>
      register(request.query as { from?: string; to?: string }),
    );

    app.get(
      '/api/retention/destructions.csv',
      { config: { access: { kind: 'action', action: 'retention.read' } }, schema: { tags: ['retention'], summary: 'Destruction register, printable CSV' } },
      async (request, reply) => {
        const rows = await register(request.query as { from?: string; to?: string });
        const iso = (ms: number) => new Date(ms).toISOString();
        const lines = rows.map((r) =>
          [iso(r.destroyed_at), r.camera_id, r.stream, iso(r.from_ms), iso(r.to_ms), r.bytes, r.segments, r.cause].map((v) => `"${String(v).replace(/"/g, '""')}"`).join(';'),
        );
        reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="registre-destructions.csv"');
        return `${CSV_COLUMNS.join(';')}\n${lines.join('\n')}\n`;
      },
    );

    app.get(
      '/api/retention/status',
      { config: { access: { kind: 'action', action: 'retention.read' } }, schema: { tags: ['retention'], summary: 'Whether retention is met (disk-full alert)' } },
      async () => retention.purge.alert(),
    );

    app.get(
      '/api/storage',
      {
        config: { access: { kind: 'cameras', action: 'retention.read' } },
        schema: { tags: ['retention'], summary: 'Disk use per volume and commune, days kept per camera against its retention, fill forecast, notices' },
      },
      async (request) => retention.storage.report(requireCameraScope(request)),
    );

    app.get(
      '/api/storage/notices',
      { config: { access: { kind: 'cameras', action: 'retention.read' } }, schema: { tags: ['retention'], summary: "Live storage notices of the caller's cameras (the console's header)" } },
      async (request) => ({ retention: retention.purge.alert(), notices: await retention.storage.notices(requireCameraScope(request)) }),
    );

    app.get(
      '/api/retention/holds',
      { config: { access: { kind: 'cameras', action: 'retention.read' } }, schema: { tags: ['retention'], summary: 'Holds (active unless ?all=1)' } },
      async (request) => {
        requireAllCameras(request);
        return retention.holds.list((request.query as { all?: string }).all === '1');
      },
    );

    app.post<{ Body: Static<typeof HoldBody> }>(
      '/api/retention/holds',
      { config: { access: { kind: 'cameras', action: 'hold.manage' } }, schema: { tags: ['retention'], summary: 'Create a hold', body: HoldBody } },
      async (request, reply) => {
        requireAllCameras(request);
        reply.code(201);
        return retention.holds.create(request.body, journalActor(request.actor), request.actor?.username ?? '');
      },
    );

    app.post<{ Params: { id: string }; Body: Static<typeof ExtendBody> }>(
      '/api/retention/holds/:id/extend',
      { config: { access: { kind: 'cameras', action: 'hold.manage' } }, schema: { tags: ['retention'], summary: 'Extend a hold', body: ExtendBody } },
      async (request) => {
        requireAllCameras(request);
        return retention.holds.extend(request.params.id, request.body.expiresAt, journalActor(request.actor));
      },
    );

    app.post<{ Params: { id: string } }>(
      '/api/retention/holds/:id/release',
      { config: { access: { kind: 'cameras', action: 'hold.manage' } }, schema: { tags: ['retention'], summary: 'Release a hold' } },
      async (request) => {
        requireAllCameras(request);
        return retention.holds.release(request.params.id, journalActor(request.actor), request.actor?.username ?? '');
      },
    );
  };
}

// Health API of camera streams: one camera's main and sub stream, and the summary of all cameras.
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { cameraIdParam, requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import type { CameraScope } from '../territory/index.js';
import { LINK_ERROR_KINDS, STREAM_STATES, type StreamHealth } from './health.js';
import type { CameraHealth, Ingest } from './ingest.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const StreamHealthSchema = Type.Object({
  state: Type.Union(STREAM_STATES.map((s) => Type.Literal(s))),
  bitrateBps: Type.Integer(),
  fps: Type.Number(),
  keyframeIntervalMs: Nullable(Type.Integer()),
  framesReceived: Type.Integer(),
  framesLost: Type.Integer(),
  lastFrameAtMs: Nullable(Type.Integer()),
  connectedSinceMs: Nullable(Type.Integer()),
  reconnects: Type.Integer(),
  lastError: Type.Union([Type.Null(), Type.Object({ kind: Type.Union(LINK_ERROR_KINDS.map((k) => Type.Literal(k))), message: Type.String(), atMs: Type.Integer() })]),
  codec: Nullable(Type.String()),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
});

const CameraHealthSchema = Type.Object({ cameraId: Type.String(), main: StreamHealthSchema, sub: Type.Union([StreamHealthSchema, Type.Null()]) });

export interface IngestRoutesDeps {
  readonly ingest: Ingest;
  /** The cameras of a scope (from the territory). */
  readonly visibleCameraIds: (scope: CameraScope) => Promise<ReadonlySet<string>>;
}

export function ingestRoutes({ ingest, visibleCameraIds }: IngestRoutesDeps): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.get(
      '/api/cameras/:id/health',
      {
        config: { access: { kind: 'camera', action: 'camera.read', cameraId: cameraIdParam } },
        schema: {
          tags: ['cameras'],
          summary: 'Health of the camera main and sub streams',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
          response: { 200: CameraHealthSchema },
        },
      },
      async (request) => {
        const id = cameraIdParam(request) ?? '';
        const health = ingest.health(id);
        if (health === undefined) throw new VigieError('VIGIE_CAMERA_NOT_INGESTED', `camera ${id} is not ingested (disabled or unknown)`, { status: 404, context: { cameraId: id } });
        return toJson(health);
      },
    );
    app.get(
      '/api/health/cameras',
      {
        config: { access: { kind: 'cameras', action: 'camera.list' } },
        schema: {
          tags: ['system'],
          summary: 'Health of every ingested camera the subject may list, with counts by state of the main streams',
          response: { 200: Type.Object({ counts: Type.Record(Type.String(), Type.Integer()), cameras: Type.Array(CameraHealthSchema) }) },
        },
      },
      async (request) => {
        const visible = await visibleCameraIds(requireCameraScope(request));
        const cameras = ingest.healthAll().filter((camera) => visible.has(camera.cameraId));
        const counts: Record<string, number> = Object.fromEntries(STREAM_STATES.map((s) => [s, 0]));
        for (const camera of cameras) counts[camera.main.state] = (counts[camera.main.state] ?? 0) + 1;
        return { counts, cameras: cameras.map(toJson) };
      },
    );
  };
}

function toJson(health: CameraHealth): object {
  return { cameraId: health.cameraId, main: streamJson(health.main), sub: health.sub === undefined ? null : streamJson(health.sub) };
}

function streamJson(h: StreamHealth): object {
  return {
    state: h.state,
    bitrateBps: h.bitrateBps,
    fps: h.fps,
    keyframeIntervalMs: h.keyframeIntervalMs ?? null,
    framesReceived: h.framesReceived,
    framesLost: h.framesLost,
    lastFrameAtMs: h.lastFrameAtMs ?? null,
    connectedSinceMs: h.connectedSinceMs ?? null,
    reconnects: h.reconnects,
    lastError: h.lastError ?? null,
    codec: h.codec ?? null,
    width: h.width ?? null,
    height: h.height ?? null,
  };
}

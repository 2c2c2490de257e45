// Masks API: administrators (mask.manage) read and replace a camera's masks; each change's journal entry (written
// by the auth hook) carries the masks before and after.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { noteJournal } from '../api/journal-note.js';
import { cameraIdParam } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import type { StreamSource } from '../media/hub/index.js';
import type { Calibrator, CalibrationPtz } from './calibrator.js';
import type { CameraMaskPush } from './camera-push.js';
import { angularToPicture, type PtzPose } from './geometry.js';
import type { CameraMasks } from './model.js';
import { grabPictures, lastPictureJpeg } from './pictures.js';
import type { MaskService } from './service.js';

/** What the editor's still and the calibration need beyond the mask store (main wires the hub and the PTZ service). */
export interface MaskRouteExtras {
  readonly pictures: StreamSource;
  readonly ptz: CalibrationPtz;
  readonly calibrator: Calibrator;
  /** Masks pushed to cameras (absent: Vigie always burns them in). */
  readonly push?: CameraMaskPush | undefined;
}

const manage = { kind: 'camera', action: 'mask.manage', cameraId: cameraIdParam } as const;
const tags = ['masks'];
const PointSchema = Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false });
const Pose = Type.Object({ pan: Type.Number(), tilt: Type.Number(), zoom: Type.Number() }, { additionalProperties: false });
const Sample = Type.Object({ zoom: Type.Number(), fovPan: Type.Number(), fovTilt: Type.Number(), panScale: Type.Number(), tiltScale: Type.Number() }, { additionalProperties: false });
const Observation = Type.Object(
  { landmark: Type.String({ maxLength: 100 }), pan: Type.Number(), tilt: Type.Number(), zoom: Type.Number(), x: Type.Number(), y: Type.Number() },
  { additionalProperties: false },
);
const MasksBody = Type.Object(
  {
    polygons: Type.Array(Type.Array(PointSchema, { maxItems: 1000 }), { maxItems: 32 }),
    ptz: Type.Optional(
      Type.Object(
        {
          drawnAt: Pose,
          calibration: Type.Optional(Type.Array(Sample, { maxItems: 32 })),
          observations: Type.Optional(Type.Array(Observation, { maxItems: 500 })),
          keep: Type.Optional(Type.Array(Type.Array(PointSchema, { maxItems: 1000 }), { maxItems: 32 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
type IdParams = { id: string };
const ModeBody = Type.Object({ mode: Type.Union([Type.Literal('vigie'), Type.Literal('camera')]) }, { additionalProperties: false });
const CalibrationBody = Type.Object({ zooms: Type.Optional(Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { minItems: 2, maxItems: 8 })) }, { additionalProperties: false });

/** The head's pose now, or null for a camera Vigie does not drive (fixed); a PTZ camera that does not answer fails. */
async function poseOf(ptz: CalibrationPtz, cameraId: string): Promise<PtzPose | null> {
  try {
    const { position } = await ptz.status(cameraId);
    return { pan: position.pan, tilt: position.tilt, zoom: position.zoom };
  } catch (error) {
    if (error instanceof VigieError && error.code === 'VIGIE_PTZ_NOT_PTZ') return null;
    throw error;
  }
}

/** What the journal keeps of a camera's masks: the space and the polygons. */
const summary = (masks: CameraMasks | undefined): Record<string, unknown> | null => (masks === undefined ? null : { space: masks.space, polygons: masks.polygons });

export function maskRoutes(masks: MaskService, extras?: MaskRouteExtras) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: IdParams; Body: Static<typeof MasksBody> }>(
      '/api/cameras/:id/masks/check',
      { config: { access: manage }, schema: { tags, summary: 'Checks masks as PUT would store them, storing nothing (the editor, before saving)', body: MasksBody } },
      async (request) => {
        const resolved = await masks.check(request.params.id, request.body);
        return { ok: true, space: resolved.space, polygons: resolved.polygons.length };
      },
    );

    if (extras !== undefined) {
      const { pictures, ptz, calibrator } = extras;
      app.post<{ Params: IdParams }>(
        '/api/cameras/:id/masks/still',
        { config: { access: manage }, schema: { tags, summary: 'The picture to draw masks on (as Vigie publishes it: existing masks burned in), the head pose and the masks in that picture' } },
        async (request) => {
          const cameraId = request.params.id;
          // The picture first: reading the pose asks the head, which would also tell the masks where it is.
          const grabbed = await grabPictures(pictures, `${cameraId}/main`);
          const jpeg = await lastPictureJpeg(grabbed);
          const pose = await poseOf(ptz, cameraId);
          const current = await masks.get(cameraId);
          const calibration = pose === null ? undefined : await masks.calibrationOf(cameraId);
          const inPicture =
            current === undefined
              ? []
              : current.space === 'picture' || current.calibration === null || pose === null
                ? current.polygons
                : current.polygons.map((polygon) => polygon.map((point) => angularToPicture(current.calibration ?? [], pose, point)));
          noteJournal(request, { action: 'mask.still', target: { type: 'camera', id: cameraId }, details: { pose } });
          return {
            jpeg: Buffer.from(jpeg).toString('base64'),
            width: grabbed.track.width ?? null,
            height: grabbed.track.height ?? null,
            pose,
            space: current?.space ?? null,
            polygons: inPicture,
            angular: current?.space === 'angular' ? current.polygons : [],
            calibration: calibration === undefined ? null : { measuredAtMs: calibration.measuredAtMs, measuredBy: calibration.measuredBy, zooms: calibration.samples.map((s) => s.zoom) },
          };
        },
      );

      app.get<{ Params: IdParams }>(
        '/api/cameras/:id/masks/calibration',
        { config: { access: manage }, schema: { tags, summary: "The PTZ camera's stored calibration and the calibration running or last run" } },
        async (request) => {
          const stored = await calibrator.stored(request.params.id);
          return { stored: stored ?? null, job: calibrator.job(request.params.id) };
        },
      );

      app.post<{ Params: IdParams; Body: Static<typeof CalibrationBody> }>(
        '/api/cameras/:id/masks/calibration',
        { config: { access: manage }, schema: { tags, summary: 'Starts the guided PTZ calibration (the head moves for about a minute); read its progress with GET', body: CalibrationBody } },
        async (request, reply) => {
          const actor = request.actor;
          const controller = { kind: 'user' as const, id: actor?.id ?? 'unknown', username: actor?.username ?? 'unknown', role: actor?.role ?? 'administrator' };
          const job = await calibrator.start(request.params.id, controller, request.body.zooms);
          noteJournal(request, { action: 'mask.calibration-start', target: { type: 'camera', id: request.params.id }, details: { zooms: request.body.zooms ?? null } });
          reply.code(202);
          return job;
        },
      );
    }

    const push = extras?.push;
    if (push !== undefined) {
      const modeOf = async (cameraId: string): Promise<Record<string, unknown>> => ({ ...push.status(cameraId), capability: await push.capability(cameraId) });
      app.get<{ Params: IdParams }>(
        '/api/cameras/:id/masks/mode',
        { config: { access: manage }, schema: { tags, summary: 'Where the masks are applied (Vigie burns them in, or the camera, checked), and whether the camera can' } },
        async (request) => modeOf(request.params.id),
      );

      app.put<{ Params: IdParams; Body: Static<typeof ModeBody> }>(
        '/api/cameras/:id/masks/mode',
        {
          config: { access: manage },
          schema: { tags, summary: 'Pushes the masks to the camera and checks its picture (mode camera), or burns them in again (mode vigie); answers once checked', body: ModeBody },
        },
        async (request) => {
          const cameraId = request.params.id;
          if ((await masks.get(cameraId)) === undefined && request.body.mode === 'camera')
            throw new VigieError('VIGIE_MASK_PUSH_UNSUPPORTED', `camera ${cameraId} has no masks to push`, { status: 409 });
          const change = await push.setMode(cameraId, request.body.mode, request.actor?.username ?? 'unknown');
          const summarise = (status: typeof change.before): Record<string, unknown> => ({ mode: status.mode, state: status.state, failure: status.failure });
          noteJournal(request, { action: 'mask.mode', target: { type: 'camera', id: cameraId }, details: { before: summarise(change.before), after: summarise(change.after) } });
          return modeOf(cameraId);
        },
      );
    }

    app.get<{ Params: IdParams }>(
      '/api/cameras/:id/masks',
      { config: { access: manage }, schema: { tags, summary: "A camera's privacy masks (null when it has none)" } },
      async (request) => (await masks.get(request.params.id)) ?? null,
    );

    app.put<{ Params: IdParams; Body: Static<typeof MasksBody> }>(
      '/api/cameras/:id/masks',
      { config: { access: manage }, schema: { tags, summary: "Replaces a camera's masks (picture fractions; PTZ: with the pose drawn at and a calibration)", body: MasksBody } },
      async (request) => {
        const change = await masks.set(request.params.id, request.body, request.actor?.username ?? 'unknown');
        noteJournal(request, { action: 'mask.set', target: { type: 'camera', id: request.params.id }, details: { before: summary(change.before), after: summary(change.after) } });
        return change.after ?? null;
      },
    );

    app.delete<{ Params: IdParams }>('/api/cameras/:id/masks', { config: { access: manage }, schema: { tags, summary: "Removes a camera's masks" } }, async (request, reply) => {
      const change = await masks.remove(request.params.id);
      noteJournal(request, { action: 'mask.remove', target: { type: 'camera', id: request.params.id }, details: { before: summary(change.before), after: null } });
      reply.code(204);
    });
  };
}

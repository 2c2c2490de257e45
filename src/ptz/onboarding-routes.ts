// ONVIF onboarding for administrators (camera.manage): inspect a device from its address and credentials, add
// the camera from what it answers (profiles → main/sub RTSP URIs, snapshot, PTZ and its limits), and list the
// devices WS-Discovery finds on a chosen interface. Credentials go to the territory's encrypted store and are
// never echoed back nor journaled.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { noteJournal } from '../api/journal-note.js';
import { inspectOnvifDevice, probeOnvifDevices, type OnvifInspection } from '../onvif/index.js';
import type { Camera, ChangeAuthor, Territory } from '../territory/index.js';
import type { PtzService } from './service.js';

const manage = { kind: 'action', action: 'camera.manage' } as const;
const tags = ['onvif'];
const Credentials = { address: Type.String({ minLength: 1, maxLength: 500 }), username: Type.Optional(Type.String({ maxLength: 200 })), password: Type.Optional(Type.String({ maxLength: 200 })) };
const InspectBody = Type.Object(Credentials, { additionalProperties: false });
const AddBody = Type.Object(
  {
    ...Credentials,
    name: Type.String({ maxLength: 200 }),
    commune: Type.String({ maxLength: 20 }),
    lat: Type.Number(),
    lon: Type.Number(),
    purposes: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
    retentionDays: Type.Optional(Type.Integer()),
    sectors: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const DiscoverBody = Type.Object(
  {
    localAddress: Type.Optional(Type.String({ maxLength: 64 })),
    target: Type.Optional(Type.String({ maxLength: 64 })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    waitMs: Type.Optional(Type.Integer({ minimum: 200, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

const credentialsOf = (body: { username?: string; password?: string }) =>
  body.username === undefined || body.username === '' ? undefined : { username: body.username, password: body.password ?? '' };

/** What the console shows of an inspection (nothing secret is in it: URIs come without credentials). */
function inspectionView(inspection: OnvifInspection) {
  return { ...inspection, ptzCapable: inspection.ptz !== null };
}

function author(request: FastifyRequest): ChangeAuthor {
  const actor = request.actor;
  return { actor: actor === null ? null : { id: actor.id, username: actor.username, role: actor.role }, via: 'api', ip: request.ip };
}

export function onvifOnboardingRoutes(deps: { readonly ptz: PtzService; readonly territory: Pick<Territory, 'cameras'> }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: Static<typeof InspectBody> }>(
      '/api/onvif/inspect',
      { config: { access: manage }, schema: { tags, summary: 'Read an ONVIF device: identity, profiles, main/sub stream URIs, snapshot URI, PTZ limits', body: InspectBody } },
      async (request) => {
        const inspection = await inspectOnvifDevice(request.body.address, credentialsOf(request.body));
        noteJournal(request, { action: 'onvif.inspect', target: { type: 'onvif-device', id: inspection.deviceUrl }, details: { model: inspection.device.model, ptz: inspection.ptz !== null } });
        return inspectionView(inspection);
      },
    );

    app.post<{ Body: Static<typeof AddBody> }>(
      '/api/onvif/cameras',
      { config: { access: manage }, schema: { tags, summary: 'Add a camera from its ONVIF device (streams, type and PTZ filled in)', body: AddBody } },
      async (request, reply) => {
        const credentials = credentialsOf(request.body);
        const inspection = await inspectOnvifDevice(request.body.address, credentials);
        const device = new URL(inspection.deviceUrl);
        const camera: Camera = await deps.territory.cameras.create(
          {
            name: request.body.name,
            commune: request.body.commune,
            lat: request.body.lat,
            lon: request.body.lon,
            type: inspection.ptz === null ? 'fixed' : 'ptz',
            mainUrl: inspection.mainUri,
            subUrl: inspection.subUri ?? undefined,
            ...(credentials === undefined ? {} : { username: credentials.username, password: credentials.password }),
            onvifHost: device.hostname,
            onvifPort: device.port === '' ? undefined : Number(device.port),
            ...(request.body.purposes === undefined ? {} : { purposes: request.body.purposes }),
            ...(request.body.retentionDays === undefined ? {} : { retentionDays: request.body.retentionDays }),
            ...(request.body.sectors === undefined ? {} : { sectors: request.body.sectors }),
          },
          author(request),
        );
        if (inspection.ptz !== null) await deps.ptz.linkDevice(camera.id, { deviceUrl: inspection.deviceUrl, profileToken: inspection.mainProfile, limits: inspection.ptz });
        noteJournal(request, {
          action: 'onvif.add-camera',
          target: { type: 'camera', id: camera.id, cameraId: camera.id, communeInsee: camera.communeInsee },
          details: { name: camera.name, deviceUrl: inspection.deviceUrl, ptz: inspection.ptz !== null },
        });
        reply.code(201);
        return { camera, inspection: inspectionView(inspection) };
      },
    );

    app.post<{ Body: Static<typeof DiscoverBody> }>(
      '/api/onvif/discover',
      { config: { access: manage }, schema: { tags, summary: 'WS-Discovery probe from a chosen local address (multicast, or unicast to target)', body: DiscoverBody } },
      async (request) => {
        const devices = await probeOnvifDevices({
          ...(request.body.localAddress === undefined ? {} : { localAddress: request.body.localAddress }),
          ...(request.body.target === undefined ? {} : { target: request.body.target }),
          ...(request.body.port === undefined ? {} : { port: request.body.port }),
          waitMs: request.body.waitMs ?? 3000,
        });
        // Mark what is already onboarded, by device host:port.
        const known = new Set((await deps.territory.cameras.list({ all: true })).flatMap((c) => (c.onvif === null ? [] : [`${c.onvif.host}:${c.onvif.port ?? 80}`])));
        noteJournal(request, { action: 'onvif.discover', details: { found: devices.length, localAddress: request.body.localAddress ?? null } });
        return {
          devices: devices.map((d) => {
            const url = d.xaddrs[0] === undefined ? undefined : new URL(d.xaddrs[0]);
            return { ...d, known: url !== undefined && known.has(`${url.hostname}:${url.port === '' ? 80 : url.port}`) };
          }),
        };
      },
    );
  };
}

// TypeBox schemas of the territory routes: request validation, reply serialisation (which also drops any
// field not listed, a second guard against leaking credentials) and the OpenAPI document.
import { Type, type TSchema } from '@sinclair/typebox';
import { CAMERA_TYPES, LEGAL_RETENTION_CAP_DAYS, PURPOSES, type CameraType, type Purpose } from './model.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Position = Type.Object({ lat: Type.Number(), lon: Type.Number() });
const CameraTypeSchema = Type.Unsafe<CameraType>({ type: 'string', enum: [...CAMERA_TYPES], description: 'fixed, ptz (dome) or multisensor' });
const PurposeSchema = Type.Unsafe<Purpose>({ type: 'string', enum: [...PURPOSES], description: 'a purpose of CSI L251-2' });
const SectorRef = Type.Object({ id: Type.String(), name: Type.String(), sensitive: Type.Boolean() });
const Geometry = Type.Unknown({ description: 'GeoJSON Polygon or MultiPolygon (RFC 7946)' });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const InseeParams = Type.Object({ insee: Type.String({ pattern: '^(\\d{5}|2[ABab]\\d{3})$', description: 'INSEE commune code' }) });

export const CameraView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  commune: Type.String({ description: 'INSEE code' }),
  communeName: Type.String(),
  position: Position,
  type: CameraTypeSchema,
  mounting: Nullable(Type.String()),
  retentionDays: Type.Integer(),
  purposes: Type.Array(PurposeSchema),
  enabled: Type.Boolean(),
  narrowField: Type.Boolean(),
  sectors: Type.Array(SectorRef),
  streams: Type.Object({ main: Nullable(Type.String()), sub: Nullable(Type.String()) }, { description: 'RTSP URLs without credentials, for administrators only (null for everyone else)' }),
  hasSubStream: Type.Boolean(),
  hasCredentials: Type.Boolean(),
  onvif: Nullable(Type.Object({ host: Type.String(), port: Nullable(Type.Integer()) })),
  state: Type.String({ description: 'live state from the ingest; "unknown" until reported' }),
  createdAt: Type.Integer({ description: 'ms since the epoch' }),
  updatedAt: Type.Integer({ description: 'ms since the epoch' }),
});

const cameraFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  commune: Type.String({ description: 'INSEE code of a known commune' }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  type: CameraTypeSchema,
  mounting: Nullable(Type.String({ maxLength: 200 })),
  mainUrl: Type.String({ maxLength: 2048, description: 'rtsp:// or rtsps://; user:password in it is moved to the encrypted credentials' }),
  subUrl: Nullable(Type.String({ maxLength: 2048 })),
  username: Nullable(Type.String({ maxLength: 128, description: 'null removes the credentials' })),
  password: Type.String({ maxLength: 256, description: 'stored encrypted, never returned' }),
  // No schema maximum: the validation answers with the legal reason (VIGIE_RETENTION_ABOVE_LEGAL_CAP).
  retentionDays: Type.Integer({ description: `days, 1 to ${LEGAL_RETENTION_CAP_DAYS} (legal cap, CSI L252-5)` }),
  purposes: Type.Array(PurposeSchema, { maxItems: PURPOSES.length }),
  sectors: Type.Array(Type.String(), { maxItems: 50, description: 'sector ids or names' }),
  enabled: Type.Boolean(),
  narrowField: Type.Boolean(),
  onvifHost: Nullable(Type.String({ maxLength: 253 })),
  onvifPort: Nullable(Type.Integer({ minimum: 1, maximum: 65535 })),
};

export const CameraCreateBody = Type.Object(
  {
    ...Type.Partial(Type.Object(cameraFields)).properties,
    name: cameraFields.name,
    commune: cameraFields.commune,
    lat: cameraFields.lat,
    lon: cameraFields.lon,
    mainUrl: cameraFields.mainUrl,
  },
  { additionalProperties: false },
);

export const CameraPatchBody = Type.Partial(Type.Object(cameraFields), { additionalProperties: false, minProperties: 1 });

export const ImportReport = Type.Object({
  imported: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() })),
});

export const ImportBody = Type.Unknown({
  description: 'text/csv (a header line, one camera or commune per line) or a GeoJSON FeatureCollection (application/geo+json or application/json)',
});

export const CommuneView = Type.Object({
  insee: Type.String(),
  name: Type.String(),
  centroid: Position,
  population: Nullable(Type.Integer()),
  hasOutline: Type.Boolean(),
});

export const CommuneDetailView = Type.Object({ ...CommuneView.properties, outline: Geometry });

export const SectorView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  sensitive: Type.Boolean(),
  area: Geometry,
  cameraIds: Type.Array(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

const sectorFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  sensitive: Type.Boolean(),
  area: Geometry,
  cameraIds: Type.Array(Type.String(), { maxItems: 1000 }),
};

export const SectorCreateBody = Type.Object(
  { name: sectorFields.name, sensitive: Type.Optional(sectorFields.sensitive), area: Type.Optional(sectorFields.area), cameraIds: Type.Optional(sectorFields.cameraIds) },
  { additionalProperties: false },
);

export const SectorPatchBody = Type.Partial(Type.Object(sectorFields), { additionalProperties: false, minProperties: 1 });

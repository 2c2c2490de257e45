// TypeBox schemas of the territory routes: request validation, reply serialisation (which also drops any
// field not listed, a second guard against leaking credentials) and the OpenAPI document.
import { Type, type TSchema } from '@sinclair/typebox';
import { IMPORT_MODES, type ImportMode } from './import-plan.js';
import { CAMERA_TYPES, LEGAL_RETENTION_CAP_DAYS, PURPOSES, type CameraType, type Purpose } from './model.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Position = Type.Object({ lat: Type.Number(), lon: Type.Number() });
const CameraTypeSchema = Type.Unsafe<CameraType>({ type: 'string', enum: [...CAMERA_TYPES], description: 'fixed, ptz (dome) or multisensor' });
const PurposeSchema = Type.Unsafe<Purpose>({ type: 'string', enum: [...PURPOSES], description: 'a purpose of CSI L251-2' });
const SectorRef = Type.Object({ id: Type.String(), name: Type.String(), sensitive: Type.Boolean() });
const FieldOfView = Type.Object(
  {
    directionDeg: Type.Number({ minimum: 0, maximum: 360, description: 'bearing of the optical axis, degrees clockwise from north' }),
    angleDeg: Type.Number({ exclusiveMinimum: 0, maximum: 360, description: 'horizontal opening angle in degrees' }),
    rangeM: Type.Optional(Type.Number({ minimum: 1, maximum: 5000, description: 'useful range in metres' })),
  },
  { additionalProperties: false },
);
const Authorisation = Type.Object({
  reference: Nullable(Type.String({ description: 'reference of the prefectoral arrêté' })),
  expiresOn: Nullable(Type.String({ description: 'expiry date, YYYY-MM-DD' })),
});
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
  fieldOfView: Nullable(FieldOfView),
  authorisation: Authorisation,
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
  fieldOfView: Nullable(FieldOfView),
  authorisationRef: Nullable(Type.String({ maxLength: 100, description: 'reference of the prefectoral arrêté' })),
  authorisationExpiresOn: Nullable(Type.String({ maxLength: 10, description: 'expiry of the authorisation, YYYY-MM-DD or DD/MM/YYYY' })),
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

const ImportError = Type.Object({
  line: Type.Integer({ description: 'line of the file (1 = the CSV header), or GeoJSON feature number; 0 for the whole file' }),
  field: Type.String(),
  message: Type.String({ description: 'in English, for the API and logs' }),
  reason: Type.Optional(Type.String({ description: 'kind of problem, for a translated sentence: required, invalid, outside-france, unknown-commune, retention-above-cap, bad-url, …' })),
});

export const ImportReport = Type.Object({ imported: Type.Integer(), errors: Type.Array(ImportError) });

export const ProbeBody = Type.Object({ stream: Type.Optional(Type.Union([Type.Literal('main'), Type.Literal('sub')], { description: 'main (default) or sub' })) }, { additionalProperties: false });

export const ProbeUrlBody = Type.Object(
  {
    url: Type.String({ maxLength: 2048, description: 'rtsp:// or rtsps://, may carry user:password' }),
    username: Type.Optional(Type.String({ maxLength: 128 })),
    password: Type.Optional(Type.String({ maxLength: 256 })),
    narrowField: Type.Optional(Type.Boolean()),
    purposes: Type.Optional(Type.Array(PurposeSchema, { maxItems: PURPOSES.length })),
  },
  { additionalProperties: false },
);

export const ProbeReport = Type.Object({
  ok: Type.Boolean(),
  failure: Type.Optional(Type.String({ description: 'unreachable, unauthorized, not-found, timeout or no-video' })),
  codec: Type.Optional(Type.String()),
  profile: Type.Optional(Nullable(Type.String())),
  width: Type.Optional(Nullable(Type.Integer())),
  height: Type.Optional(Nullable(Type.Integer())),
  frameRate: Type.Optional(Nullable(Type.Number())),
  bitrateKbps: Type.Optional(Nullable(Type.Integer())),
  floor: Type.Optional(
    Type.Object({ class: Type.String(), width: Type.Integer(), height: Type.Integer(), fps: Type.Number() }, { description: 'floor of the arrêté of 3 August 2007 for this camera' }),
  ),
  belowFloor: Type.Optional(Type.Array(Type.String(), { description: 'resolution and/or frame-rate when below the floor' })),
});

export const CameraImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ description: 'true: answer what would change, write nothing' })),
  mode: Type.Optional(
    Type.Unsafe<ImportMode>({
      type: 'string',
      enum: [...IMPORT_MODES],
      description: 'create (default): only new cameras; upsert: cameras matched by name are updated; sync: upsert, and cameras absent from the file are removed',
    }),
  ),
});

export const CameraImportReport = Type.Object({
  imported: Type.Integer({ description: 'cameras written (created or updated); 0 for a preview or a rejected file' }),
  dryRun: Type.Boolean(),
  mode: Type.String(),
  errors: Type.Array(ImportError),
  created: Type.Array(Type.Object({ line: Type.Integer(), id: Nullable(Type.String()), name: Type.String(), commune: Type.String() })),
  updated: Type.Array(Type.Object({ line: Type.Integer(), id: Type.String(), name: Type.String(), changed: Type.Array(Type.String()) })),
  unchanged: Type.Array(Type.Object({ line: Type.Integer(), id: Type.String(), name: Type.String() })),
  removed: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), commune: Type.String() })),
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
  commune: Nullable(Type.String({ description: "INSEE code of the sector's commune; null for a sector spanning several communes" })),
  cameraIds: Type.Array(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

const sectorFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  sensitive: Type.Boolean(),
  area: Geometry,
  commune: Nullable(Type.String({ maxLength: 5, description: "INSEE code of a known commune: the sector then holds only that commune's cameras" })),
  cameraIds: Type.Array(Type.String(), { maxItems: 1000 }),
};

export const SectorCreateBody = Type.Object(
  {
    name: sectorFields.name,
    sensitive: Type.Optional(sectorFields.sensitive),
    area: Type.Optional(sectorFields.area),
    commune: Type.Optional(sectorFields.commune),
    cameraIds: Type.Optional(sectorFields.cameraIds),
  },
  { additionalProperties: false },
);

export const SectorPatchBody = Type.Partial(Type.Object(sectorFields), { additionalProperties: false, minProperties: 1 });

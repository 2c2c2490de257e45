// Request shapes of the wall API (TypeBox). Meaning beyond shape (grid bounds, overlaps, rights) is checked by
// model.ts and the service, for routes and other capabilities alike.
import { Type } from '@sinclair/typebox';
import { MAX_GRID, MAX_TOUR_STEPS } from './model.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Index = Type.Integer({ minimum: 0, maximum: 100 });

export const TileSchema = Type.Object(
  { col: Index, row: Index, colSpan: Type.Integer({ minimum: 1, maximum: MAX_GRID }), rowSpan: Type.Integer({ minimum: 1, maximum: MAX_GRID }), cameraId: Type.Union([Id, Type.Null()]) },
  { additionalProperties: false },
);

const GridFields = {
  cols: Type.Integer({ minimum: 1, maximum: 100 }),
  rows: Type.Integer({ minimum: 1, maximum: 100 }),
  tiles: Type.Array(TileSchema, { maxItems: MAX_GRID * MAX_GRID }),
};

export const AssignmentSchema = Type.Union([
  Type.Object({ kind: Type.Literal('empty') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('camera'), cameraId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('layout'), layoutId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('layout'), layout: Type.Object({ name: Type.Optional(Name), ...GridFields }, { additionalProperties: false }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('tour'), tourId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('alarm') }, { additionalProperties: false }),
]);

export const MonitorParams = Type.Object({ monitor: Type.String({ minLength: 1, maxLength: 40 }) });
export const IdParams = Type.Object({ id: Id });

export const MonitorBody = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }), name: Name, row: Index, col: Index }, { additionalProperties: false });
export const MonitorPatch = Type.Object({ name: Name, row: Index, col: Index }, { additionalProperties: false });

export const AlarmBody = Type.Object({ cameraId: Id, reason: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false });

export const PresetBody = Type.Object({ name: Name, assignments: Type.Record(Type.String({ minLength: 1, maxLength: 40 }), AssignmentSchema) }, { additionalProperties: false });

export const LayoutBody = Type.Object({ name: Name, shared: Type.Boolean({ default: false }), ...GridFields }, { additionalProperties: false });

const Dwell = Type.Integer({ minimum: 1, maximum: 100_000 });
export const TourBody = Type.Object(
  {
    name: Name,
    shared: Type.Boolean({ default: false }),
    steps: Type.Array(
      Type.Union([Type.Object({ cameraId: Id, dwellSeconds: Dwell }, { additionalProperties: false }), Type.Object({ layoutId: Id, dwellSeconds: Dwell }, { additionalProperties: false })]),
      { maxItems: MAX_TOUR_STEPS + 1 },
    ),
  },
  { additionalProperties: false },
);

export const DeviceBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

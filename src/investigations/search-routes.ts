// The forensic search route: POST (the criteria carry polygons) and so journaled like every request that uses
// video data, with the criteria and what was found. The auth hook hands the caller's camera scope; an
// investigator's cameras and ranges come from his requisitions in force, each confirmed by the playback policy.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { noteJournal } from '../api/journal-note.js';
import { requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import type { ForensicSearch } from './search.js';

const Point = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
const SearchBody = Type.Object(
  {
    fromMs: Type.Integer(),
    toMs: Type.Integer(),
    classes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
    colours: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 11 })),
    direction: Type.Optional(Type.Object({ fromDeg: Type.Number(), toDeg: Type.Number() }, { additionalProperties: false })),
    zone: Type.Optional(Type.Array(Point, { maxItems: 200 })),
    line: Type.Optional(Type.Array(Point, { maxItems: 10 })),
    cameraIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 2000 })),
    area: Type.Optional(Type.Union([Type.Null(), Type.Object({}, { additionalProperties: true })])),
    page: Type.Optional(Type.Integer()),
    pageSize: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

export function searchRoutes(search: ForensicSearch) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: Static<typeof SearchBody> }>(
      '/api/investigations/search',
      {
        config: { access: { kind: 'cameras', action: 'detection.search' } },
        schema: {
          tags: ['investigations'],
          summary:
            'Forensic search over recorded detections: class, colours, direction, zone or line on one picture, range, cameras or an area; one result per tracked object, newest first (see docs/investigations.md)',
          body: SearchBody,
        },
      },
      async (request) => {
        const actor = request.actor;
        if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
        const body = request.body;
        const answer = await search.search(actor, requireCameraScope(request), body);
        noteJournal(request, {
          action: 'detection.search',
          target: { type: 'detections' },
          details: {
            fromMs: answer.fromMs,
            toMs: answer.toMs,
            classes: body.classes ?? [],
            colours: body.colours ?? [],
            direction: body.direction ?? null,
            zone: body.zone !== undefined,
            line: body.line !== undefined,
            cameraIds: answer.cameraIds.length > 50 ? `${answer.cameraIds.length} caméras` : answer.cameraIds,
            page: answer.page,
            results: answer.results.length,
          },
        });
        return answer;
      },
    );
  };
}

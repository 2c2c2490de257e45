// The registers over HTTP, for auditors, administrators and room leads (`register.read`): all of them as JSON for
// the printable page, and one as CSV. Camera-bound rows are filtered to the caller's camera scope. Reading a
// register is journaled, as reading the journal is.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireCameraScope } from '../api/route-access.js';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { csvLine, parseJournalTime, type Journal } from '../journal/index.js';
import { readRegister, REGISTER_IDS, type Register, type RegisterId, type RegisterPeriod, type RegisterSources } from './registers.js';

const YEAR_MS = 366 * 24 * 3_600_000;

const PeriodQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'destructions from (ISO 8601 or epoch ms; default one year ago)' })),
    to: Type.Optional(Type.String({ description: 'destructions until (ISO 8601 or epoch ms; default now)' })),
  },
  { additionalProperties: false },
);
type PeriodQuery = Static<typeof PeriodQuery>;

export interface RegisterRouteDeps {
  readonly sources: RegisterSources;
  readonly journal: Pick<Journal, 'append'>;
  readonly clock: Clock;
}

export function registerRoutes(deps: RegisterRouteDeps): (app: FastifyInstance) => Promise<void> {
  const access = { kind: 'cameras', action: 'register.read' } as const;
  const read = async (request: FastifyRequest<{ Querystring: PeriodQuery }>, ids: readonly RegisterId[], format: string): Promise<Register[]> => {
    const period = toPeriod(request.query, deps.clock.now());
    const scope = requireCameraScope(request);
    const registers = await Promise.all(ids.map((id) => readRegister(id, deps.sources, scope, period, deps.clock.now())));
    const actor = request.actor;
    await deps.journal.append({
      actor: actor === null ? null : { id: actor.id, username: actor.username, role: actor.role },
      action: 'register.read',
      outcome: 'allowed',
      ip: request.ip,
      target: { type: 'register', id: ids.join(',') },
      details: { format, fromMs: period.fromMs, toMs: period.toMs },
    });
    return registers;
  };
  return async (app) => {
    app.get<{ Querystring: PeriodQuery }>(
      '/api/registers',
      {
        config: { access },
        schema: {
          tags: ['registers'],
          summary: 'Every register (accounts, cameras, holds, exports, destructions, masks, analytics) for the printable page',
          querystring: PeriodQuery,
          response: {
            200: Type.Object({
              fromMs: Type.Integer(),
              toMs: Type.Integer(),
              registers: Type.Array(
                Type.Object({
                  id: Type.String(),
                  title: Type.String(),
                  columns: Type.Array(Type.String()),
                  rows: Type.Array(Type.Array(Type.String())),
                  inactive: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const period = toPeriod(request.query, deps.clock.now());
        return { ...period, registers: await read(request, REGISTER_IDS, 'json') };
      },
    );
    app.get<{ Params: { register: string }; Querystring: PeriodQuery }>(
      '/api/registers/:register/csv',
      {
        config: { access },
        schema: {
          tags: ['registers'],
          summary: 'One register as CSV (French column names)',
          params: Type.Object({ register: Type.Union(REGISTER_IDS.map((id) => Type.Literal(id))) }),
          querystring: PeriodQuery,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const [register] = await read(request, [request.params.register as RegisterId], 'csv');
        if (register === undefined) throw new VigieError('VIGIE_VALIDATION_FAILED', 'unknown register', { status: 400 });
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="vigie-registre-${register.id}.csv"`);
        return csvLine(register.columns) + register.rows.map((row) => csvLine(row)).join('');
      },
    );
  };
}

function toPeriod(query: PeriodQuery, nowMs: number): RegisterPeriod {
  const fromMs = query.from === undefined ? nowMs - YEAR_MS : parseJournalTime(query.from);
  const toMs = query.to === undefined ? nowMs : parseJournalTime(query.to);
  if (fromMs === undefined || toMs === undefined)
    throw new VigieError('VIGIE_VALIDATION_FAILED', 'query fields "from" and "to" must be ISO 8601 dates or date-times, or epoch milliseconds', { status: 400 });
  if (toMs < fromMs) throw new VigieError('VIGIE_VALIDATION_FAILED', 'query field "to" comes before "from"', { status: 400 });
  return { fromMs, toMs };
}

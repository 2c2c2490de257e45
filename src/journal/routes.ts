// Auditor API over the journal: filtered pages as JSON and the same filter as a CSV download. Reading the
// journal is itself journaled (who looked at what).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigieError } from '../core/errors.js';
import { CSV_HEADER, csvLine, entryCsvLine } from './csv.js';
import type { Journal, JournalFilter, JournalOutcome } from './types.js';

const CSV_MAX_ENTRIES = 100_000;

const FilterQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'ISO 8601 date-time or epoch milliseconds (inclusive)' })),
    to: Type.Optional(Type.String({ description: 'ISO 8601 date-time or epoch milliseconds (inclusive)' })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'username or user id' })),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    cameraId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    outcome: Type.Optional(Type.Union([Type.Literal('allowed'), Type.Literal('denied'), Type.Literal('failed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'cursor: the `next` value of the previous page' })),
  },
  { additionalProperties: false },
);
type FilterQuery = Static<typeof FilterQuery>;

const EntrySchema = Type.Object({
  sequence: Type.Integer(),
  timeMs: Type.Integer(),
  actor: Type.Union([Type.Null(), Type.Object({ id: Type.String(), username: Type.String(), role: Type.String() })]),
  ip: Type.Union([Type.Null(), Type.String()]),
  action: Type.String(),
  target: Type.Union([Type.Null(), Type.Object({ type: Type.String(), id: Type.Optional(Type.String()), cameraId: Type.Optional(Type.String()), communeInsee: Type.Optional(Type.String()) })]),
  outcome: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

export function journalRoutes(journal: Journal): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const access = { kind: 'action', action: 'journal.read' } as const;
    app.get<{ Querystring: FilterQuery }>(
      '/api/journal',
      {
        config: { access },
        schema: {
          tags: ['journal'],
          summary: 'Journal entries, newest first, filtered and paged',
          querystring: FilterQuery,
          response: { 200: Type.Object({ entries: Type.Array(EntrySchema), next: Type.Union([Type.Integer(), Type.Null()]) }) },
        },
      },
      async (request) => {
        const filter = toFilter(request.query);
        await journalRead(journal, request, 'json', filter);
        return journal.query(filter);
      },
    );
    app.get<{ Querystring: FilterQuery }>(
      '/api/journal.csv',
      { config: { access }, schema: { tags: ['journal'], summary: 'Journal entries as CSV (same filters, oldest first)', querystring: FilterQuery, produces: ['text/csv'] } },
      async (request, reply) => {
        const filter = toFilter(request.query);
        await journalRead(journal, request, 'csv', filter);
        const lines: string[] = [];
        let before: number | null | undefined = filter.beforeSequence;
        while (before !== null && lines.length < CSV_MAX_ENTRIES) {
          const page = await journal.query({ ...filter, limit: 1000, ...(before === undefined ? {} : { beforeSequence: before }) });
          for (const entry of page.entries) lines.push(entryCsvLine(entry));
          before = page.next;
        }
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', 'attachment; filename="vigie-journal.csv"');
        return csvLine(CSV_HEADER) + lines.reverse().join('');
      },
    );
  };
}

function toFilter(query: FilterQuery): JournalFilter {
  const actor = query.actor ?? query.username;
  return {
    ...(query.from === undefined ? {} : { fromMs: parseTime(query.from, 'from') }),
    ...(query.to === undefined ? {} : { toMs: parseTime(query.to, 'to') }),
    ...(actor === undefined ? {} : { actor }),
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.cameraId === undefined ? {} : { cameraId: query.cameraId }),
    ...(query.outcome === undefined ? {} : { outcome: query.outcome as JournalOutcome }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.before === undefined ? {} : { beforeSequence: query.before }),
  };
}

function parseTime(value: string, field: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new VigieError('VIGIE_VALIDATION_FAILED', `query field "${field}" must be an ISO 8601 date-time or epoch milliseconds`, { status: 400, context: { field, value } });
  return ms;
}

async function journalRead(journal: Journal, request: FastifyRequest, format: string, filter: JournalFilter): Promise<void> {
  const actor = request.actor;
  await journal.append({
    actor: actor === null ? null : { id: actor.id, username: actor.username, role: actor.role },
    action: 'journal.read',
    outcome: 'allowed',
    ip: request.ip,
    target: { type: 'journal' },
    details: { format, filter: { ...filter } },
  });
}

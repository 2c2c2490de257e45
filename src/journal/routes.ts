// Auditor API over the journal: filtered pages as JSON, the same filter as a CSV download or a signed HTML
// extract, and the chain's state. Reading the journal is itself journaled (who looked at what).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigieError } from '../core/errors.js';
import { CSV_HEADER, csvLine, entryCsvLine } from './csv.js';
import { parseJournalTime } from './period.js';
import { loadExtractSigningKey, signedExtractHtml, toExtractEntry, type ExtractEntry } from './extract.js';
import type { Journal, JournalFilter, JournalOutcome, JournalSelection } from './types.js';

/** One download holds at most this many entries (the CLI has no limit): beyond, the filters must narrow it. */
const EXTRACT_MAX_ENTRIES = 100_000;

const FilterQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'ISO 8601 date-time or epoch milliseconds (inclusive)' })),
    to: Type.Optional(Type.String({ description: 'ISO 8601 date-time or epoch milliseconds (inclusive)' })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'username or user id' })),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: "the actor's role at the time" })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    cameraId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    commune: Type.Optional(Type.String({ pattern: '^[0-9][0-9AB][0-9]{3}$', description: "INSEE code: entries stamped with it or about one of the commune's cameras" })),
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

export interface JournalRouteDeps {
  /** Holds the extract signing key (`keys/`). */
  readonly dataDir: string;
  /** The cameras of a commune now (from the territory, wired by main): older entries carry only the camera. */
  readonly camerasOfCommune?: (insee: string) => Promise<readonly string[]>;
}

export function journalRoutes(journal: Journal, deps: JournalRouteDeps): (app: FastifyInstance) => Promise<void> {
  const toFilter = async (query: FilterQuery): Promise<JournalFilter> => {
    const filter = toPlainFilter(query);
    if (query.commune === undefined) return filter;
    return { ...filter, commune: { insee: query.commune, cameraIds: (await deps.camerasOfCommune?.(query.commune)) ?? [] } };
  };
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
        const filter = await toFilter(request.query);
        await journalRead(journal, request, 'json', filter);
        return journal.query(filter);
      },
    );
    app.get<{ Querystring: FilterQuery }>(
      '/api/journal.csv',
      { config: { access }, schema: { tags: ['journal'], summary: 'Journal entries as CSV (same filters, oldest first)', querystring: FilterQuery, produces: ['text/csv'] } },
      async (request, reply) => {
        const selection = withoutPaging(await toFilter(request.query));
        await journalRead(journal, request, 'csv', selection);
        const lines = [csvLine(CSV_HEADER)];
        for await (const entry of journal.entries(selection)) {
          if (lines.length > EXTRACT_MAX_ENTRIES) throw tooMany();
          lines.push(entryCsvLine(entry));
        }
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', 'attachment; filename="vigie-journal.csv"');
        return lines.join('');
      },
    );
    app.get<{ Querystring: FilterQuery }>(
      '/api/journal/extract.html',
      {
        config: { access },
        schema: {
          tags: ['journal'],
          summary: 'Signed HTML extract of the journal (same filters, oldest first; check with vigie journal verify-extract)',
          querystring: FilterQuery,
          produces: ['text/html'],
        },
      },
      async (request, reply) => {
        const selection = withoutPaging(await toFilter(request.query));
        await journalRead(journal, request, 'html', selection);
        const entries: ExtractEntry[] = [];
        for await (const entry of journal.entries(selection)) {
          if (entries.length >= EXTRACT_MAX_ENTRIES) throw tooMany();
          entries.push(toExtractEntry(entry));
        }
        const chain = await journal.verify();
        const html = signedExtractHtml(
          {
            format: 'vigie-journal-extract-v1',
            generatedAt: new Date().toISOString(),
            generatedBy: request.actor?.username ?? null,
            filters: filterLabels(request.query),
            chain: { intact: chain.ok, lastCheckpointSequence: chain.lastCheckpointSequence, lastCheckpointTime: chain.lastCheckpointTime },
            entries,
          },
          loadExtractSigningKey(deps.dataDir),
        );
        reply.header('content-type', 'text/html; charset=utf-8');
        reply.header('content-disposition', 'attachment; filename="vigie-journal-extrait-signe.html"');
        return html;
      },
    );
    app.get(
      '/api/journal/status',
      {
        config: { access },
        schema: {
          tags: ['journal'],
          summary: "The chain's verification (whole chain, then against the signed checkpoints) and its last anchored checkpoint",
          response: {
            200: Type.Object({
              intact: Type.Boolean(),
              entries: Type.Integer(),
              lastSequence: Type.Union([Type.Integer(), Type.Null()]),
              firstBadSequence: Type.Union([Type.Integer(), Type.Null()]),
              reason: Type.Union([Type.String(), Type.Null()]),
              checkpoints: Type.Integer(),
              lastCheckpointSequence: Type.Union([Type.Integer(), Type.Null()]),
              lastCheckpointTime: Type.Union([Type.String(), Type.Null()]),
            }),
          },
        },
      },
      async () => {
        const result = await journal.verify();
        return {
          intact: result.ok,
          entries: result.entries,
          lastSequence: result.ok ? result.lastSequence : null,
          firstBadSequence: result.ok ? null : result.firstBadSequence,
          reason: result.ok ? null : result.reason,
          checkpoints: result.checkpoints,
          lastCheckpointSequence: result.lastCheckpointSequence,
          lastCheckpointTime: result.lastCheckpointTime,
        };
      },
    );
  };
}

function toPlainFilter(query: FilterQuery): JournalFilter {
  const actor = query.actor ?? query.username;
  return {
    ...(query.role === undefined ? {} : { role: query.role }),
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

function withoutPaging(filter: JournalFilter): JournalSelection {
  const { limit: _limit, beforeSequence: _before, ...selection } = filter;
  return selection;
}

/** The filters as a reader of the extract sees them (the query's own words, French labels). */
function filterLabels(query: FilterQuery): Array<[string, string]> {
  const labels: Array<[string, string | undefined]> = [
    ['Du', query.from],
    ['Au', query.to],
    ['Personne', query.actor ?? query.username],
    ['Rôle', query.role],
    ['Action', query.action],
    ['Caméra', query.cameraId],
    ['Commune (INSEE)', query.commune],
    ['Résultat', query.outcome],
  ];
  return labels.filter((pair): pair is [string, string] => pair[1] !== undefined);
}

function tooMany(): VigieError {
  return new VigieError('VIGIE_JOURNAL_EXTRACT_TOO_LARGE', `more than ${EXTRACT_MAX_ENTRIES} entries: narrow the period or the filters`, { status: 413 });
}

function parseTime(value: string, field: string): number {
  const ms = parseJournalTime(value);
  if (ms === undefined) throw new VigieError('VIGIE_VALIDATION_FAILED', `query field "${field}" must be an ISO 8601 date-time or epoch milliseconds`, { status: 400, context: { field, value } });
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

// Reports over HTTP (`report.read`): a commune's monthly report (a mayor: his communes only) and the centre's
// yearly report (callers who see every camera), generated on demand as JSON, CSV or PDF, and the archive of
// reports generated on schedule. Each reading is journaled, as reading a register is.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireCameraScope } from '../api/route-access.js';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { parisYearMonth } from '../core/paris-time.js';
import type { Journal } from '../journal/index.js';
import { scopeIncludes, type CameraScope } from '../territory/index.js';
import { parseArchiveName, type ArchivedReport, type ReportArchive } from './archive.js';
import { monthlyReport, yearlyReport, type ReportSources } from './build.js';
import { reportCsv } from './csv.js';
import { reportDocument } from './document.js';
import type { Report } from './model.js';
import { reportPdf } from './pdf.js';

const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('pdf')], { description: 'json (default), csv or pdf' }));
const MonthlyQuery = Type.Object(
  {
    commune: Type.Optional(Type.String({ maxLength: 10, description: "INSEE code; a mayor's own commune by default" })),
    month: Type.Optional(Type.String({ maxLength: 7, description: 'YYYY-MM (Paris time); the previous month by default' })),
    format: Format,
  },
  { additionalProperties: false },
);
const YearlyQuery = Type.Object({ year: Type.Optional(Type.String({ maxLength: 4, description: 'YYYY; the previous year by default' })), format: Format }, { additionalProperties: false });
type MonthlyQuery = Static<typeof MonthlyQuery>;
type YearlyQuery = Static<typeof YearlyQuery>;

export interface ReportRouteDeps {
  readonly sources: ReportSources;
  readonly archive: ReportArchive;
  readonly journal: Pick<Journal, 'append'>;
  readonly clock: Clock;
}

function mayRead(scope: CameraScope, entry: ArchivedReport): boolean {
  if (entry.kind === 'yearly') return scope.all;
  return entry.insee !== null && scopeIncludes(scope, entry.insee);
}

export function reportRoutes(deps: ReportRouteDeps): (app: FastifyInstance) => Promise<void> {
  const access = { kind: 'cameras', action: 'report.read' } as const;
  const journalRead = async (request: FastifyRequest, id: string, format: string): Promise<void> => {
    const actor = request.actor;
    await deps.journal.append({
      actor: actor === null ? null : { id: actor.id, username: actor.username, role: actor.role },
      action: 'report.read',
      outcome: 'allowed',
      ip: request.ip,
      target: { type: 'report', id },
      details: { format },
    });
  };
  const send = async (request: FastifyRequest, reply: FastifyReply, report: Report, id: string, format: 'json' | 'csv' | 'pdf'): Promise<unknown> => {
    await journalRead(request, id, format);
    const document = reportDocument(report);
    // JSON: the figures, and the same document the PDF prints, which the console shows as it is.
    if (format === 'json') return { report, document };
    const filename = `vigie-rapport-${id}.${format}`;
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    if (format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8');
      return reportCsv(document);
    }
    reply.header('content-type', 'application/pdf');
    return Buffer.from(await reportPdf(document));
  };

  return async (app) => {
    app.get<{ Querystring: MonthlyQuery }>(
      '/api/reports/monthly',
      { config: { access }, schema: { tags: ['reports'], summary: "A commune's monthly report (availability, recording, live-watch requests, exports, alerts)", querystring: MonthlyQuery } },
      async (request, reply) => {
        const scope = requireCameraScope(request);
        const now = deps.clock.now();
        const insee = request.query.commune?.toUpperCase() ?? (scope.all ? undefined : scope.communes[0]);
        if (insee === undefined) throw new VigieError('VIGIE_VALIDATION_FAILED', 'query field "commune" (an INSEE code) is required', { status: 400 });
        if (!scopeIncludes(scope, insee)) throw new VigieError('VIGIE_REPORT_COMMUNE_REFUSED', 'the monthly report of a commune that is not yours', { status: 403 });
        const commune = (await deps.sources.communes()).find((c) => c.insee === insee);
        if (commune === undefined) throw new VigieError('VIGIE_REPORT_COMMUNE_UNKNOWN', `no commune ${insee}`, { status: 404 });
        const last = parisYearMonth(now);
        const fallback = last.month === 1 ? `${last.year - 1}-12` : `${last.year}-${String(last.month - 1).padStart(2, '0')}`;
        const month = request.query.month ?? fallback;
        const report = await monthlyReport(deps.sources, { insee: commune.insee, name: commune.name }, month, now);
        return send(request, reply, report, `${month}-${insee}`, request.query.format ?? 'json');
      },
    );
    app.get<{ Querystring: YearlyQuery }>(
      '/api/reports/yearly',
      { config: { access }, schema: { tags: ['reports'], summary: "The centre's yearly activity report (every commune)", querystring: YearlyQuery } },
      async (request, reply) => {
        if (!requireCameraScope(request).all) throw new VigieError('VIGIE_REPORT_CENTRE_ONLY', 'the yearly report covers every commune', { status: 403 });
        const now = deps.clock.now();
        const year = request.query.year ?? String(parisYearMonth(now).year - 1);
        return send(request, reply, await yearlyReport(deps.sources, year, now), year, request.query.format ?? 'json');
      },
    );
    app.get(
      '/api/reports/archive',
      {
        config: { access },
        schema: {
          tags: ['reports'],
          summary: 'Reports generated on schedule that the caller may read',
          response: {
            200: Type.Array(
              Type.Object({
                name: Type.String(),
                kind: Type.Union([Type.Literal('monthly'), Type.Literal('yearly')]),
                period: Type.String(),
                insee: Type.Union([Type.String(), Type.Null()]),
                format: Type.Union([Type.Literal('pdf'), Type.Literal('csv')]),
              }),
            ),
          },
        },
      },
      async (request) => {
        const scope = requireCameraScope(request);
        return (await deps.archive.list()).filter((entry) => mayRead(scope, entry));
      },
    );
    app.get<{ Params: { name: string } }>(
      '/api/reports/archive/:name',
      { config: { access }, schema: { tags: ['reports'], summary: 'One archived report file (PDF or CSV)', params: Type.Object({ name: Type.String({ maxLength: 80 }) }) } },
      async (request, reply) => {
        const entry = parseArchiveName(request.params.name);
        const bytes = entry !== undefined && mayRead(requireCameraScope(request), entry) ? await deps.archive.read(entry.name) : undefined;
        if (entry === undefined || bytes === undefined) throw new VigieError('VIGIE_REPORT_ARCHIVE_NOT_FOUND', 'no such report', { status: 404 });
        await journalRead(request, entry.name, entry.format);
        reply.header('content-type', entry.format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="vigie-${entry.name}"`);
        return Buffer.from(bytes);
      },
    );
  };
}

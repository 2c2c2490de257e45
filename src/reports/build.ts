// Builds the monthly report of a commune and the yearly activity report of the centre from the other
// capabilities' data, handed in as sources (main wires them), so the figures are those of the database.
import { parisMidnight } from '../core/paris-time.js';
import { VigieError } from '../core/errors.js';
import type { ExportView } from '../export/index.js';
import type { Camera } from '../territory/index.js';
import type { WatchRequest } from '../watch/index.js';
import { coveredBy, hours, mean, percent, servicePeriod, type Span } from './figures.js';
import type { AlertFigures, CameraMonthFigures, CommuneYearFigures, ExportLine, MonthlyReport, YearlyReport } from './model.js';

export interface ReportSources {
  communes(): Promise<ReadonlyArray<{ readonly insee: string; readonly name: string }>>;
  camerasOf(communes: readonly string[] | 'all'): Promise<readonly Camera[]>;
  /** Recorded ms of the main stream of each camera over the whole hours of the period. */
  recordedMs(cameraIds: readonly string[], fromMs: number, toMs: number): Promise<ReadonlyMap<string, number>>;
  /** Recording gaps caused by the camera being offline, overlapping the period. */
  offlineSpans(cameraIds: readonly string[], fromMs: number, toMs: number): Promise<ReadonlyArray<Span & { readonly cameraId: string }>>;
  watchRequests(communes: readonly string[] | 'all', fromMs: number, toMs: number): Promise<readonly WatchRequest[]>;
  exports(): Promise<readonly ExportView[]>;
  /** Absent until an alert capability is in service. */
  alerts?(cameraIds: readonly string[], fromMs: number, toMs: number): Promise<AlertFigures>;
}

/** "YYYY-MM" → its year and month, refused when malformed or not begun at `nowMs`. */
export function parseMonth(period: string, nowMs: number): { readonly year: number; readonly month: number; readonly fromMs: number; readonly toMs: number } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (match === null) throw new VigieError('VIGIE_REPORT_PERIOD_INVALID', `"${period}" is not a month YYYY-MM`, { status: 400 });
  const year = Number(match[1]);
  const month = Number(match[2]);
  const fromMs = parisMidnight(year, month);
  if (fromMs > nowMs) throw new VigieError('VIGIE_REPORT_PERIOD_INVALID', `${period} has not begun`, { status: 400 });
  return { year, month, fromMs, toMs: parisMidnight(year, month + 1) };
}

export function parseYear(period: string, nowMs: number): { readonly year: number; readonly fromMs: number; readonly toMs: number } {
  if (!/^\d{4}$/.test(period)) throw new VigieError('VIGIE_REPORT_PERIOD_INVALID', `"${period}" is not a year YYYY`, { status: 400 });
  const year = Number(period);
  const fromMs = parisMidnight(year, 1);
  if (fromMs > nowMs) throw new VigieError('VIGIE_REPORT_PERIOD_INVALID', `${period} has not begun`, { status: 400 });
  return { year, fromMs, toMs: parisMidnight(year + 1, 1) };
}

/** Availability and coverage of each camera over the period (cameras not yet in service are left out). */
async function cameraFigures(sources: ReportSources, cameras: readonly Camera[], fromMs: number, toMs: number, nowMs: number): Promise<CameraMonthFigures[]> {
  const ids = cameras.map((camera) => camera.id);
  const [recorded, offline] = await Promise.all([sources.recordedMs(ids, fromMs, toMs), sources.offlineSpans(ids, fromMs, toMs)]);
  const figures: CameraMonthFigures[] = [];
  for (const camera of cameras) {
    const period = servicePeriod(fromMs, toMs, camera.createdAtMs, nowMs);
    if (period === null) continue;
    const length = period.toMs - period.fromMs;
    const offlineMs = coveredBy(
      offline.filter((span) => span.cameraId === camera.id),
      period.fromMs,
      period.toMs,
    );
    figures.push({
      cameraId: camera.id,
      name: camera.name,
      availabilityPct: percent(length - offlineMs, length),
      coveragePct: percent(recorded.get(camera.id) ?? 0, length),
      offlineHours: hours(offlineMs),
    });
  }
  return figures.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

function exportsOf(all: readonly ExportView[], cameras: readonly Camera[], fromMs: number, toMs: number): ExportLine[] {
  const names = new Map(cameras.map((camera) => [camera.id, camera.name]));
  return all
    .filter((row) => names.has(row.camera_id) && row.created_at >= fromMs && row.created_at < toMs)
    .sort((a, b) => a.created_at - b.created_at)
    .map((row) => ({
      reference: row.reference,
      reason: row.reason,
      cameraName: names.get(row.camera_id) ?? row.camera_id,
      fromMs: row.from_ms,
      toMs: row.to_ms,
      requestedBy: row.requested_by,
      createdAt: row.created_at,
      status: row.status,
    }));
}

const isRequisition = (line: ExportLine): boolean => line.reference.trim() !== '';

export async function monthlyReport(sources: ReportSources, commune: { readonly insee: string; readonly name: string }, period: string, nowMs: number): Promise<MonthlyReport> {
  const { fromMs, toMs } = parseMonth(period, nowMs);
  const cameras = await sources.camerasOf([commune.insee]);
  const [figures, requests, allExports, alerts] = await Promise.all([
    cameraFigures(sources, cameras, fromMs, toMs, nowMs),
    sources.watchRequests([commune.insee], fromMs, toMs),
    sources.exports(),
    sources.alerts?.(
      cameras.map((camera) => camera.id),
      fromMs,
      toMs,
    ) ?? null,
  ]);
  const exportLines = exportsOf(allExports, cameras, fromMs, toMs);
  const byState: Record<string, number> = {};
  for (const request of requests) byState[request.state] = (byState[request.state] ?? 0) + 1;
  return {
    kind: 'monthly',
    commune,
    period,
    fromMs,
    toMs,
    generatedAt: nowMs,
    cameras: figures,
    availabilityPct: mean(figures.map((f) => f.availabilityPct)),
    coveragePct: mean(figures.map((f) => f.coveragePct)),
    watchRequests: { total: requests.length, byState, lines: requests.map((r) => ({ event: r.event, fromMs: r.fromMs, toMs: r.toMs, state: r.state })) },
    exports: { total: exportLines.length, requisitions: exportLines.filter(isRequisition).length, lines: exportLines },
    alerts,
  };
}

export async function yearlyReport(sources: ReportSources, period: string, nowMs: number): Promise<YearlyReport> {
  const { year, fromMs, toMs } = parseYear(period, nowMs);
  const [communes, cameras, allExports] = await Promise.all([sources.communes(), sources.camerasOf('all'), sources.exports()]);
  const months = [];
  const perCommune = new Map<string, { availability: Array<number | null>; coverage: Array<number | null> }>();
  for (let monthIndex = 1; monthIndex <= 12 && parisMidnight(year, monthIndex) <= nowMs; monthIndex += 1) {
    const start = parisMidnight(year, monthIndex);
    const end = parisMidnight(year, monthIndex + 1);
    const figures = await cameraFigures(sources, cameras, start, end, nowMs);
    const requests = await sources.watchRequests('all', start, end);
    for (const camera of cameras) {
      const figure = figures.find((f) => f.cameraId === camera.id);
      const entry = perCommune.get(camera.communeInsee) ?? { availability: [], coverage: [] };
      entry.availability.push(figure?.availabilityPct ?? null);
      entry.coverage.push(figure?.coveragePct ?? null);
      perCommune.set(camera.communeInsee, entry);
    }
    months.push({
      period: `${year}-${String(monthIndex).padStart(2, '0')}`,
      availabilityPct: mean(figures.map((f) => f.availabilityPct)),
      coveragePct: mean(figures.map((f) => f.coveragePct)),
      watchRequests: requests.length,
      exports: exportsOf(allExports, cameras, start, end).length,
    });
  }
  const requests = await sources.watchRequests('all', fromMs, toMs);
  const exportLines = exportsOf(allExports, cameras, fromMs, toMs);
  const communeRows: CommuneYearFigures[] = communes
    .map((commune) => {
      const own = cameras.filter((camera) => camera.communeInsee === commune.insee);
      const ownIds = new Set(own.map((camera) => camera.id));
      const ownExports = exportsOf(allExports, own, fromMs, toMs);
      const figures = perCommune.get(commune.insee);
      return {
        insee: commune.insee,
        name: commune.name,
        cameras: own.length,
        availabilityPct: mean(figures?.availability ?? []),
        coveragePct: mean(figures?.coverage ?? []),
        watchRequests: requests.filter((r) => r.communeInsee === commune.insee || r.cameraIds.some((id) => ownIds.has(id))).length,
        exports: ownExports.length,
        requisitions: ownExports.filter(isRequisition).length,
      };
    })
    .filter((row) => row.cameras > 0 || row.watchRequests > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const alerts =
    (await sources.alerts?.(
      cameras.map((camera) => camera.id),
      fromMs,
      toMs,
    )) ?? null;
  return {
    kind: 'yearly',
    period,
    fromMs,
    toMs,
    generatedAt: nowMs,
    cameras: cameras.length,
    availabilityPct: mean(months.map((m) => m.availabilityPct)),
    coveragePct: mean(months.map((m) => m.coveragePct)),
    watchRequests: requests.length,
    exports: exportLines.length,
    requisitions: exportLines.filter(isRequisition).length,
    alerts,
    communes: communeRows,
    months,
  };
}

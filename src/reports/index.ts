// The reports capability's door: a commune's monthly report for its mayor and the centre's yearly activity
// report, on demand and on schedule, as JSON, CSV and PDF (docs/reports.md). Last in the capability order: it
// reads the others through the sources main hands it.
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import { ReportArchive } from './archive.js';
import type { ReportSources } from './build.js';
import { reportRoutes } from './routes.js';
import { startReportScheduler } from './scheduler.js';

export { monthlyReport, yearlyReport, type ReportSources } from './build.js';
export { generateDueReports } from './scheduler.js';
export { ReportArchive } from './archive.js';
export { REPORT_ERRORS } from './errors.js';
export type { MonthlyReport, YearlyReport, Report } from './model.js';

export interface ReportsDeps {
  readonly sources: ReportSources;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  /** Generate due reports hourly (off in tests that drive generateDueReports themselves). */
  readonly schedule: boolean;
}

export function createReports(deps: ReportsDeps): { readonly routes: ReturnType<typeof reportRoutes>; close(): void } {
  const archive = new ReportArchive(deps.dataDir);
  const stop = deps.schedule ? startReportScheduler({ ...deps, archive }) : () => undefined;
  return { routes: reportRoutes({ ...deps, archive }), close: stop };
}

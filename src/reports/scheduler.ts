// Reports on schedule: once a month has ended, each commune's monthly report of that month, and once a year has
// ended, the centre's yearly report, are generated as PDF and CSV into the archive. Checked at start and every
// hour, so a server that was down at the turn of the month catches up; a report already archived is not redone.
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { parisYearMonth } from '../core/paris-time.js';
import type { Journal } from '../journal/index.js';
import { monthlyArchiveName, yearlyArchiveName, type ReportArchive } from './archive.js';
import { monthlyReport, yearlyReport, type ReportSources } from './build.js';
import { reportCsv } from './csv.js';
import { reportDocument } from './document.js';
import type { Report } from './model.js';
import { reportPdf } from './pdf.js';

const CHECK_MS = 3_600_000;

export interface ReportSchedulerDeps {
  readonly sources: ReportSources;
  readonly archive: ReportArchive;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
}

/** "YYYY-MM" of the month before the one `ms` falls in (Paris time), and its year. */
export function previousMonth(ms: number): { readonly period: string; readonly year: number; readonly month: number } {
  const { year, month } = parisYearMonth(ms);
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return { ...previous, period: `${previous.year}-${String(previous.month).padStart(2, '0')}` };
}

async function archiveReport(archive: ReportArchive, report: Report, names: { readonly pdf: string; readonly csv: string }): Promise<void> {
  const document = reportDocument(report);
  await archive.write(names.csv, reportCsv(document));
  // The PDF last: its presence marks the report as done.
  await archive.write(names.pdf, await reportPdf(document));
}

/** Generates what is due and not archived yet; returns the names written. */
export async function generateDueReports(deps: ReportSchedulerDeps): Promise<string[]> {
  const now = deps.clock.now();
  const written: string[] = [];
  const last = previousMonth(now);
  const cameras = await deps.sources.camerasOf('all');
  const communes = (await deps.sources.communes()).filter((commune) => cameras.some((camera) => camera.communeInsee === commune.insee));
  for (const commune of communes) {
    const pdf = monthlyArchiveName(last.period, commune.insee, 'pdf');
    if (await deps.archive.has(pdf)) continue;
    await archiveReport(deps.archive, await monthlyReport(deps.sources, commune, last.period, now), { pdf, csv: monthlyArchiveName(last.period, commune.insee, 'csv') });
    written.push(pdf);
  }
  const lastYear = String(parisYearMonth(now).year - 1);
  const yearlyPdf = yearlyArchiveName(lastYear, 'pdf');
  if (!(await deps.archive.has(yearlyPdf))) {
    await archiveReport(deps.archive, await yearlyReport(deps.sources, lastYear, now), { pdf: yearlyPdf, csv: yearlyArchiveName(lastYear, 'csv') });
    written.push(yearlyPdf);
  }
  if (written.length > 0) {
    await deps.journal.append({ actor: null, action: 'report.generate', outcome: 'allowed', target: { type: 'report', id: written.join(',') }, details: { scheduled: true } });
  }
  return written;
}

/** Starts the hourly check (and one now); the returned function stops it. */
export function startReportScheduler(deps: ReportSchedulerDeps): () => void {
  let running: Promise<unknown> = Promise.resolve();
  const check = (): void => {
    running = running
      .then(() => generateDueReports(deps))
      .then((written) => {
        if (written.length > 0) deps.logger.info({ reports: written }, 'scheduled reports generated');
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'scheduled report generation failed; retried in an hour'));
  };
  check();
  const timer = setInterval(check, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

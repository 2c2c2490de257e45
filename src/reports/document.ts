// A report as a printable document — a title, a few lines of summary and tables of French text — which the CSV
// and PDF writers both render, so the two formats always say the same thing.
import { parisDay, parisInstant } from '../core/paris-time.js';
import type { AlertFigures, MonthlyReport, Report, YearlyReport } from './model.js';

export interface DocumentTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

export interface ReportDocument {
  readonly title: string;
  readonly summary: readonly string[];
  readonly tables: readonly DocumentTable[];
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const WATCH_STATES: Readonly<Record<string, string>> = {
  submitted: 'en attente de réponse',
  accepted: 'acceptée',
  declined: 'refusée',
  cancelled: 'annulée',
  active: 'en cours',
  ended: 'terminée',
  expired: 'expirée sans réponse',
};
const EXPORT_STATES: Readonly<Record<string, string>> = { running: 'en cours', done: 'terminé', failed: 'en échec' };

/** "mars 2026" for "2026-03". */
export function monthName(period: string): string {
  return `${MONTHS[Number(period.slice(5, 7)) - 1] ?? period} ${period.slice(0, 4)}`;
}

function pct(value: number | null): string {
  return value === null ? '—' : `${value.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

/** The period, or for one still running, how far it goes: a report of the month in progress says so. */
function periodLine(fromMs: number, toMs: number, generatedAt: number, running: string): string {
  const span = generatedAt < toMs ? `${running}, du ${parisDay(fromMs)} au ${parisInstant(generatedAt)}` : `du ${parisDay(fromMs)} au ${parisDay(toMs - 1)} inclus`;
  return `Période : ${span} (heure de Paris). Édité le ${parisInstant(generatedAt)}.`;
}

function alertLine(alerts: AlertFigures | null): string {
  if (alerts === null) return 'Alertes : aucune analyse automatique en service sur la période.';
  return `Alertes : ${alerts.total} (dont ${alerts.confirmed} confirmées et ${alerts.falseAlarms} fausses alertes).`;
}

function monthly(report: MonthlyReport): ReportDocument {
  const states = Object.entries(report.watchRequests.byState).map(([state, count]) => `${count} ${WATCH_STATES[state] ?? state}`);
  return {
    title: `Rapport mensuel de vidéoprotection — ${report.commune.name} (${report.commune.insee}) — ${monthName(report.period)}`,
    summary: [
      periodLine(report.fromMs, report.toMs, report.generatedAt, 'mois en cours'),
      `Caméras : ${report.cameras.length} — disponibilité moyenne ${pct(report.availabilityPct)}, couverture d’enregistrement moyenne ${pct(report.coveragePct)}.`,
      `Demandes de visionnage en direct : ${report.watchRequests.total}${states.length === 0 ? '' : ` (${states.join(', ')})`}.`,
      `Extractions d’images : ${report.exports.total}, dont ${report.exports.requisitions} sur réquisition judiciaire.`,
      alertLine(report.alerts),
    ],
    tables: [
      {
        title: 'Caméras',
        columns: ['Caméra', 'Disponibilité', 'Couverture d’enregistrement', 'Heures hors ligne'],
        rows: report.cameras.map((c) => [c.name, pct(c.availabilityPct), pct(c.coveragePct), c.offlineHours.toLocaleString('fr-FR')]),
      },
      {
        title: 'Demandes de visionnage en direct',
        columns: ['Événement', 'Du', 'Au', 'État'],
        rows: report.watchRequests.lines.map((l) => [l.event, parisInstant(l.fromMs), parisInstant(l.toMs), WATCH_STATES[l.state] ?? l.state]),
      },
      {
        title: 'Extractions d’images',
        columns: ['Référence', 'Motif', 'Caméra', 'Images du', 'au', 'Demandée par', 'Le', 'État'],
        rows: report.exports.lines.map((l) => [
          l.reference,
          l.reason,
          l.cameraName,
          parisInstant(l.fromMs),
          parisInstant(l.toMs),
          l.requestedBy,
          parisInstant(l.createdAt),
          EXPORT_STATES[l.status] ?? l.status,
        ]),
      },
    ],
  };
}

function yearly(report: YearlyReport): ReportDocument {
  return {
    title: `Rapport annuel d’activité du centre de supervision — ${report.period}`,
    summary: [
      periodLine(report.fromMs, report.toMs, report.generatedAt, 'année en cours'),
      `Caméras : ${report.cameras} — disponibilité moyenne ${pct(report.availabilityPct)}, couverture d’enregistrement moyenne ${pct(report.coveragePct)}.`,
      `Demandes de visionnage en direct : ${report.watchRequests}. Extractions d’images : ${report.exports}, dont ${report.requisitions} sur réquisition judiciaire.`,
      alertLine(report.alerts),
    ],
    tables: [
      {
        title: 'Par mois',
        columns: ['Mois', 'Disponibilité', 'Couverture', 'Demandes de visionnage', 'Extractions'],
        rows: report.months.map((m) => [monthName(m.period), pct(m.availabilityPct), pct(m.coveragePct), String(m.watchRequests), String(m.exports)]),
      },
      {
        title: 'Par commune',
        columns: ['Commune', 'INSEE', 'Caméras', 'Disponibilité', 'Couverture', 'Demandes de visionnage', 'Extractions', 'dont réquisitions'],
        rows: report.communes.map((c) => [c.name, c.insee, String(c.cameras), pct(c.availabilityPct), pct(c.coveragePct), String(c.watchRequests), String(c.exports), String(c.requisitions)]),
      },
    ],
  };
}

export function reportDocument(report: Report): ReportDocument {
  return report.kind === 'monthly' ? monthly(report) : yearly(report);
}

// What a report holds: figures computed from the database at the time it is generated, in the order they are
// printed. Instants are epoch ms; percentages 0–100 with one decimal.

export interface CameraMonthFigures {
  readonly cameraId: string;
  readonly name: string;
  /** Share of the period the camera was not offline (recording gaps caused by the camera). */
  readonly availabilityPct: number;
  /** Share of the period covered by recorded footage of the main stream. */
  readonly coveragePct: number;
  readonly offlineHours: number;
}

export interface WatchRequestLine {
  readonly event: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly state: string;
}

export interface ExportLine {
  readonly reference: string;
  readonly reason: string;
  readonly cameraName: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly requestedBy: string;
  readonly createdAt: number;
  readonly status: string;
}

/** Alerts of the period, once analytics run; null while the centre has no alert capability in service. */
export interface AlertFigures {
  readonly total: number;
  readonly confirmed: number;
  readonly falseAlarms: number;
}

export interface MonthlyReport {
  readonly kind: 'monthly';
  readonly commune: { readonly insee: string; readonly name: string };
  /** "YYYY-MM". */
  readonly period: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly generatedAt: number;
  readonly cameras: readonly CameraMonthFigures[];
  readonly availabilityPct: number | null;
  readonly coveragePct: number | null;
  readonly watchRequests: { readonly total: number; readonly byState: Readonly<Record<string, number>>; readonly lines: readonly WatchRequestLine[] };
  /** Exports of the commune's footage; `requisitions` counts those made under a judicial requisition (a reference). */
  readonly exports: { readonly total: number; readonly requisitions: number; readonly lines: readonly ExportLine[] };
  readonly alerts: AlertFigures | null;
}

export interface CommuneYearFigures {
  readonly insee: string;
  readonly name: string;
  readonly cameras: number;
  readonly availabilityPct: number | null;
  readonly coveragePct: number | null;
  readonly watchRequests: number;
  readonly exports: number;
  readonly requisitions: number;
}

export interface MonthFigures {
  /** "YYYY-MM". */
  readonly period: string;
  readonly availabilityPct: number | null;
  readonly coveragePct: number | null;
  readonly watchRequests: number;
  readonly exports: number;
}

export interface YearlyReport {
  readonly kind: 'yearly';
  /** "YYYY". */
  readonly period: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly generatedAt: number;
  readonly cameras: number;
  readonly availabilityPct: number | null;
  readonly coveragePct: number | null;
  readonly watchRequests: number;
  readonly exports: number;
  readonly requisitions: number;
  readonly alerts: AlertFigures | null;
  readonly communes: readonly CommuneYearFigures[];
  readonly months: readonly MonthFigures[];
}

export type Report = MonthlyReport | YearlyReport;

// The shift handover report (passation de service): the alerts still open and the operations log since the shift
// began, as one printable French HTML page, in Paris time.
import { escapeHtml } from '../core/html.js';
import { parisInstant } from '../core/paris-time.js';
import { SERVICE_LABELS } from './catalogue.js';
import type { Alert, OplogEntry } from './model.js';

const STATE_LABELS: Readonly<Record<Alert['state'], string>> = { new: 'Nouvelle', acknowledged: 'Prise en compte', handling: 'En traitement', closed: 'Clôturée' };

export function handoverHtml(input: {
  readonly fromMs: number;
  readonly toMs: number;
  readonly by: string;
  readonly openAlerts: readonly Alert[];
  readonly entries: readonly OplogEntry[];
  readonly cameraName: (cameraId: string) => string;
}): string {
  const alertRows = input.openAlerts
    .map(
      (a) =>
        `<tr><td>${escapeHtml(parisInstant(a.firstMs))}</td><td>${escapeHtml(a.ruleLabel)}</td><td>${escapeHtml(input.cameraName(a.cameraId))}</td><td>${escapeHtml(STATE_LABELS[a.state])}</td><td>${escapeHtml(a.handler ?? '—')}</td><td>${escapeHtml(
          a.escalations.map((e) => `${SERVICE_LABELS[e.service]} (${parisInstant(e.calledAt)}${e.answer === '' ? '' : ` : ${e.answer}`})`).join(' ; ') || '—',
        )}</td></tr>`,
    )
    .join('\n');
  const entryRows = [...input.entries]
    .sort((a, b) => a.at - b.at)
    .map((e) => `<tr><td>${escapeHtml(parisInstant(e.at))}</td><td>${escapeHtml(e.author ?? 'Vigie')}</td><td>${escapeHtml(e.text)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Passation de service — ${escapeHtml(parisInstant(input.toMs))}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:2em}td,th{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}h1{font-size:1.4em}</style></head>
<body>
<h1>Passation de service</h1>
<p>Période du ${escapeHtml(parisInstant(input.fromMs))} au ${escapeHtml(parisInstant(input.toMs))} (heure de Paris) — établie par ${escapeHtml(input.by)}.</p>
<h2>Alertes en cours (${input.openAlerts.length})</h2>
${input.openAlerts.length === 0 ? '<p>Aucune alerte en cours.</p>' : `<table><tr><th>Levée le</th><th>Type</th><th>Caméra</th><th>État</th><th>Pris en charge par</th><th>Appels</th></tr>\n${alertRows}</table>`}
<h2>Main courante (${input.entries.length})</h2>
${input.entries.length === 0 ? '<p>Aucune inscription sur la période.</p>' : `<table><tr><th>Heure</th><th>Auteur</th><th>Inscription</th></tr>\n${entryRows}</table>`}
<p>Signature de l’opérateur sortant : ____________________ &nbsp; Signature de l’opérateur entrant : ____________________</p>
</body></html>
`;
}

// The printable handover receipt of a requisition: what was handed (each signed package, its files and their
// SHA-256, the bookmarks with their notes its signed manifest carries), to whom, when and by whom, and the
// receiver's acknowledgement. Self-contained HTML, French, Paris time.
import { escapeHtml } from '../core/html.js';
import { parisInstant } from '../core/paris-time.js';
import type { Requisition } from './model.js';
import type { HandedFile } from './requisitions.js';

export function receiptHtml(requisition: Requisition, handed: readonly HandedFile[], printedAtMs: number): string {
  const e = (text: string): string => escapeHtml(text);
  const handover = requisition.handover;
  const rows = handed
    .map(
      (item) =>
        `<tr><td>${e(item.cameraName)}<br><small>${e(item.cameraId)}</small></td><td>${e(parisInstant(item.fromMs))} → ${e(parisInstant(item.toMs))}</td><td>${e(item.exportId)}</td><td><code>manifest.json ${e(item.manifestSha256)}</code>${item.files
          .map((file) => `<br><code>${e(file.name)} ${e(file.sha256)}</code> (${file.bytes} octets)`)
          .join('')}</td></tr>`,
    )
    .join('\n');
  const marks = handed.flatMap((item) => item.bookmarks.map((bookmark) => ({ cameraName: item.cameraName, exportId: item.exportId, ...bookmark })));
  marks.sort((a, b) => a.atUtc.localeCompare(b.atUtc));
  const bookmarks =
    marks.length === 0
      ? '<p>Aucun signet posé dans la salle de visionnage sur les images remises.</p>'
      : `<p>${marks.length} signet(s) posé(s) dans la salle de visionnage, inscrits avec leur note dans le manifeste signé de leur paquet :</p>
<table><thead><tr><th>Instant</th><th>Caméra</th><th>Note</th><th>Posé par</th><th>Paquet</th></tr></thead><tbody>
${marks.map((mark) => `<tr><td>${e(parisInstant(Date.parse(mark.atUtc)))}</td><td>${e(mark.cameraName)}</td><td>${e(mark.note)}</td><td>${e(mark.by)}</td><td>${e(mark.exportId)}</td></tr>`).join('\n')}
</tbody></table>`;
  const ack =
    handover === null
      ? '<p class="pending">Aucune remise enregistrée.</p>'
      : handover.ackAt === null
        ? `<p class="pending">En attente de l'accusé de réception de ${e(requisition.investigator)} dans l'application.</p>`
        : `<p>Réception acquittée dans l'application par <strong>${e(handover.ackBy ?? '')}</strong> le ${e(parisInstant(handover.ackAt))}.</p>`;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Procès-verbal de remise — ${e(requisition.reference)}</title>
<style>body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%}td,th{border:1px solid #888;padding:4px 6px;vertical-align:top;text-align:left;font-size:90%}code{font-size:85%;word-break:break-all}.pending{color:#a00;font-weight:bold}.sign{display:flex;gap:4em;margin-top:3em}.sign div{flex:1;border-top:1px solid #000;padding-top:.5em}@media print{button{display:none}}</style></head>
<body>
<h1>Procès-verbal de remise d'images</h1>
<p>Réquisition judiciaire <strong>${e(requisition.reference)}</strong> — ${e(requisition.legalBasis)}</p>
<p>Requérant : ${e(requisition.officer.quality)} ${e(requisition.officer.name)}, ${e(requisition.officer.service)} (${e(requisition.officer.contact)})</p>
<p>Enquêteur : ${e(requisition.investigator)} — période requise : ${e(parisInstant(requisition.fromMs))} → ${e(parisInstant(requisition.toMs))} (heure de Paris)</p>
<h2>Ce qui a été remis</h2>
<p>${handed.length} paquet(s) signé(s) (Ed25519), vérifiables avec <code>vigie export verify &lt;dossier&gt;</code>. Empreintes SHA-256 :</p>
<table><thead><tr><th>Caméra</th><th>Période</th><th>Paquet</th><th>Fichiers et empreintes</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Signets de l'enquête</h2>
${bookmarks}
<h2>Remise</h2>
${handover === null ? '' : `<p>Remis par <strong>${e(handover.handedBy)}</strong> à <strong>${e(handover.receivedBy)}</strong> le ${e(parisInstant(handover.handedAt))}.</p>`}
${ack}
<div class="sign"><div>Pour le centre de supervision</div><div>Pour le service requérant</div></div>
<p><small>Imprimé le ${e(parisInstant(printedAtMs))}. Document généré par Vigie.</small></p>
<button onclick="window.print()">Imprimer</button>
</body></html>
`;
}

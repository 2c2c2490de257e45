// « Rapports »: a commune's monthly report (a mayor: his own commune) and, for the centre, the yearly activity
// report — shown as the same document the PDF prints, with its PDF and CSV — and the reports archived each month.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, apiGet } from '../api/client.js';
import { can, type ArchivedReport, type ReportAnswer } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { EmptyState } from '../ui/empty-state.js';
import { TextTable } from '../ui/text-table.js';
import '../registers/registers.css';
import './reports.css';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_REPORT_PERIOD_INVALID: 'Cette période n’a pas encore commencé : choisissez un mois ou une année passés.',
  VIGIE_REPORT_COMMUNE_REFUSED: 'Vous ne pouvez consulter que les rapports de votre commune.',
  VIGIE_REPORT_COMMUNE_UNKNOWN: 'Cette commune n’est pas connue du centre.',
  VIGIE_REPORT_CENTRE_ONLY: 'Le rapport annuel couvre tout le centre : il est réservé aux chefs de salle, administrateurs et auditeurs.',
};

function reportErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = MESSAGES[error.code];
    if (known !== undefined) return known;
    if (error.status === 0) return 'Serveur Vigie injoignable : vérifiez le réseau puis réessayez.';
    if (error.status === 403) return 'Votre rôle ne permet pas de consulter ce rapport.';
  }
  return 'Le rapport n’a pas pu être établi. Réessayez dans un instant ; si le problème persiste, prévenez l’administrateur.';
}

/** The month before the current one, Paris time, as "YYYY-MM". */
function previousMonth(): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(Date.now()).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

function archiveLabel(entry: ArchivedReport, communeName: (insee: string) => string): string {
  if (entry.kind === 'yearly') return `Rapport annuel ${entry.period}`;
  return `${communeName(entry.insee ?? '')} — ${MONTHS[Number(entry.period.slice(5, 7)) - 1] ?? ''} ${entry.period.slice(0, 4)}`;
}

export function ReportsPage() {
  const user = useUser();
  if (!can(user, 'report.read')) {
    return <EmptyState title="Rapports : accès réservé">Les rapports d’activité sont réservés aux maires (pour leur commune), aux chefs de salle, aux administrateurs et aux auditeurs.</EmptyState>;
  }
  return <ReportsView centre={user.communes.length === 0} ownCommunes={user.communes} />;
}

function ReportsView({ centre, ownCommunes }: { readonly centre: boolean; readonly ownCommunes: readonly string[] }) {
  const inventory = useInventory();
  const communes = useMemo(() => {
    const codes = centre ? [...new Set(inventory.cameras.map((camera) => camera.commune))] : [...ownCommunes];
    return codes.map((insee) => ({ insee, name: inventory.communeName(insee) })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }, [centre, ownCommunes, inventory]);
  const [kind, setKind] = useState<'monthly' | 'yearly'>('monthly');
  const [commune, setCommune] = useState(ownCommunes[0] ?? '');
  const [month, setMonth] = useState(previousMonth);
  const [year, setYear] = useState(String(Number(previousMonth().slice(0, 4)) - (previousMonth().endsWith('-12') ? 0 : 1)));
  const [answer, setAnswer] = useState<ReportAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [archive, setArchive] = useState<readonly ArchivedReport[]>([]);

  useEffect(() => {
    if (commune === '' && communes[0] !== undefined) setCommune(communes[0].insee);
  }, [commune, communes]);

  const query = kind === 'monthly' ? `/api/reports/monthly?commune=${encodeURIComponent(commune)}&month=${month}` : `/api/reports/yearly?year=${year}`;
  useEffect(() => {
    if (kind === 'monthly' && commune === '') return;
    setAnswer(null);
    setError(null);
    let current = true;
    apiGet(query).then(
      (value) => current && setAnswer(value as ReportAnswer),
      (failure: unknown) => current && setError(reportErrorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [query, kind, commune]);

  useEffect(() => {
    apiGet('/api/reports/archive').then(
      (value) => setArchive(value as ArchivedReport[]),
      () => setArchive([]),
    );
  }, []);

  const thisYear = Number(previousMonth().slice(0, 4));
  const years = Array.from({ length: 5 }, (_, k) => String(thisYear - k));
  return (
    <div className="registers-page reports-page">
      <div className="toolbar no-print">
        <h1>Rapports</h1>
        {centre && (
          <div className="segmented" role="group" aria-label="Type de rapport">
            <button type="button" aria-pressed={kind === 'monthly'} onClick={() => setKind('monthly')}>
              Mensuel par commune
            </button>
            <button type="button" aria-pressed={kind === 'yearly'} onClick={() => setKind('yearly')}>
              Annuel du centre
            </button>
          </div>
        )}
        {kind === 'monthly' ? (
          <>
            <label>
              Commune{' '}
              <select value={commune} onChange={(event) => setCommune(event.target.value)} disabled={communes.length < 2}>
                {communes.map((c) => (
                  <option key={c.insee} value={c.insee}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Mois{' '}
              <select value={month.slice(5, 7)} onChange={(event) => setMonth(`${month.slice(0, 4)}-${event.target.value}`)}>
                {MONTHS.map((name, k) => (
                  <option key={name} value={String(k + 1).padStart(2, '0')}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Année{' '}
              <select value={month.slice(0, 4)} onChange={(event) => setMonth(`${event.target.value}-${month.slice(5, 7)}`)}>
                {years.map((y) => (
                  <option key={y}>{y}</option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <label>
            Année{' '}
            <select value={year} onChange={(event) => setYear(event.target.value)}>
              {years.map((y) => (
                <option key={y}>{y}</option>
              ))}
            </select>
          </label>
        )}
        <a className="button" href={`${query}&format=pdf`} download>
          PDF
        </a>
        <a className="button" href={`${query}&format=csv`} download>
          CSV
        </a>
        <button type="button" className="primary" onClick={() => window.print()}>
          Imprimer
        </button>
      </div>
      {error !== null ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : answer === null ? (
        <p className="muted registers-loading">Calcul du rapport à partir des enregistrements, des demandes et des exports…</p>
      ) : (
        <article className="report" data-testid="report" aria-label={answer.document.title}>
          <h2>{answer.document.title}</h2>
          {answer.document.summary.map((line) => (
            <p key={line} className="report-summary">
              {line}
            </p>
          ))}
          {answer.document.tables.map((table) => (
            <section key={table.title} className="register" aria-label={table.title}>
              <header>
                <h2>{table.title}</h2>
              </header>
              {table.rows.length === 0 ? <p className="register-inactive">Aucune ligne sur la période.</p> : <TextTable columns={table.columns} rows={table.rows} />}
            </section>
          ))}
        </article>
      )}
      <section className="register no-print" aria-label="Rapports archivés">
        <header>
          <h2>Rapports archivés</h2>
          <span className="muted">établis automatiquement chaque début de mois (et chaque début d’année pour le rapport annuel)</span>
        </header>
        {archive.length === 0 ? (
          <p className="register-inactive">Aucun rapport archivé pour l’instant : le premier sera établi au début du mois prochain.</p>
        ) : (
          <ul className="report-archive">
            {archive
              .filter((entry) => entry.format === 'pdf')
              .map((entry) => (
                <li key={entry.name}>
                  {archiveLabel(entry, inventory.communeName)}{' '}
                  <a href={`/api/reports/archive/${entry.name}`} download>
                    PDF
                  </a>{' '}
                  <a href={`/api/reports/archive/${entry.name.replace(/\.pdf$/, '.csv')}`} download>
                    CSV
                  </a>
                </li>
              ))}
          </ul>
        )}
      </section>
    </div>
  );
}

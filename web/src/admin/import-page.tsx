// "Importer des caméras": a CSV or GeoJSON file is first previewed (POST /api/cameras/import?dryRun=true): what
// each line would do and every bad line in red with its reason in French; nothing is written until the file has
// no bad line and the administrator confirms. Then the "vague" follows the imported cameras coming online.
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, apiGet, apiPost } from '../api/client.js';
import { can, type CameraState } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { EmptyState } from '../ui/empty-state.js';
import { StateBadge } from '../ui/state-badge.js';
import { readHealthStates, readImportReport, type ImportReport } from './estate-api.js';
import { CHANGE_LABELS, explainIssue } from './estate-labels.js';
import './estate.css';

type Mode = 'create' | 'upsert' | 'sync';
const MODES: ReadonlyArray<readonly [Mode, string]> = [
  ['create', 'Ajout : toutes les caméras du fichier sont nouvelles'],
  ['upsert', 'Mise à jour : les caméras déjà connues (même nom) sont modifiées'],
  ['sync', 'Synchronisation complète : les caméras absentes du fichier sont retirées'],
];
const WAVE_REFRESH_MS = 2000;

interface Loaded {
  readonly name: string;
  readonly text: string;
}

export function ImportPage() {
  const user = useUser();
  const [file, setFile] = useState<Loaded | null>(null);
  const [mode, setMode] = useState<Mode>('create');
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [wave, setWave] = useState<ImportReport | null>(null);

  useEffect(() => {
    document.title = 'Importer des caméras — Vigie';
  }, []);

  const runPreview = async (loaded: Loaded, chosen: Mode): Promise<void> => {
    setBusy('preview');
    setProblem(null);
    setPreview(null);
    try {
      setPreview(readImportReport(await apiPost(`/api/cameras/import?dryRun=true&mode=${chosen}`, loaded.text)));
    } catch (failure) {
      setProblem(failureSentence(failure));
    } finally {
      setBusy(null);
    }
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (chosen === undefined) return;
    const loaded = { name: chosen.name, text: await chosen.text() };
    setFile(loaded);
    setWave(null);
    await runPreview(loaded, mode);
  };

  const confirm = async (): Promise<void> => {
    if (file === null) return;
    setBusy('import');
    setProblem(null);
    try {
      const report = readImportReport(await apiPost(`/api/cameras/import?mode=${mode}`, file.text));
      setWave(report);
      setPreview(null);
      setFile(null);
    } catch (failure) {
      // Someone changed the estate between preview and import: show the fresh preview instead.
      if (failure instanceof ApiError && failure.code === 'VIGIE_IMPORT_REJECTED') await runPreview(file, mode);
      else setProblem(failureSentence(failure));
    } finally {
      setBusy(null);
    }
  };

  if (!can(user, 'camera.manage'))
    return (
      <div className="estate-page">
        <EmptyState title="Import réservé aux administrateurs">Importer des caméras modifie le parc : seul un administrateur de Vigie peut le faire.</EmptyState>
      </div>
    );

  const lines = file?.text.split(/\r?\n/) ?? [];
  const blocked = preview === null || preview.errors.length > 0 || preview.created.length + preview.updated.length + preview.removed.length === 0;
  return (
    <div className="estate-page">
      <header className="estate-head">
        <h1>Importer des caméras</h1>
        <Link to="/admin/cameras">← Parc de caméras</Link>
      </header>
      <section className="estate-panel">
        <p className="estate-hint">
          Fichier CSV (une caméra par ligne, en-tête : nom, insee, lat, lon, url, conservation, finalites, azimut, ouverture, arrete, expiration…) ou GeoJSON (points). Rien n’est enregistré avant
          votre confirmation, et seulement si aucune ligne n’est en erreur.
        </p>
        <div className="estate-row">
          <label className="estate-field">
            <span>Mode</span>
            <select
              value={mode}
              onChange={(e) => {
                const next = e.target.value as Mode;
                setMode(next);
                if (file !== null) void runPreview(file, next);
              }}
            >
              {MODES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="estate-file">
            <span>{file === null ? 'Choisir un fichier…' : `Fichier : ${file.name}`}</span>
            <input type="file" accept=".csv,.txt,.geojson,.json,text/csv,application/geo+json" data-testid="import-file" onChange={(e) => void choose(e)} />
          </label>
        </div>
        {busy === 'preview' && <p className="estate-note">Lecture du fichier et vérification de chaque ligne…</p>}
        {problem !== null && (
          <p className="estate-error" role="alert">
            {problem}
          </p>
        )}
      </section>

      {preview !== null && (
        <section className="estate-panel" data-testid="import-preview">
          <h2>Aperçu — rien n’est encore enregistré</h2>
          <p className="estate-summary" data-testid="import-summary">
            {preview.created.length} à créer · {preview.updated.length} à modifier · {preview.unchanged.length} inchangée(s)
            {mode === 'sync' && ` · ${preview.removed.length} à retirer`} · <strong className={preview.errors.length > 0 ? 'bad' : ''}>{lineCount(preview)} ligne(s) en erreur</strong>
          </p>
          {preview.errors.length > 0 && (
            <>
              <p className="estate-error">Corrigez les lignes en rouge dans le fichier puis chargez-le à nouveau : l’import est refusé tant qu’une ligne est en erreur.</p>
              <table className="estate-table bad-lines" data-testid="import-errors">
                <thead>
                  <tr>
                    <th>Ligne</th>
                    <th>Motif</th>
                    <th>Contenu</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.errors.map((issue, i) => (
                    <tr key={i} className="bad-line">
                      <td>{issue.line === 0 ? '—' : issue.line}</td>
                      <td>{explainIssue(issue.field, issue.reason)}</td>
                      <td className="raw">{issue.line > 0 ? (lines[issue.line - 1] ?? '') : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <ChangeTables report={preview} />
          <div className="estate-actions">
            <button type="button" className="primary" disabled={blocked || busy !== null} onClick={() => void confirm()} data-testid="import-confirm">
              {busy === 'import' ? 'Import en cours…' : 'Importer'}
            </button>
            {blocked && preview.errors.length === 0 && <span className="estate-note">Le fichier ne change rien au parc.</span>}
          </div>
        </section>
      )}

      {wave !== null && <Wave report={wave} />}
    </div>
  );
}

function lineCount(report: ImportReport): number {
  return new Set(report.errors.map((e) => e.line)).size;
}

function ChangeTables({ report }: { readonly report: ImportReport }) {
  const rows = [
    ...report.created.map((c) => ({ key: `c${c.line}`, line: String(c.line), name: c.name, what: 'création' })),
    ...report.updated.map((u) => ({ key: `u${u.line}`, line: String(u.line), name: u.name, what: `modification : ${u.changed.map((f) => CHANGE_LABELS[f] ?? f).join(', ')}` })),
    ...report.removed.map((r) => ({ key: `r${r.id}`, line: '—', name: r.name, what: 'retrait du parc' })),
  ];
  if (rows.length === 0) return null;
  return (
    <details className="estate-changes" open={rows.length <= 20}>
      <summary>Changements prévus ({rows.length})</summary>
      <table className="estate-table">
        <thead>
          <tr>
            <th>Ligne</th>
            <th>Caméra</th>
            <th>Changement</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>{row.line}</td>
              <td>{row.name}</td>
              <td>{row.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** The wave: the cameras this import created or changed, and whether each one came online. */
function Wave({ report }: { readonly report: ImportReport }) {
  const cameras = useMemo(() => [...report.created.flatMap((c) => (c.id === null ? [] : [{ id: c.id, name: c.name }])), ...report.updated.map((u) => ({ id: u.id, name: u.name }))], [report]);
  const [states, setStates] = useState<ReadonlyMap<string, CameraState>>(new Map());
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      try {
        const next = readHealthStates(await apiGet('/api/health/cameras'));
        if (!cancelled) {
          setStates(next);
          setFailed(false);
        }
      } catch {
        if (!cancelled) setFailed(true);
      }
      if (!cancelled) timer = setTimeout(() => void load(), WAVE_REFRESH_MS);
    };
    void load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, []);
  const online = cameras.filter((c) => states.get(c.id) === 'online').length;
  return (
    <section className="estate-panel" data-testid="import-wave">
      <h2>Vague de raccordement</h2>
      <p className="estate-summary">
        {report.imported} caméra(s) enregistrée(s) · <strong data-testid="wave-online">{online}</strong> / {cameras.length} en ligne
        {report.removed.length > 0 && ` · ${report.removed.length} retirée(s)`}
      </p>
      {failed && <p className="estate-error">L’état des caméras n’a pas pu être lu ; nouvel essai dans quelques secondes.</p>}
      <table className="estate-table">
        <thead>
          <tr>
            <th>Caméra</th>
            <th>État</th>
          </tr>
        </thead>
        <tbody>
          {cameras.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>
                <StateBadge state={states.get(c.id) ?? 'unknown'} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function failureSentence(failure: unknown): string {
  if (failure instanceof ApiError) {
    if (failure.status === 0) return 'Serveur Vigie injoignable : le fichier n’a pas été envoyé.';
    if (failure.status === 413) return 'Fichier trop volumineux : découpez-le en plusieurs imports.';
    if (failure.code === 'VIGIE_IMPORT_MALFORMED') return 'Fichier illisible : un CSV avec une ligne d’en-tête ou un GeoJSON FeatureCollection est attendu.';
    if (failure.status === 403) return 'Votre rôle ne permet pas d’importer des caméras.';
  }
  return 'L’import n’a pas pu être vérifié (erreur du serveur). Rien n’a été enregistré.';
}

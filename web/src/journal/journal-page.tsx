// « Journal » (auditors, administrators): the journal filtered by period, person, role, action, outcome, camera
// and commune, newest first a hundred at a time; each entry opens its details; the same criteria download as CSV
// or as a signed extract; a banner says whether the chain is intact and when it was last anchored.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, apiGet } from '../api/client.js';
import { can, ROLE_LABELS, type JournalEntry, type JournalPage } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { formatParisDateTime } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { ChainBanner } from './chain-banner.js';
import { EntryDetails } from './entry-details.js';
import { ACTION_LABELS, actionLabel, OUTCOME_LABELS, TARGET_LABELS } from './journal-labels.js';
import { criteriaQuery, NO_CRITERIA, type JournalCriteria } from './journal-query.js';
import './journal.css';

const PAGE = 100;

type Listing = { readonly status: 'loading' | 'ready' | 'error'; readonly entries: readonly JournalEntry[]; readonly next: number | null; readonly error: string | null };

export function JournalPage() {
  const user = useUser();
  if (!can(user, 'journal.read')) {
    return (
      <EmptyState title="Journal : accès réservé">
        Le journal des accès et des opérations est réservé aux auditeurs (délégué à la protection des données) et aux administrateurs. Votre rôle n’y donne pas accès.
      </EmptyState>
    );
  }
  return <JournalView />;
}

function JournalView() {
  const inventory = useInventory();
  const [criteria, setCriteria] = useState<JournalCriteria>(NO_CRITERIA);
  const [query, setQuery] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [listing, setListing] = useState<Listing>({ status: 'loading', entries: [], next: null, error: null });
  const [selected, setSelected] = useState<JournalEntry | null>(null);

  const load = useCallback(async (base: string, before: number | null) => {
    const page = new URLSearchParams(base);
    page.set('limit', String(PAGE));
    if (before !== null) page.set('before', String(before));
    try {
      const answer = (await apiGet(`/api/journal?${page.toString()}`)) as JournalPage;
      setListing((previous) => ({ status: 'ready', entries: before === null ? answer.entries : [...previous.entries, ...answer.entries], next: answer.next, error: null }));
    } catch (error) {
      setListing((previous) => ({ ...previous, status: 'error', error: journalErrorMessage(error) }));
    }
  }, []);

  useEffect(() => {
    setListing({ status: 'loading', entries: [], next: null, error: null });
    setSelected(null);
    void load(query, null);
  }, [query, load]);

  function apply(event: FormEvent) {
    event.preventDefault();
    const built = criteriaQuery(criteria);
    if (!built.ok) {
      setFormError(built.error);
      return;
    }
    setFormError(null);
    setQuery(built.query);
  }

  function reset() {
    setCriteria(NO_CRITERIA);
    setFormError(null);
    setQuery('');
  }

  const field = (name: keyof JournalCriteria) => ({ value: criteria[name], onChange: (event: { target: { value: string } }) => setCriteria({ ...criteria, [name]: event.target.value }) });
  const communes = [...new Map(inventory.cameras.map((camera) => [camera.commune, inventory.communeName(camera.commune)])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
  const suffix = query === '' ? '' : `?${query}`;

  return (
    <div className="journal-page">
      <div className="toolbar">
        <h1>Journal des accès et opérations</h1>
        <ChainBanner />
      </div>
      <form className="journal-filters" onSubmit={apply} aria-label="Critères du journal">
        <fieldset>
          <legend>Du</legend>
          <input type="text" inputMode="numeric" placeholder="JJ/MM/AAAA" aria-label="Début : date (JJ/MM/AAAA)" size={10} {...field('fromDate')} />
          <input type="text" inputMode="numeric" placeholder="HH:MM" aria-label="Début : heure (HH:MM, 24 h)" size={5} {...field('fromTime')} />
        </fieldset>
        <fieldset>
          <legend>Au</legend>
          <input type="text" inputMode="numeric" placeholder="JJ/MM/AAAA" aria-label="Fin : date (JJ/MM/AAAA)" size={10} {...field('toDate')} />
          <input type="text" inputMode="numeric" placeholder="HH:MM" aria-label="Fin : heure (HH:MM, 24 h)" size={5} {...field('toTime')} />
        </fieldset>
        <label>
          Personne
          <input type="search" placeholder="identifiant" aria-label="Personne (identifiant)" size={14} {...field('person')} />
        </label>
        <label>
          Rôle
          <select aria-label="Rôle" {...field('role')}>
            <option value="">Tous</option>
            {Object.entries(ROLE_LABELS).map(([role, label]) => (
              <option key={role} value={role}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select aria-label="Action" {...field('action')}>
            <option value="">Toutes</option>
            {Object.entries(ACTION_LABELS)
              .sort((a, b) => a[1].localeCompare(b[1], 'fr'))
              .map(([action, label]) => (
                <option key={action} value={action}>
                  {label}
                </option>
              ))}
          </select>
        </label>
        <label>
          Résultat
          <select aria-label="Résultat" {...field('outcome')}>
            <option value="">Tous</option>
            {Object.entries(OUTCOME_LABELS).map(([outcome, label]) => (
              <option key={outcome} value={outcome}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Caméra
          <input list="journal-cameras" placeholder="rechercher" aria-label="Caméra" size={14} {...field('cameraId')} />
          <datalist id="journal-cameras">
            {inventory.cameras.map((camera) => (
              <option key={camera.id} value={camera.id}>
                {camera.name}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          Commune
          <select aria-label="Commune" {...field('commune')}>
            <option value="">Toutes</option>
            {communes.map(([insee, name]) => (
              <option key={insee} value={insee}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <div className="journal-actions">
          <button type="submit" className="primary">
            Filtrer
          </button>
          <button type="button" onClick={reset}>
            Effacer
          </button>
          <a className="button" href={`/api/journal.csv${suffix}`} download>
            Export CSV
          </a>
          <a className="button" href={`/api/journal/extract.html${suffix}`} download>
            Extrait signé
          </a>
        </div>
        {formError !== null && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
      </form>
      <div className="journal-body">
        <div className="journal-table-wrap">
          {listing.status === 'error' && (
            <p className="form-error" role="alert">
              {listing.error}
            </p>
          )}
          {listing.status === 'loading' && <p className="muted">Lecture du journal…</p>}
          {listing.status === 'ready' && listing.entries.length === 0 && <EmptyState title="Aucune entrée ne répond à ces critères." />}
          {listing.entries.length > 0 && (
            <table className="journal-table" data-testid="journal-table">
              <thead>
                <tr>
                  <th>N°</th>
                  <th>Date et heure</th>
                  <th>Personne</th>
                  <th>Rôle</th>
                  <th>Action</th>
                  <th>Résultat</th>
                  <th>Objet</th>
                  <th>Commune</th>
                </tr>
              </thead>
              <tbody>
                {listing.entries.map((entry) => (
                  <tr
                    key={entry.sequence}
                    data-sequence={entry.sequence}
                    tabIndex={0}
                    className={selected?.sequence === entry.sequence ? 'selected' : undefined}
                    onClick={() => setSelected(entry)}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter') setSelected(entry);
                    }}
                  >
                    <td className="num">{entry.sequence}</td>
                    <td className="num">{formatParisDateTime(entry.timeMs)}</td>
                    <td>
                      {entry.actor?.username ?? (
                        <span className="muted" title="Vigie elle-même, la console locale, ou une personne non identifiée (mot de passe erroné)">
                          non identifiée
                        </span>
                      )}
                    </td>
                    <td>{entry.actor === null ? '' : (ROLE_LABELS[entry.actor.role] ?? entry.actor.role)}</td>
                    <td title={entry.action}>{actionLabel(entry.action)}</td>
                    <td>
                      <span className={`outcome outcome-${entry.outcome}`}>{OUTCOME_LABELS[entry.outcome] ?? entry.outcome}</span>
                    </td>
                    <td>{targetText(entry, inventory.camera(entry.target?.cameraId ?? '')?.name)}</td>
                    <td>{entry.target?.communeInsee === undefined ? '' : inventory.communeName(entry.target.communeInsee)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {listing.next !== null && (
            <button type="button" className="journal-more" onClick={() => void load(query, listing.next)}>
              Entrées plus anciennes
            </button>
          )}
        </div>
        {selected !== null && <EntryDetails entry={selected} cameraName={inventory.camera(selected.target?.cameraId ?? '')?.name} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}

function targetText(entry: JournalEntry, cameraName: string | undefined): string {
  const target = entry.target;
  if (target === null) return '';
  if (target.cameraId !== undefined) return cameraName ?? target.cameraId;
  return [TARGET_LABELS[target.type] ?? target.type, target.id].filter((part) => part !== undefined).join(' ');
}

export function journalErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return 'Serveur Vigie injoignable : vérifiez le réseau puis réessayez.';
    if (error.status === 403) return 'Votre rôle ne permet pas de consulter le journal.';
    if (error.status === 400) return 'Critères refusés par le serveur : vérifiez les dates et le code de commune.';
    if (error.code === 'VIGIE_JOURNAL_EXTRACT_TOO_LARGE') return 'Plus de 100 000 entrées : réduisez la période ou ajoutez un critère.';
  }
  return 'Le journal n’a pas pu être lu. Réessayez dans un instant ; si le problème persiste, prévenez l’administrateur.';
}

// Every field of one journal entry, beside the table: what a commission may ask about a line.
import { useEffect } from 'react';
import { ROLE_LABELS, type JournalEntry } from '../api/contracts.js';
import { formatParisDateTime } from '../time/paris.js';
import { actionLabel, OUTCOME_LABELS, TARGET_LABELS } from './journal-labels.js';

export function EntryDetails({ entry, cameraName, onClose }: { readonly entry: JournalEntry; readonly cameraName: string | undefined; readonly onClose: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const rows: Array<[string, string]> = [
    ['Numéro', String(entry.sequence)],
    ['Date et heure', `${formatParisDateTime(entry.timeMs)} (heure de Paris)`],
    ['Personne', entry.actor === null ? 'Non identifiée : Vigie elle-même, la console locale, ou une tentative sans compte valide' : `${entry.actor.username} (compte ${entry.actor.id})`],
    ['Rôle', entry.actor === null ? '—' : (ROLE_LABELS[entry.actor.role] ?? entry.actor.role)],
    ['Adresse IP', entry.ip ?? '—'],
    ['Action', `${actionLabel(entry.action)} (${entry.action})`],
    ['Résultat', OUTCOME_LABELS[entry.outcome] ?? entry.outcome],
    ['Objet', entry.target === null ? '—' : [TARGET_LABELS[entry.target.type] ?? entry.target.type, entry.target.id].filter((part) => part !== undefined).join(' ')],
    ['Caméra', entry.target?.cameraId === undefined ? '—' : `${cameraName ?? 'caméra retirée'} (${entry.target.cameraId})`],
    ['Commune (INSEE)', entry.target?.communeInsee ?? '—'],
  ];
  return (
    <aside className="journal-details" aria-label={`Entrée n° ${entry.sequence}`} data-testid="journal-details">
      <header>
        <h2>Entrée n° {entry.sequence}</h2>
        <button type="button" className="ghost" onClick={onClose} aria-label="Fermer le détail">
          Fermer (Échap)
        </button>
      </header>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>Détails</dt>
          <dd>
            <pre>{JSON.stringify(entry.details, null, 2)}</pre>
          </dd>
        </div>
        <div>
          <dt>Empreinte (SHA-256)</dt>
          <dd className="hash">{entry.hash}</dd>
        </div>
        <div>
          <dt>Empreinte précédente</dt>
          <dd className="hash">{entry.prevHash}</dd>
        </div>
      </dl>
    </aside>
  );
}

// « Comptes et habilitations » (/admin/comptes), for administrators: every account with its role, communes and
// habilitation (badges for those ending within 30 days or ended), a filter, the create/edit form, disabling (after
// a confirmation: the server closes the account's open sessions at once), the password reset (the temporary password shown once) and the second factor's reset.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiGet, apiPost, apiRequest } from '../api/client.js';
import { can, ROLE_LABELS, type UserAccount } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { parisDateFr } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { habilitationState } from './user-form-model.js';
import { UserForm, type CommuneOption } from './user-form.js';
import { userErrorOf } from './user-messages.js';
import './admin.css';

type Filter = 'all' | 'expiring' | 'expired' | 'disabled';
const FILTERS: Readonly<Record<Filter, string>> = { all: 'Tous', expiring: 'Expirent sous 30 jours', expired: 'Expirées', disabled: 'Désactivés' };
const BADGES = {
  valid: { label: 'En cours', className: 'badge-ok' },
  expiring: { label: 'Expire bientôt', className: 'badge-warn' },
  expired: { label: 'Expirée', className: 'badge-bad' },
  future: { label: 'Pas encore ouverte', className: 'badge-muted' },
  disabled: { label: 'Désactivé', className: 'badge-muted' },
} as const;

export function UsersPage() {
  const user = useUser();
  if (!can(user, 'user.manage')) {
    return (
      <EmptyState title="Page réservée aux administrateurs">
        La gestion des comptes et des habilitations est réservée au rôle Administrateur. Adressez-vous à l’administrateur de la plateforme pour toute création, modification ou renouvellement
        d’habilitation.
      </EmptyState>
    );
  }
  return <UsersAdmin />;
}

function UsersAdmin() {
  const [users, setUsers] = useState<readonly UserAccount[] | null>(null);
  const [communes, setCommunes] = useState<readonly CommuneOption[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<UserAccount | 'new' | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [temporary, setTemporary] = useState<{ username: string; password: string } | null>(null);
  /** The account whose disabling waits for a confirmation. */
  const [disabling, setDisabling] = useState<string | null>(null);

  const load = useCallback(() => {
    apiGet('/api/users')
      .then((payload) => {
        setUsers(payload as UserAccount[]);
        setLoadError(null);
      })
      .catch((error: unknown) => setLoadError(userErrorOf(error).text));
  }, []);
  useEffect(() => {
    load();
    apiGet('/api/communes')
      .then((payload) => setCommunes((payload as CommuneOption[]).map((c) => ({ insee: c.insee, name: c.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr'))))
      .catch(() => setCommunes([]));
  }, [load]);

  const communeName = useMemo(() => new Map(communes.map((c) => [c.insee, c.name])), [communes]);
  const now = Date.now();
  const shown = (users ?? []).filter((u) => {
    const state = habilitationState(u, now);
    if (filter === 'expiring' && state !== 'expiring') return false;
    if (filter === 'expired' && state !== 'expired') return false;
    if (filter === 'disabled' && state !== 'disabled') return false;
    const text = `${u.username} ${u.displayName} ${ROLE_LABELS[u.role] ?? u.role} ${u.communes.map((c) => communeName.get(c) ?? c).join(' ')} ${u.authority} ${u.reference}`.toLowerCase();
    return text.includes(search.trim().toLowerCase());
  });

  const act = async (work: () => Promise<unknown>, done: string) => {
    setMessage(null);
    setDisabling(null);
    try {
      await work();
      setMessage({ kind: 'info', text: done });
    } catch (error) {
      setMessage({ kind: 'error', text: userErrorOf(error).text });
    }
    load();
  };

  const resetPassword = (u: UserAccount) =>
    act(async () => {
      const answer = (await apiPost(`/api/users/${u.id}/reset-password`)) as { temporaryPassword: string };
      setTemporary({ username: u.username, password: answer.temporaryPassword });
    }, `Mot de passe de ${u.username} réinitialisé : ses sessions sont fermées.`);

  if (loadError !== null) return <EmptyState title="Comptes indisponibles">{loadError}</EmptyState>;
  if (users === null) return <p className="muted admin-loading">Chargement des comptes…</p>;

  return (
    <div className="admin-page">
      <div className="admin-head">
        <h1>Comptes et habilitations</h1>
        <div className="segmented" role="group" aria-label="Filtrer les habilitations">
          {(Object.keys(FILTERS) as Filter[]).map((key) => (
            <button key={key} type="button" className={filter === key ? 'on' : ''} onClick={() => setFilter(key)}>
              {FILTERS[key]}
            </button>
          ))}
        </div>
        <input className="admin-search" type="search" placeholder="Rechercher (nom, rôle, commune, référence)" value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          Nouveau compte
        </button>
      </div>
      {message !== null && (
        <p className={message.kind === 'error' ? 'form-error' : 'notice-ok'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {temporary !== null && (
        <div className="temporary-password" role="dialog" aria-label="Mot de passe provisoire">
          <p>
            Mot de passe provisoire de <strong>{temporary.username}</strong>, affiché une seule fois : transmettez-le à la personne, qui devra le changer à sa prochaine connexion.
          </p>
          <code data-testid="temporary-password">{temporary.password}</code>
          <button type="button" onClick={() => setTemporary(null)}>
            J’ai transmis le mot de passe
          </button>
        </div>
      )}
      <div className="admin-body">
        <table className="admin-table">
          <thead>
            <tr>
              <th>Compte</th>
              <th>Rôle</th>
              <th>Communes</th>
              <th>Habilitation</th>
              <th>Autorité et référence</th>
              <th>Formation</th>
              <th>2FA</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((u) => {
              const badge = BADGES[habilitationState(u, now)];
              return (
                <tr key={u.id} data-username={u.username}>
                  <td>
                    <strong>{u.displayName}</strong>
                    <div className="muted">{u.username}</div>
                  </td>
                  <td>{ROLE_LABELS[u.role] ?? u.role}</td>
                  <td>{u.communes.map((c) => communeName.get(c) ?? c).join(', ') || '—'}</td>
                  <td>
                    <span className={`badge ${badge.className}`}>{badge.label}</span>
                    <div className="muted">{period(u)}</div>
                  </td>
                  <td>
                    {u.authority || '—'}
                    {u.reference !== '' && <div className="muted">{u.reference}</div>}
                    {u.grantedBy !== '' && <div className="muted">par {u.grantedBy}</div>}
                  </td>
                  <td>{u.trainingDate === null ? '—' : parisDateFr(Date.parse(u.trainingDate))}</td>
                  <td>{u.secondFactor ? 'Active' : '—'}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing(u)}>
                      Modifier
                    </button>
                    {u.disabled ? (
                      <button type="button" onClick={() => void act(() => apiRequest('PATCH', `/api/users/${u.id}`, { disabled: false }), `${u.username} réactivé.`)}>
                        Réactiver
                      </button>
                    ) : disabling === u.id ? (
                      <span className="confirm" role="group" aria-label={`Désactiver ${u.username}`}>
                        <span>Ses sessions ouvertes seront fermées et il ne pourra plus se connecter.</span>
                        <button
                          type="button"
                          className="danger"
                          onClick={() =>
                            void act(() => apiRequest('PATCH', `/api/users/${u.id}`, { disabled: true }), `${u.username} désactivé : ses sessions sont fermées, il ne peut plus se connecter.`)
                          }
                        >
                          Confirmer la désactivation
                        </button>
                        <button type="button" onClick={() => setDisabling(null)}>
                          Annuler
                        </button>
                      </span>
                    ) : (
                      <button type="button" onClick={() => setDisabling(u.id)}>
                        Désactiver
                      </button>
                    )}
                    <button type="button" onClick={() => void resetPassword(u)}>
                      Réinitialiser le mot de passe
                    </button>
                    {u.secondFactor && (
                      <button type="button" onClick={() => void act(() => apiPost(`/api/users/${u.id}/reset-second-factor`), `Double authentification de ${u.username} réinitialisée.`)}>
                        Réinitialiser la 2FA
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length === 0 && <p className="muted">Aucun compte ne correspond au filtre.</p>}
        {editing !== null && (
          <UserForm
            key={editing === 'new' ? 'new' : editing.id}
            editing={editing === 'new' ? null : editing}
            communes={communes}
            onCancel={() => setEditing(null)}
            onDone={() => {
              setMessage({ kind: 'info', text: editing === 'new' ? 'Compte créé.' : 'Compte enregistré.' });
              setEditing(null);
              load();
            }}
          />
        )}
      </div>
    </div>
  );
}

function period(u: UserAccount): string {
  const day = (iso: string) => parisDateFr(Date.parse(iso));
  if (u.validFrom === null && u.validUntil === null) return 'sans limite de durée';
  if (u.validUntil === null) return `depuis le ${day(u.validFrom ?? '')}`;
  return `${u.validFrom === null ? '' : `du ${day(u.validFrom)} `}au ${day(u.validUntil)}`;
}

// Create or edit an account with its habilitation record: role and commune pickers, French dates, the
// errors next to their field. Nothing is written unless the server accepts the whole form.
import { useState, type FormEvent } from 'react';
import { apiRequest } from '../api/client.js';
import { ROLE_LABELS, type UserAccount } from '../api/contracts.js';
import { AUTHORITIES, bodyOf, COMMUNE_ROLES, draftOf, emptyDraft, type FieldErrors, type UserDraft } from './user-form-model.js';
import { userErrorOf } from './user-messages.js';

export interface CommuneOption {
  readonly insee: string;
  readonly name: string;
}

export function UserForm({ editing, communes, onDone, onCancel }: { readonly editing: UserAccount | null; readonly communes: readonly CommuneOption[]; onDone(): void; onCancel(): void }) {
  const [draft, setDraft] = useState<UserDraft>(() => (editing === null ? emptyDraft() : draftOf(editing)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = editing === null;
  const set = <K extends keyof UserDraft>(key: K, value: UserDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const result = bodyOf(draft, creating);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await (creating ? apiRequest('POST', '/api/users', result.body) : apiRequest('PATCH', `/api/users/${editing.id}`, result.body));
      onDone();
    } catch (error) {
      const { text, field } = userErrorOf(error);
      if (field === undefined) setFailure(text);
      else setErrors({ [field]: text });
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (key: keyof UserDraft) =>
    errors[key] === undefined ? null : (
      <span className="field-error" role="alert">
        {errors[key]}
      </span>
    );

  return (
    <form className="user-form" onSubmit={submit} aria-label={creating ? 'Nouveau compte' : `Modifier ${editing.username}`}>
      <h2>{creating ? 'Nouveau compte' : `Modifier le compte ${editing.username}`}</h2>
      <fieldset>
        <legend>Personne</legend>
        <label>
          Identifiant
          <input name="username" value={draft.username} disabled={!creating} autoFocus={creating} onChange={(e) => set('username', e.target.value)} />
          {fieldError('username')}
        </label>
        <label>
          Nom affiché
          <input name="displayName" value={draft.displayName} onChange={(e) => set('displayName', e.target.value)} />
        </label>
        {creating && (
          <label>
            Mot de passe initial
            <input name="password" type="password" autoComplete="new-password" value={draft.password} onChange={(e) => set('password', e.target.value)} />
            {fieldError('password')}
          </label>
        )}
        <label>
          Rôle
          <select name="role" value={draft.role} onChange={(e) => set('role', e.target.value)}>
            {Object.entries(ROLE_LABELS).map(([role, label]) => (
              <option key={role} value={role}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {COMMUNE_ROLES.includes(draft.role) && (
          <label>
            Communes
            <select
              name="communes"
              multiple
              size={6}
              value={draft.communes}
              onChange={(e) =>
                set(
                  'communes',
                  [...e.target.selectedOptions].map((o) => o.value),
                )
              }
            >
              {communes.map((c) => (
                <option key={c.insee} value={c.insee}>
                  {c.name} ({c.insee})
                </option>
              ))}
            </select>
            {fieldError('communes')}
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>Habilitation</legend>
        <label>
          Accordée par
          <input name="grantedBy" placeholder="Nom et qualité" value={draft.grantedBy} onChange={(e) => set('grantedBy', e.target.value)} />
        </label>
        <label>
          Autorité
          <input name="authority" list="authorities" value={draft.authority} onChange={(e) => set('authority', e.target.value)} />
          <datalist id="authorities">
            {AUTHORITIES.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          Référence
          <input name="reference" placeholder="N° d’arrêté ou de désignation" value={draft.reference} onChange={(e) => set('reference', e.target.value)} />
        </label>
        <div className="date-pair">
          <label>
            Valable du (JJ/MM/AAAA)
            <input name="fromDate" placeholder="JJ/MM/AAAA" value={draft.fromDate} onChange={(e) => set('fromDate', e.target.value)} />
            {fieldError('fromDate')}
          </label>
          <label>
            à (HH:MM)
            <input name="fromTime" placeholder="00:00" value={draft.fromTime} onChange={(e) => set('fromTime', e.target.value)} />
          </label>
        </div>
        <div className="date-pair">
          <label>
            au (JJ/MM/AAAA)
            <input name="untilDate" placeholder="JJ/MM/AAAA" value={draft.untilDate} onChange={(e) => set('untilDate', e.target.value)} />
            {fieldError('untilDate')}
          </label>
          <label>
            à (HH:MM)
            <input name="untilTime" placeholder="23:59" value={draft.untilTime} onChange={(e) => set('untilTime', e.target.value)} />
          </label>
        </div>
        <label>
          Formation suivie le (JJ/MM/AAAA)
          <input name="trainingDate" placeholder="JJ/MM/AAAA" value={draft.trainingDate} onChange={(e) => set('trainingDate', e.target.value)} />
          {fieldError('trainingDate')}
        </label>
      </fieldset>
      {failure !== null && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Enregistrement…' : creating ? 'Créer le compte' : 'Enregistrer'}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}

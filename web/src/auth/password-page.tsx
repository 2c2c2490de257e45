// Changing one's own password; required (and the only thing possible) after an administrator's reset.
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { apiPost } from '../api/client.js';
import { accountErrorMessage } from './account-messages.js';
import { AccountFrame } from './account-frame.js';
import { useSession } from './session.js';

export function PasswordPage() {
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const forced = session.status === 'signed-in' && session.account?.pending === 'password-change';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (next !== again) {
      setError('Les deux saisies du nouveau mot de passe diffèrent.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await apiPost('/api/auth/password', { currentPassword: current, newPassword: next });
      await refresh();
      navigate('/cameras', { replace: true });
    } catch (failure) {
      setError(accountErrorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AccountFrame title="Changer de mot de passe">
      {forced && <p className="notice">Votre mot de passe a été réinitialisé par l’administrateur : choisissez-en un nouveau avant de continuer.</p>}
      <form className="account-form" onSubmit={submit}>
        <label>
          {forced ? 'Mot de passe provisoire' : 'Mot de passe actuel'}
          <input name="current" type="password" autoComplete="current-password" required autoFocus value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label>
          Nouveau mot de passe
          <input name="new" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label>
          Nouveau mot de passe (confirmation)
          <input name="again" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
        </label>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Enregistrement…' : 'Enregistrer le mot de passe'}
        </button>
      </form>
    </AccountFrame>
  );
}

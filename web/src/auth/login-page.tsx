// The login page: username and password, then the one-time code when the account has a second factor, French
// error messages, back to the page asked for once signed in.
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../api/client.js';
import { loginErrorMessage, useSession } from './session.js';

export function LoginPage() {
  const { session, login } = useSession();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/cameras';

  if (session.status === 'signed-in') return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password, askCode ? code.trim() : undefined);
    } catch (failure) {
      setError(loginErrorMessage(failure));
      const codeAsked = failure instanceof ApiError && (failure.code === 'VIGIE_SECOND_FACTOR_REQUIRED' || failure.code === 'VIGIE_SECOND_FACTOR_INVALID');
      setAskCode(codeAsked);
      setCode('');
      if (!codeAsked) setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Vigie
        </div>
        <h1 id="login-title">Centre de supervision urbaine</h1>
        {session.status === 'anonymous' && session.expired && (
          <p className="notice">
            Votre session a expiré. Reconnectez-vous. Elle prend fin aussi quand l’administrateur désactive votre compte ou réinitialise votre mot de passe : la connexion en donne alors le motif.
          </p>
        )}
        <label>
          Identifiant
          <input name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Mot de passe
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {askCode && (
          <label>
            Code de double authentification
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
        )}
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Connexion…' : 'Se connecter'}
        </button>
        <p className="legal">Accès réservé aux personnes habilitées. Chaque connexion et chaque consultation d’images est journalisée.</p>
      </form>
    </main>
  );
}

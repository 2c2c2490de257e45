// Enrolling the TOTP second factor: a QR code (drawn by the server) to scan with an authenticator app, the
// secret to type by hand otherwise, then a code to prove it works. Once confirmed, the secret is never shown again.
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { apiPost } from '../api/client.js';
import { accountErrorMessage } from './account-messages.js';
import { AccountFrame } from './account-frame.js';
import { useSession } from './session.js';

interface Setup {
  readonly secret: string;
  readonly qrSvg: string;
}

export function SecondFactorPage() {
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const account = session.status === 'signed-in' ? session.account : null;
  const enrolled = account?.secondFactor.enrolled === true;
  const off = account?.secondFactor.setting === 'off';

  useEffect(() => {
    if (session.status !== 'signed-in' || enrolled || off) return;
    apiPost('/api/auth/second-factor/setup')
      .then((payload) => setSetup(payload as Setup))
      .catch((failure: unknown) => setError(accountErrorMessage(failure)));
  }, [session.status, enrolled, off]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (setup === null) return;
    setBusy(true);
    setError(null);
    try {
      await apiPost('/api/auth/second-factor', { secret: setup.secret, code: code.trim() });
      await refresh();
      navigate('/cameras', { replace: true });
    } catch (failure) {
      setError(accountErrorMessage(failure));
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <AccountFrame title="Double authentification">
      {account?.pending === 'second-factor-enrolment' && <p className="notice">Votre rôle donne accès aux images : la double authentification est obligatoire avant de continuer.</p>}
      {off && <p className="muted">La double authentification est désactivée sur cette installation.</p>}
      {enrolled && <p className="muted">La double authentification est active sur votre compte. En cas de perte du téléphone, l’administrateur peut la réinitialiser.</p>}
      {!enrolled && !off && setup === null && error === null && <p className="muted">Préparation du code QR…</p>}
      {!enrolled && setup !== null && (
        <form className="account-form" onSubmit={submit}>
          <p className="muted">1. Scannez ce code avec votre application d’authentification (FreeOTP, Aegis, Google Authenticator…).</p>
          <div className="qr" aria-label="Code QR à scanner" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
          <p className="muted">
            Ou saisissez la clé à la main : <code data-testid="totp-secret">{setup.secret}</code>
          </p>
          <label>
            2. Code à 6 chiffres affiché par l’application
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Vérification…' : 'Activer la double authentification'}
          </button>
        </form>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </AccountFrame>
  );
}

// The frame of a person's own account pages, outside the console's shell: they must work while nothing else
// does (a password to change, a second factor to enrol), and need a session.
import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { useSession } from './session.js';
import './account.css';

export function AccountFrame({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const { session, logout } = useSession();
  if (session.status === 'loading') return <div className="splash">Chargement…</div>;
  if (session.status === 'anonymous') return <Navigate to="/connexion" replace />;
  return (
    <main className="login">
      <section className="login-card account-card" aria-labelledby="account-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Vigie
        </div>
        <h1 id="account-title">{title}</h1>
        {children}
        <button type="button" className="ghost" onClick={() => void logout()}>
          Se déconnecter
        </button>
      </section>
    </main>
  );
}

// « Registres » (auditors, administrators, room leads): the registers a commission or the CNIL asks for, on one
// printable page (the browser's « Imprimer » gives a clean black-on-white document), each with its CSV.
import { useEffect, useState } from 'react';
import { ApiError, apiGet } from '../api/client.js';
import { can, type RegistersAnswer } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { parisDateFr } from '../time/paris.js';
import { EmptyState } from '../ui/empty-state.js';
import { TextTable } from '../ui/text-table.js';
import './registers.css';

export function RegistersPage() {
  const user = useUser();
  if (!can(user, 'register.read')) {
    return (
      <EmptyState title="Registres : accès réservé">
        Les registres (comptes, caméras, gels, exports, destructions) sont réservés aux auditeurs, aux administrateurs et aux chefs de salle. Votre rôle n’y donne pas accès.
      </EmptyState>
    );
  }
  return <RegistersView />;
}

function RegistersView() {
  const [answer, setAnswer] = useState<RegistersAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    apiGet('/api/registers').then(
      (value) => setAnswer(value as RegistersAnswer),
      (failure: unknown) =>
        setError(
          failure instanceof ApiError && failure.status === 403
            ? 'Votre rôle ne permet pas de consulter les registres.'
            : 'Les registres n’ont pas pu être lus. Réessayez dans un instant ; si le problème persiste, prévenez l’administrateur.',
        ),
    );
  }, []);
  if (error !== null)
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  if (answer === null) return <p className="muted registers-loading">Lecture des registres…</p>;
  return (
    <div className="registers-page">
      <div className="toolbar">
        <h1>Registres</h1>
        <span className="muted">
          Édités le {parisDateFr(answer.toMs)} — destructions du {parisDateFr(answer.fromMs)} au {parisDateFr(answer.toMs)}
        </span>
        <button type="button" className="primary no-print" onClick={() => window.print()}>
          Imprimer
        </button>
      </div>
      <nav className="registers-index no-print" aria-label="Registres">
        {answer.registers.map((register) => (
          <a key={register.id} href={`#registre-${register.id}`}>
            {register.title}
          </a>
        ))}
      </nav>
      {answer.registers.map((register) => (
        <section key={register.id} id={`registre-${register.id}`} className="register" data-register={register.id} aria-label={register.title}>
          <header>
            <h2>{register.title}</h2>
            <span className="muted">{register.inactive === null && register.rows.length > 0 ? `${register.rows.length} ligne${register.rows.length > 1 ? 's' : ''}` : ''}</span>
            <a className="button no-print" href={`/api/registers/${register.id}/csv`} download>
              CSV
            </a>
          </header>
          {register.inactive !== null ? (
            <p className="register-inactive">{register.inactive}</p>
          ) : register.rows.length === 0 ? (
            <p className="register-inactive">Aucune ligne.</p>
          ) : (
            <TextTable columns={register.columns} rows={register.rows} />
          )}
        </section>
      ))}
    </div>
  );
}

// « Demandes de visionnage »: a mayor sends his requests and follows their answers; a room lead answers those
// waiting and ends those in force; operators and auditors read them. The list refreshes every few seconds.
import { useState } from 'react';
import { apiPost } from '../api/client.js';
import { can, type WatchRequest } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { EmptyState } from '../ui/empty-state.js';
import { WatchRequestCard } from './request-card.js';
import { WatchRequestForm } from './request-form.js';
import { useWallMonitors, WatchReviewForm } from './review-form.js';
import { useWatchRequests } from './use-watch-requests.js';
import { watchErrorMessage } from './watch-errors.js';
import './watch.css';

/** The page lists the requests whose window overlaps the last 31 days and what comes after. */
const HISTORY_MS = 31 * 24 * 3_600_000;

export function WatchPage() {
  const user = useUser();
  const [query] = useState(() => `from=${Date.now() - HISTORY_MS}`);
  const readable = can(user, 'watch.read');
  const watch = useWatchRequests(readable ? query : null);
  if (!readable && !can(user, 'watch.request')) {
    return (
      <EmptyState title="Demandes de visionnage : accès réservé">
        Cette page est réservée aux maires (pour leur commune), aux chefs de salle, aux opérateurs et aux auditeurs. Votre rôle n’y donne pas accès.
      </EmptyState>
    );
  }
  const list = <RequestLists requests={watch.requests} status={watch.status} error={watch.error} reload={watch.reload} mayor={can(user, 'watch.request')} reviewer={can(user, 'watch.review')} />;
  return (
    <div className="watch-page">
      <div className="toolbar">
        <h1>Demandes de visionnage</h1>
        <span className="count">{watch.status === 'ready' ? `${watch.requests.length} demande${watch.requests.length > 1 ? 's' : ''} sur 31 jours` : ''}</span>
      </div>
      {can(user, 'watch.request') ? (
        <div className="watch-columns">
          <WatchRequestForm onSent={watch.reload} />
          <div className="watch-lists">{list}</div>
        </div>
      ) : (
        <div className="watch-lists">{list}</div>
      )}
    </div>
  );
}

interface ListsProps {
  readonly requests: readonly WatchRequest[];
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  readonly reload: () => void;
  readonly mayor: boolean;
  readonly reviewer: boolean;
}

function RequestLists({ requests, status, error, reload, mayor, reviewer }: ListsProps) {
  const { monitors, error: monitorError } = useWallMonitors(reviewer);
  const [actionError, setActionError] = useState<string | null>(null);
  if (status === 'loading') return <p className="muted watch-loading">Chargement des demandes…</p>;
  if (status === 'error') return <p className="form-error">Les demandes n’ont pas pu être lues : {error}</p>;

  const act = async (request: WatchRequest, what: 'cancel' | 'end') => {
    setActionError(null);
    try {
      await apiPost(`/api/watch-requests/${encodeURIComponent(request.id)}/${what}`);
    } catch (failure) {
      setActionError(watchErrorMessage(failure));
    }
    reload();
  };
  const now = Date.now();
  const waiting = requests.filter((r) => r.state === 'submitted');
  const inForce = requests.filter((r) => r.state === 'accepted' || r.state === 'active');
  const done = requests.filter((r) => r.state !== 'submitted' && r.state !== 'accepted' && r.state !== 'active');

  if (mayor) {
    return (
      <section aria-label="Mes demandes">
        <h2>Mes demandes</h2>
        {actionError !== null && (
          <p className="form-error" role="alert">
            {actionError}
          </p>
        )}
        {requests.length === 0 && <p className="muted">Aucune demande sur les 31 derniers jours.</p>}
        {requests.map((request) => (
          <WatchRequestCard key={request.id} request={request}>
            {(request.state === 'submitted' || (request.state === 'accepted' && request.fromMs > now)) && (
              <button type="button" className="small" onClick={() => void act(request, 'cancel')}>
                Annuler la demande
              </button>
            )}
          </WatchRequestCard>
        ))}
      </section>
    );
  }
  return (
    <>
      {actionError !== null && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      <section aria-label="À traiter">
        <h2>À traiter ({waiting.length})</h2>
        {reviewer && monitorError !== null && <p className="notice">Moniteurs du mur indisponibles : {monitorError}</p>}
        {waiting.length === 0 && <p className="muted">Aucune demande en attente de réponse.</p>}
        {waiting.map((request) => (
          <WatchRequestCard key={request.id} request={request}>
            {reviewer && <WatchReviewForm request={request} monitors={monitors} onDone={reload} />}
          </WatchRequestCard>
        ))}
      </section>
      <section aria-label="En cours et à venir">
        <h2>En cours et à venir ({inForce.length})</h2>
        {inForce.length === 0 && <p className="muted">Aucune demande acceptée en cours ou à venir.</p>}
        {inForce.map((request) => (
          <WatchRequestCard key={request.id} request={request}>
            {reviewer && (
              <button type="button" className="small" onClick={() => void act(request, 'end')}>
                Terminer maintenant
              </button>
            )}
          </WatchRequestCard>
        ))}
      </section>
      <section aria-label="Historique">
        <h2>Historique ({done.length})</h2>
        {done.length === 0 && <p className="muted">Aucune demande terminée sur les 31 derniers jours.</p>}
        {done.map((request) => (
          <WatchRequestCard key={request.id} request={request} />
        ))}
      </section>
    </>
  );
}

// One live-watch request as everyone reads it: event, commune, state, window, cameras, who asked and the answer.
import type { ReactNode } from 'react';
import { WATCH_STATE_LABELS, type WatchRequest } from '../api/contracts.js';
import { useInventory } from '../cameras/inventory.js';
import { frenchDateTime, frenchWindow, watchedCameras } from './watch-format.js';

const END_CAUSES: Readonly<Record<string, string>> = {
  window: 'terminée à la fin du créneau',
  early: 'terminée avant la fin par le chef de salle',
  cancelled: 'annulée par la mairie',
  unanswered: 'créneau passé sans réponse',
};

export function WatchRequestCard({ request, children }: { readonly request: WatchRequest; readonly children?: ReactNode }) {
  const inventory = useInventory();
  const cameraNames = watchedCameras(request).map((id) => inventory.camera(id)?.name ?? 'Caméra hors de votre périmètre');
  return (
    <article className={`watch-card watch-${request.state}`} data-watch-id={request.id} data-state={request.state} aria-label={`Demande ${request.event}`}>
      <header className="watch-card-head">
        <span className="watch-event">{request.event}</span>
        <span className="watch-commune">{inventory.communeName(request.communeInsee)}</span>
        <span className={`watch-state watch-state-${request.state}`}>{WATCH_STATE_LABELS[request.state]}</span>
      </header>
      <dl className="watch-facts">
        <dt>Créneau</dt>
        <dd>{frenchWindow(request.fromMs, request.toMs)}</dd>
        <dt>{request.acceptedCameraIds === null ? 'Caméras demandées' : 'Caméras retenues'}</dt>
        <dd>{cameraNames.join(', ')}</dd>
        <dt>Contact</dt>
        <dd>{request.contact}</dd>
        <dt>Motif</dt>
        <dd className="watch-reason">{request.reason}</dd>
        <dt>Demandée</dt>
        <dd>
          par {request.requestedBy} le {frenchDateTime(request.createdAt)}
        </dd>
        {request.reviewedBy !== null && (
          <>
            <dt>{request.state === 'declined' ? 'Refus' : 'Réponse'}</dt>
            <dd className="watch-answer">
              {request.state === 'declined' ? 'refusée' : 'acceptée'} par {request.reviewedBy}
              {request.reviewNote !== null && <> : « {request.reviewNote} »</>}
            </dd>
          </>
        )}
        {request.monitorId !== null && (
          <>
            <dt>Mur</dt>
            <dd>
              moniteur {request.monitorId}
              {request.wallOutcome === 'shown' && ' — caméras affichées au début du créneau'}
              {request.wallOutcome !== null && request.wallOutcome !== 'shown' && ' — l’affichage sur le mur a échoué'}
            </dd>
          </>
        )}
        {request.endCause !== null && (
          <>
            <dt>Fin</dt>
            <dd>{END_CAUSES[request.endCause] ?? request.endCause}</dd>
          </>
        )}
      </dl>
      {children}
    </article>
  );
}

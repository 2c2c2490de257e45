// What the shell shows of live-watch requests on every page: the navigation link (with the number waiting for a
// room lead's answer) and, for the room's operators, a banner per accepted request in force — event, commune,
// cameras, until when — that disappears by itself when the request ends.
import { NavLink } from 'react-router-dom';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { parisTimeInput } from '../time/paris.js';
import { useWatchRequests } from './use-watch-requests.js';
import { frenchDateTime, watchedCameras } from './watch-format.js';
import './watch.css';

export function WatchNavLink() {
  const user = useUser();
  const reviewer = can(user, 'watch.review');
  const waiting = useWatchRequests(reviewer ? 'state=submitted' : null);
  if (!can(user, 'watch.read') && !can(user, 'watch.request')) return null;
  const count = reviewer && waiting.status === 'ready' ? waiting.requests.length : 0;
  return (
    <NavLink to="/demandes" aria-label={count > 0 ? `Demandes de visionnage, ${count} en attente` : 'Demandes de visionnage'}>
      Demandes de visionnage
      {count > 0 && (
        <span className="watch-count" data-testid="watch-count" title={`${count} demande${count > 1 ? 's' : ''} en attente de réponse`}>
          {count}
        </span>
      )}
    </NavLink>
  );
}

/** Shown to those who watch for the room (operators, room leads), not to mayors or auditors. */
export function WatchBanner() {
  const user = useUser();
  const shown = can(user, 'watch.read') && can(user, 'video.live') && !can(user, 'watch.request');
  const active = useWatchRequests(shown ? 'active=true' : null);
  const inventory = useInventory();
  if (!shown || active.requests.length === 0) return null;
  const now = Date.now();
  return (
    <div className="watch-banners" role="region" aria-label="Visionnages demandés en cours">
      {active.requests
        .filter((request) => request.toMs > now)
        .map((request) => (
          <div key={request.id} className="watch-banner" data-watch-id={request.id}>
            <span className="watch-banner-tag">Visionnage demandé</span>
            <strong>{request.event}</strong>
            <span>{inventory.communeName(request.communeInsee)}</span>
            <span className="watch-banner-cameras">
              {watchedCameras(request)
                .map((id) => inventory.camera(id)?.name ?? id)
                .join(', ')}
            </span>
            <span className="watch-banner-until" title={`jusqu’au ${frenchDateTime(request.toMs)}`}>
              jusqu’à {parisTimeInput(request.toMs).slice(0, 5)}
            </span>
            {request.monitorId !== null && <span className="watch-banner-monitor">moniteur {request.monitorId}</span>}
          </div>
        ))}
    </div>
  );
}

// The signed-in frame: header (brand, navigation, user, role, communes, logout) above the page.
// Pages behind it need a session; without one the visitor goes to the login page.
import { NavLink, Navigate, Outlet, useLocation } from 'react-router-dom';
import { ROLE_LABELS, can } from '../api/contracts.js';
import { useSession, useUser } from '../auth/session.js';
import { InventoryProvider, useInventory } from '../cameras/inventory.js';
import { Clock } from './clock.js';

export function SignedInLayout() {
  const { session } = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <div className="splash">Chargement…</div>;
  if (session.status === 'anonymous') return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  return (
    <InventoryProvider>
      <Shell />
    </InventoryProvider>
  );
}

function Shell() {
  const { logout } = useSession();
  const user = useUser();
  const inventory = useInventory();
  const communeNames = user.communes.map((insee) => inventory.communeName(insee));

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Vigie
        </div>
        <nav className="nav" aria-label="Navigation principale">
          <NavLink to="/cameras">Caméras</NavLink>
          {can(user, 'video.live') && <NavLink to="/mosaique">Mosaïque</NavLink>}
          {can(user, 'video.playback') && <NavLink to="/relecture">Relecture</NavLink>}
        </nav>
        <Clock />
        <div className="user" data-testid="user">
          <span className="user-name">{user.displayName}</span>
          <span className="user-role">{ROLE_LABELS[user.role] ?? user.role}</span>
          {communeNames.length > 0 && (
            <span className="user-communes" title={user.communes.join(', ')}>
              {communeNames.join(', ')}
            </span>
          )}
          <button type="button" className="ghost" onClick={() => void logout()}>
            Déconnexion
          </button>
        </div>
      </header>
      <div className="page">
        <Outlet />
      </div>
    </div>
  );
}

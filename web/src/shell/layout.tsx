// The signed-in frame: header (brand, navigation, user, role, communes, logout) above the page.
// Pages behind it need a session; without one the visitor goes to the login page.
import { NavLink, Navigate, Outlet, useLocation } from 'react-router-dom';
import { ROLE_LABELS, can } from '../api/contracts.js';
import { useSession, useUser } from '../auth/session.js';
import { AccountNotice, pendingPage, SessionCountdown } from '../auth/account-notice.js';
import { mayReadEstate } from '../admin/cameras-admin-page.js';
import { InventoryProvider, useInventory } from '../cameras/inventory.js';
import { Clock } from './clock.js';
import { WatchBanner, WatchNavLink } from '../watch/watch-shell.js';
import { AlertsBanner, AlertsNavLink } from '../alerts/alerts-shell.js';
import { CameraNotices } from '../health/camera-notices.js';
import { mayUseRetentionPages } from '../retention/retention-tabs.js';
import { StorageNotices } from '../retention/storage-notices.js';

export function SignedInLayout() {
  const { session } = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <div className="splash">Chargement…</div>;
  if (session.status === 'anonymous') return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  const mustFirst = pendingPage(session.account?.pending);
  if (mustFirst !== null) return <Navigate to={mustFirst} replace />;
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
          {can(user, 'camera.list') && <NavLink to="/cameras">Caméras</NavLink>}
          {/* An investigator's live view, when a requisition includes it, is in its viewing room: he lists no camera for a mosaic. */}
          {can(user, 'video.live') && can(user, 'camera.list') && <NavLink to="/mosaique">Mosaïque</NavLink>}
          {can(user, 'video.playback') && <NavLink to="/relecture">Relecture</NavLink>}
          {can(user, 'wall.read') && <NavLink to="/mur">Mur d’images</NavLink>}
          <AlertsNavLink />
          <WatchNavLink />
          {can(user, 'journal.read') && <NavLink to="/journal">Journal</NavLink>}
          {mayUseRetentionPages(user) && <NavLink to={can(user, 'retention.read') ? '/conservation' : '/exports'}>Conservation</NavLink>}
          {can(user, 'requisition.read') && <NavLink to="/requisitions">Réquisitions</NavLink>}
          {can(user, 'access-request.manage') && <NavLink to="/demandes-acces">Demandes d’accès</NavLink>}
          {can(user, 'detection.search') && <NavLink to="/recherche">Recherche</NavLink>}
          {can(user, 'topology.manage') && !can(user, 'requisition.read') && <NavLink to="/topologie">Topologie</NavLink>}
          {can(user, 'analytics.read') && <NavLink to="/analyse">Analyse algorithmique</NavLink>}
          {can(user, 'register.read') && <NavLink to="/registres">Registres</NavLink>}
          {can(user, 'report.read') && <NavLink to="/rapports">Rapports</NavLink>}
          {can(user, 'health.read') && <NavLink to="/sante">Santé</NavLink>}
          {can(user, 'user.manage') && <NavLink to="/admin/comptes">Comptes</NavLink>}
          {mayReadEstate(user) && (
            <NavLink to="/admin/cameras" end={false}>
              Parc
            </NavLink>
          )}
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
      <AlertsBanner />
      <WatchBanner />
      <StorageNotices />
      <CameraNotices />
      <AccountNotice />
      <SessionCountdown />
      <div className="page">
        <Outlet />
      </div>
    </div>
  );
}

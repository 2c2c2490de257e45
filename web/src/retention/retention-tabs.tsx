// The tab strip shared by the room lead's pages: holds, exports, destructions, storage (each shown to whom it serves).
import { NavLink } from 'react-router-dom';
import { can, type SessionUser } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import './retention.css';

/** Whether the user has any of the room lead's pages (the header's « Conservation » link). */
export function mayUseRetentionPages(user: SessionUser): boolean {
  return can(user, 'retention.read') || can(user, 'hold.manage') || can(user, 'video.export');
}

export function RetentionTabs() {
  const user = useUser();
  return (
    <nav className="rl-tabs" aria-label="Conservation des images">
      {can(user, 'retention.read') && <NavLink to="/conservation">Gels</NavLink>}
      {can(user, 'video.export') && <NavLink to="/exports">Exports</NavLink>}
      {can(user, 'retention.read') && <NavLink to="/destructions">Registre des destructions</NavLink>}
      {can(user, 'retention.read') && <NavLink to="/stockage">Stockage</NavLink>}
    </nav>
  );
}

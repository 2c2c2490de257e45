// The alert queue in every operator's console: a nav link with the count of open alerts (red while one is new),
// and a banner listing the new ones with their priority, camera and handler, one click from the page.
import { Link, NavLink } from 'react-router-dom';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { formatParisTime } from '../time/paris.js';
import { PRIORITY_LABELS, STATE_LABELS } from './alert-model.js';
import { useOpenAlerts } from './use-alerts.js';
import './alerts.css';

export function AlertsNavLink() {
  const user = useUser();
  const enabled = can(user, 'alert.read');
  const { alerts } = useOpenAlerts(enabled);
  if (!enabled) return null;
  const fresh = alerts.filter((a) => a.state === 'new').length;
  return (
    <NavLink to="/alertes">
      Alertes{' '}
      {alerts.length > 0 && (
        <span className={fresh > 0 ? 'alert-count alert-count-new' : 'alert-count'} data-testid="alert-count">
          {alerts.length}
        </span>
      )}
    </NavLink>
  );
}

export function AlertsBanner() {
  const user = useUser();
  const inventory = useInventory();
  const enabled = can(user, 'alert.read');
  const { alerts } = useOpenAlerts(enabled);
  const fresh = alerts.filter((a) => a.state === 'new');
  if (!enabled || fresh.length === 0) return null;
  return (
    <div className="alert-banner" role="alert" data-testid="alert-banner">
      {fresh.slice(0, 3).map((a) => (
        <Link key={a.id} to={`/alertes?alerte=${a.id}`} className={`alert-banner-item priority-${a.priority}`}>
          <strong>{PRIORITY_LABELS[a.priority] ?? ''}</strong> {a.ruleLabel} — {inventory.camera(a.cameraId)?.name ?? a.cameraId} à {formatParisTime(a.firstMs)} · {STATE_LABELS[a.state]}
          {a.handler === null ? '' : ` · ${a.handler}`}
        </Link>
      ))}
      {fresh.length > 3 && <Link to="/alertes">et {fresh.length - 3} autre(s)…</Link>}
    </div>
  );
}

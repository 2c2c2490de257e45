// « Registre des destructions » (room lead, administrator, auditor): what the purge destroyed, when and why
// (end of retention, disk full), and beside it what was kept on hold over the same period.
import { useState } from 'react';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { EmptyState } from '../ui/empty-state.js';
import type { HoldView } from './holds-page.js';
import { DESTRUCTION_CAUSES, HOLD_KINDS, frenchBytes, frenchInstant } from './retention-format.js';
import { RetentionTabs } from './retention-tabs.js';
import { useApiData } from './use-api-data.js';

interface Destruction {
  readonly id: string;
  readonly camera_id: string;
  readonly stream: string;
  readonly from_ms: number;
  readonly to_ms: number;
  readonly bytes: number;
  readonly segments: number;
  readonly cause: string;
  readonly destroyed_at: number;
}

const DAY = 24 * 3_600_000;
const PERIODS = [
  { days: 1, label: '24 heures' },
  { days: 7, label: '7 jours' },
  { days: 31, label: '31 jours' },
  { days: 366, label: '1 an' },
];

export function DestructionsPage() {
  const user = useUser();
  if (!can(user, 'retention.read')) return <EmptyState title="Registre des destructions : accès réservé">Ce registre est réservé aux chefs de salle, administrateurs et auditeurs.</EmptyState>;
  return <DestructionsView />;
}

function DestructionsView() {
  const [days, setDays] = useState(31);
  const [now] = useState(() => Date.now());
  const from = now - days * DAY;
  const lines = useApiData<Destruction[]>(`/api/retention/destructions?from=${from}`, 'Lecture du registre des destructions');
  const holds = useApiData<HoldView[]>('/api/retention/holds?all=1', 'Lecture des gels');
  const inventory = useInventory();
  const kept = (holds.data ?? []).filter((hold) => hold.createdAt <= now && (hold.releasedAt ?? hold.expiresAt) >= from);
  const total = (lines.data ?? []).reduce((sum, line) => sum + line.bytes, 0);
  return (
    <div className="rl-page" data-testid="destructions-page">
      <RetentionTabs />
      <div className="rl-head">
        <h1>Registre des destructions</h1>
        <div className="segmented" role="group" aria-label="Période">
          {PERIODS.map((period) => (
            <button key={period.days} type="button" className={period.days === days ? 'on' : ''} onClick={() => setDays(period.days)}>
              {period.label}
            </button>
          ))}
        </div>
        <a className="button" href={`/api/retention/destructions.csv?from=${from}`} download>
          Télécharger (CSV)
        </a>
        <span className="muted">
          Depuis le {frenchInstant(from)} : {(lines.data ?? []).length} destruction{(lines.data ?? []).length > 1 ? 's' : ''}, {frenchBytes(total)}
        </span>
      </div>
      {[lines.error, holds.error]
        .filter((e): e is string => e !== null)
        .map((e) => (
          <p key={e} className="form-error" role="alert">
            {e}
          </p>
        ))}
      <h2>Images détruites</h2>
      {lines.data === null ? (
        <p className="muted">Lecture du registre…</p>
      ) : lines.data.length === 0 ? (
        <p className="muted">Aucune image détruite sur cette période.</p>
      ) : (
        <table className="rl-table" aria-label="Destructions">
          <thead>
            <tr>
              <th>Détruit le</th>
              <th>Caméra</th>
              <th>Flux</th>
              <th>Images du … au …</th>
              <th>Cause</th>
              <th className="num">Volume</th>
              <th className="num">Fichiers</th>
            </tr>
          </thead>
          <tbody>
            {[...lines.data].reverse().map((line) => (
              <tr key={line.id} className={line.cause === 'disk-full' ? 'alert' : ''}>
                <td>{frenchInstant(line.destroyed_at)}</td>
                <td>{inventory.camera(line.camera_id)?.name ?? line.camera_id}</td>
                <td>{line.stream === 'sub' ? 'secondaire' : 'principal'}</td>
                <td>
                  {frenchInstant(line.from_ms)} → {frenchInstant(line.to_ms)}
                </td>
                <td>
                  <span className={`rl-badge ${line.cause === 'disk-full' ? 'bad' : ''}`}>{DESTRUCTION_CAUSES[line.cause] ?? line.cause}</span>
                </td>
                <td className="num">{frenchBytes(line.bytes)}</td>
                <td className="num">{line.segments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Conservé sous gel pendant cette période</h2>
      {kept.length === 0 ? (
        <p className="muted">Aucun gel sur cette période : aucune image n’a été soustraite à la purge.</p>
      ) : (
        <table className="rl-table" aria-label="Images conservées sous gel">
          <thead>
            <tr>
              <th>Caméras</th>
              <th>Images gelées</th>
              <th>Nature</th>
              <th>Référence</th>
              <th>Gel</th>
            </tr>
          </thead>
          <tbody>
            {kept.map((hold) => (
              <tr key={hold.id}>
                <td>{hold.cameraIds.map((id) => inventory.camera(id)?.name ?? id).join(', ')}</td>
                <td>
                  {frenchInstant(hold.fromMs)} → {frenchInstant(hold.toMs)}
                </td>
                <td>{HOLD_KINDS[hold.kind] ?? hold.kind}</td>
                <td>{hold.reference}</td>
                <td>
                  du {frenchInstant(hold.createdAt)} au {frenchInstant(hold.releasedAt ?? hold.expiresAt)}
                  {hold.releasedAt !== null ? ' (levé)' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

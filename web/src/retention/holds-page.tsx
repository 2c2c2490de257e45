// « Gels » (room lead): footage kept past its retention for a judicial procedure or an access request — the list
// (cameras, period, reason, reference, who, until), a new hold, extending and releasing one. Every change is
// journaled by the server; errors are said in French.
import { useState, type FormEvent } from 'react';
import { apiPost } from '../api/client.js';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { EmptyState } from '../ui/empty-state.js';
import { HOLD_KINDS, frenchInstant, parseFrenchInstant, retentionErrorText } from './retention-format.js';
import { RetentionTabs } from './retention-tabs.js';
import { useApiData } from './use-api-data.js';

export interface HoldView {
  readonly id: string;
  readonly reference: string;
  readonly reason: string;
  readonly kind: string;
  readonly cameraIds: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly releasedAt: number | null;
  readonly releasedBy: string | null;
}

const DAY = 24 * 3_600_000;

export function HoldsPage() {
  const user = useUser();
  if (!can(user, 'retention.read')) return <EmptyState title="Gels : accès réservé">Les gels d’images sont gérés par le chef de salle. Votre rôle n’y donne pas accès.</EmptyState>;
  return <HoldsView manage={can(user, 'hold.manage')} />;
}

function HoldsView({ manage }: { readonly manage: boolean }) {
  const [showAll, setShowAll] = useState(false);
  const holds = useApiData<HoldView[]>(`/api/retention/holds${showAll ? '?all=1' : ''}`, 'Lecture des gels');
  const inventory = useInventory();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [extending, setExtending] = useState<string | null>(null);
  const names = (ids: readonly string[]) => ids.map((id) => inventory.camera(id)?.name ?? id).join(', ');

  async function release(hold: HoldView) {
    try {
      await apiPost(`/api/retention/holds/${hold.id}/release`);
      setMessage({ ok: true, text: `Gel « ${hold.reference} » levé : ces images suivront de nouveau leur durée de conservation.` });
      holds.reload();
    } catch (error) {
      setMessage({ ok: false, text: retentionErrorText(error, 'Levée du gel') });
    }
  }

  return (
    <div className="rl-page" data-testid="holds-page">
      <RetentionTabs />
      <div className="rl-head">
        <h1>Gels d’images</h1>
        <span className="muted">Images conservées au-delà de leur durée pour une procédure judiciaire ou une demande d’accès.</span>
        <label className="muted">
          <input type="checkbox" checked={showAll} onChange={(event) => setShowAll(event.target.checked)} /> Afficher aussi les gels levés ou échus
        </label>
      </div>
      {message !== null && (
        <p className={message.ok ? 'rl-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {holds.error !== null && (
        <p className="form-error" role="alert">
          {holds.error}
        </p>
      )}
      <div className="rl-body">
        <div style={{ flex: 1, minWidth: 0 }}>
          {holds.data === null ? (
            <p className="muted">Lecture des gels…</p>
          ) : holds.data.length === 0 ? (
            <p className="muted">Aucun gel en cours : toutes les images suivent leur durée de conservation.</p>
          ) : (
            <table className="rl-table" aria-label="Gels">
              <thead>
                <tr>
                  <th>Caméras</th>
                  <th>Période gelée</th>
                  <th>Nature et motif</th>
                  <th>Référence</th>
                  <th>Par</th>
                  <th>Jusqu’au</th>
                  {manage && <th>Actions</th>}
                </tr>
              </thead>
              <tbody>
                {holds.data.map((hold) => {
                  const active = hold.releasedAt === null && hold.expiresAt > Date.now();
                  return (
                    <tr key={hold.id} data-hold-id={hold.id}>
                      <td>{names(hold.cameraIds)}</td>
                      <td>
                        du {frenchInstant(hold.fromMs)}
                        <br />
                        au {frenchInstant(hold.toMs)}
                      </td>
                      <td>
                        <span className="rl-badge">{HOLD_KINDS[hold.kind] ?? hold.kind}</span> {hold.reason}
                      </td>
                      <td>{hold.reference}</td>
                      <td>
                        {hold.createdBy}
                        <br />
                        <span className="muted">le {frenchInstant(hold.createdAt)}</span>
                      </td>
                      <td>
                        {frenchInstant(hold.expiresAt)}
                        {hold.releasedAt !== null && (
                          <>
                            <br />
                            <span className="rl-badge">
                              levé le {frenchInstant(hold.releasedAt)} par {hold.releasedBy ?? '?'}
                            </span>
                          </>
                        )}
                      </td>
                      {manage && (
                        <td>
                          {active && hold.kind !== 'export' && (
                            <div className="rl-actions">
                              <button type="button" onClick={() => setExtending(extending === hold.id ? null : hold.id)}>
                                Prolonger
                              </button>
                              <button type="button" onClick={() => void release(hold)}>
                                Lever
                              </button>
                            </div>
                          )}
                          {extending === hold.id && (
                            <ExtendForm
                              hold={hold}
                              onDone={(text) => {
                                setExtending(null);
                                setMessage({ ok: true, text });
                                holds.reload();
                              }}
                            />
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        {manage && (
          <NewHoldForm
            onCreated={(text) => {
              setMessage({ ok: true, text });
              holds.reload();
            }}
          />
        )}
      </div>
    </div>
  );
}

function ExtendForm({ hold, onDone }: { readonly hold: HoldView; readonly onDone: (text: string) => void }) {
  const [until, setUntil] = useState(() => frenchInstant(hold.expiresAt + 30 * DAY));
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const expiresAt = parseFrenchInstant(until);
    if (Number.isNaN(expiresAt)) return setError('Échéance invalide : saisissez JJ/MM/AAAA HH:MM:SS (24 h).');
    try {
      await apiPost(`/api/retention/holds/${hold.id}/extend`, { expiresAt });
      onDone(`Gel « ${hold.reference} » prolongé jusqu’au ${frenchInstant(expiresAt)}.`);
    } catch (failure) {
      setError(retentionErrorText(failure, 'Prolongation du gel'));
    }
    return undefined;
  }
  return (
    <form className="rl-actions" onSubmit={(event) => void submit(event)} style={{ marginTop: 6 }}>
      <input aria-label="Nouvelle échéance (JJ/MM/AAAA HH:MM:SS)" value={until} onChange={(event) => setUntil(event.target.value)} size={19} />
      <button type="submit" className="primary">
        Prolonger
      </button>
      {error !== null && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function NewHoldForm({ onCreated }: { readonly onCreated: (text: string) => void }) {
  const inventory = useInventory();
  const [now] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);
  const [kind, setKind] = useState('judicial-requisition');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [filter, setFilter] = useState('');
  const [cameraIds, setCameraIds] = useState<readonly string[]>([]);
  const [from, setFrom] = useState(() => frenchInstant(now - 3_600_000));
  const [to, setTo] = useState(() => frenchInstant(now));
  const [until, setUntil] = useState(() => frenchInstant(now + 90 * DAY));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = inventory.cameras.filter((camera) => filter === '' || `${camera.name} ${camera.communeName ?? ''}`.toLowerCase().includes(filter.toLowerCase())).slice(0, 200);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fromMs = parseFrenchInstant(from);
    const toMs = parseFrenchInstant(to);
    const expiresAt = parseFrenchInstant(until);
    if (cameraIds.length === 0) return setError('Choisissez au moins une caméra.');
    if ([fromMs, toMs, expiresAt].some(Number.isNaN)) return setError('Date ou heure invalide : saisissez JJ/MM/AAAA HH:MM:SS (24 h).');
    if (!(toMs > fromMs)) return setError('La fin de la période doit suivre son début.');
    if (reference.trim() === '' || reason.trim() === '') return setError('Indiquez la référence (procès-verbal, demande) et le motif.');
    setBusy(true);
    try {
      await apiPost('/api/retention/holds', { kind, reference: reference.trim(), reason: reason.trim(), cameraIds, fromMs, toMs, expiresAt });
      setError(null);
      setReference('');
      setReason('');
      setCameraIds([]);
      onCreated(`Gel « ${reference.trim()} » créé : ces images seront conservées jusqu’au ${frenchInstant(expiresAt)}.`);
    } catch (failure) {
      setError(retentionErrorText(failure, 'Création du gel'));
    } finally {
      setBusy(false);
    }
    return undefined;
  }

  return (
    <form className="rl-form" aria-label="Nouveau gel" onSubmit={(event) => void submit(event)}>
      <h2>Nouveau gel</h2>
      <label>
        Nature
        <select value={kind} onChange={(event) => setKind(event.target.value)}>
          <option value="judicial-requisition">Réquisition judiciaire</option>
          <option value="access-request">Demande d’accès</option>
        </select>
      </label>
      <label>
        Référence (procès-verbal, numéro de demande)
        <input value={reference} onChange={(event) => setReference(event.target.value)} maxLength={200} />
      </label>
      <label>
        Motif
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={1000} />
      </label>
      <label>
        Caméras ({cameraIds.length} choisie{cameraIds.length > 1 ? 's' : ''})
        <input placeholder="Filtrer par nom ou commune" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </label>
      <div className="camera-choices">
        {shown.map((camera) => (
          <label key={camera.id}>
            <input
              type="checkbox"
              checked={cameraIds.includes(camera.id)}
              onChange={(event) => setCameraIds(event.target.checked ? [...cameraIds, camera.id] : cameraIds.filter((id) => id !== camera.id))}
            />
            {camera.name} <span className="muted">{camera.communeName ?? inventory.communeName(camera.commune)}</span>
          </label>
        ))}
      </div>
      <div className="pair">
        <label>
          Du (JJ/MM/AAAA HH:MM:SS)
          <input value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          Au (JJ/MM/AAAA HH:MM:SS)
          <input value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
      </div>
      <label>
        Conserver jusqu’au (JJ/MM/AAAA HH:MM:SS)
        <input value={until} onChange={(event) => setUntil(event.target.value)} />
      </label>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Création du gel…' : 'Geler ces images'}
      </button>
    </form>
  );
}

// "Parc de caméras" (/admin/cameras): every camera with its commune, authorisation, retention and field of view,
// filtered by commune or text; a row opens its form (cameras-form.tsx). Administrators edit, and add a camera with
// the same form left blank (« Ajouter une caméra »); room leads and auditors read. "Importer" leads to the import
// with preview (import-page.tsx).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { apiGet } from '../api/client.js';
import { TYPE_LABELS, can, readCommunes, type CameraState, type Commune, type SessionUser } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { EmptyState } from '../ui/empty-state.js';
import { StateBadge } from '../ui/state-badge.js';
import { readEstateCameras, readHealthStates, type EstateCamera } from './estate-api.js';
import { CameraForm } from './cameras-form.js';
import { OnvifOnboarding } from './onvif-onboarding.js';
import { MaskEditor } from '../masks/mask-editor.js';
import { daysUntil, isoToFrench } from './estate-labels.js';
import './estate.css';

const STATE_REFRESH_MS = 5_000;

/** Who may open the page: administrators edit, room leads and auditors read. */
export function mayReadEstate(user: SessionUser): boolean {
  return can(user, 'camera.manage') || user.role === 'room_lead' || user.role === 'auditor';
}

export function CamerasAdminPage() {
  const user = useUser();
  const editable = can(user, 'camera.manage');
  const [cameras, setCameras] = useState<readonly EstateCamera[] | null>(null);
  const [communes, setCommunes] = useState<readonly Commune[]>([]);
  const [states, setStates] = useState<ReadonlyMap<string, CameraState>>(new Map());
  const [failed, setFailed] = useState(false);
  const [commune, setCommune] = useState('');
  const [query, setQuery] = useState('');
  const [expiredOnly, setExpiredOnly] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  /** The name of the camera just added, for the notice above its form. */
  const [added, setAdded] = useState<string | null>(null);
  const open = (id: string, addedName: string | null = null): void => {
    setAdding(false);
    setAdded(addedName);
    setSelectedId(id);
  };

  const load = useCallback(async () => {
    try {
      const [cameraPayload, communePayload, health] = await Promise.all([apiGet('/api/cameras'), apiGet('/api/communes'), apiGet('/api/health/cameras').catch(() => null)]);
      setCameras(readEstateCameras(cameraPayload));
      setCommunes(readCommunes(communePayload).sort((a, b) => a.name.localeCompare(b.name, 'fr')));
      if (health !== null) setStates(readHealthStates(health));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => {
    document.title = 'Parc de caméras — Vigie';
    void load();
  }, [load]);
  // The states follow the ingest (a camera just added or imported comes online while the page is open).
  useEffect(() => {
    const timer = setInterval(() => {
      apiGet('/api/health/cameras')
        .then((health) => setStates(readHealthStates(health)))
        .catch(() => undefined);
    }, STATE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const shown = useMemo(() => {
    const text = query.trim().toLowerCase();
    return (cameras ?? []).filter(
      (c) =>
        (commune === '' || c.commune === commune) &&
        (text === '' || c.name.toLowerCase().includes(text) || c.communeName.toLowerCase().includes(text)) &&
        (!expiredOnly || c.authorisationExpiresOn === null || daysUntil(c.authorisationExpiresOn) < 0),
    );
  }, [cameras, commune, query, expiredOnly]);
  const selected = cameras?.find((c) => c.id === selectedId) ?? null;

  if (!mayReadEstate(user))
    return (
      <div className="estate-page">
        <EmptyState title="Parc de caméras réservé">Cette page sert à administrer les caméras : elle est ouverte aux administrateurs, aux chefs de salle et aux auditeurs.</EmptyState>
      </div>
    );
  return (
    <div className="estate-page estate-split">
      <section className="estate-list">
        <header className="estate-head">
          <h1>Parc de caméras</h1>
          <Link to="/admin/cameras/territoire">Communes et secteurs</Link>
          {editable && (
            <>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setSelectedId(null);
                  setAdded(null);
                  setAdding(true);
                }}
              >
                Ajouter une caméra
              </button>
              <Link className="button" to="/admin/cameras/import">
                Importer…
              </Link>
            </>
          )}
        </header>
        <div className="estate-row estate-filters">
          <input type="search" placeholder="Caméra ou commune" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Rechercher" />
          <select value={commune} onChange={(e) => setCommune(e.target.value)} aria-label="Commune">
            <option value="">Toutes les communes</option>
            {communes.map((c) => (
              <option key={c.insee} value={c.insee}>
                {c.name}
              </option>
            ))}
          </select>
          <label className="estate-check">
            <input type="checkbox" checked={expiredOnly} onChange={(e) => setExpiredOnly(e.target.checked)} />
            Autorisation expirée ou absente
          </label>
        </div>
        {failed && <p className="estate-error">Le parc n’a pas pu être chargé (serveur injoignable ou erreur) ; rechargez la page.</p>}
        {cameras === null && !failed && <p className="estate-note">Chargement du parc…</p>}
        {cameras !== null && (
          <>
            <p className="estate-note" data-testid="estate-count">
              {shown.length} caméra(s) sur {cameras.length}
            </p>
            <table className="estate-table selectable" data-testid="estate-table">
              <thead>
                <tr>
                  <th>Nom</th>
                  <th>Commune</th>
                  <th>Type</th>
                  <th>Conservation</th>
                  <th>Autorisation</th>
                  <th>Orientation</th>
                  <th>État</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.id} className={c.id === selectedId ? 'selected' : ''} onClick={() => open(c.id)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && open(c.id)}>
                    <td>{c.name}</td>
                    <td>{c.communeName}</td>
                    <td>{TYPE_LABELS[c.type] ?? c.type}</td>
                    <td>{c.retentionDays} j</td>
                    <td>
                      <Authorisation camera={c} />
                    </td>
                    <td>{c.fieldOfView === null ? '—' : `${c.fieldOfView.directionDeg}° / ${c.fieldOfView.angleDeg}°`}</td>
                    <td>
                      <StateBadge state={c.enabled ? (states.get(c.id) ?? 'unknown') : 'idle'} compact />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="estate-detail">
        {adding && editable ? (
          <CameraForm
            camera={null}
            communes={communes}
            editable
            onCancel={() => setAdding(false)}
            onSaved={(created) => {
              // The new camera opens in its own form (masks, stream test) and shows in the list once reloaded.
              open(created.id, created.name);
              void load();
            }}
          />
        ) : selected === null ? (
          <>
            <EmptyState title="Aucune caméra choisie">Choisissez une caméra dans la liste pour voir {editable ? 'et modifier ' : ''}sa fiche.</EmptyState>
            {editable && <OnvifOnboarding communes={communes} onAdded={() => void load()} />}
          </>
        ) : (
          <>
            {added !== null && (
              <p className="estate-ok" role="status">
                Caméra « {added} » ajoutée : Vigie se connecte à son flux, son état s’affiche dans la liste.
              </p>
            )}
            <CameraForm camera={selected} communes={communes} editable={editable} onSaved={() => void load()} />
            {can(user, 'mask.manage') && <MaskEditor key={selected.id} cameraId={selected.id} cameraName={selected.name} ptz={selected.type === 'ptz'} />}
          </>
        )}
      </section>
    </div>
  );
}

function Authorisation({ camera }: { readonly camera: EstateCamera }) {
  if (camera.authorisationExpiresOn === null) return <span className="muted">{camera.authorisationRef ?? 'non renseignée'}</span>;
  const days = daysUntil(camera.authorisationExpiresOn);
  const label = `${camera.authorisationRef ?? 'sans référence'} · ${days < 0 ? 'expirée le' : 'jusqu’au'} ${isoToFrench(camera.authorisationExpiresOn)}`;
  return <span className={days < 0 ? 'bad' : days <= 90 ? 'warn' : ''}>{label}</span>;
}

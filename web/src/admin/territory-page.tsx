// « Communes et secteurs » (/admin/cameras/territoire): the administrator chooses a commune, sees its cameras and
// its sectors on the map, creates, renames or deletes a sector, marks it sensitive, draws its area on the map
// (a click per corner) and assigns the commune's cameras to it (ticked in the list, or clicked on the map). The
// communes themselves are imported from a GeoJSON or CSV file (outlines included). Every change goes through the
// API, which journals it; a refusal is said in French. Room leads and auditors read the page.
import { useCallback, useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, apiGet, apiPost, apiRequest } from '../api/client.js';
import { can, readCommunes, type Commune } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { TerritoryMap, type LonLat, type MapArea, type MapCamera } from '../map/territory-map.js';
import { useMapData } from '../map/use-map-data.js';
import { EmptyState } from '../ui/empty-state.js';
import { mayReadEstate } from './cameras-admin-page.js';
import { CommuneSelect } from './commune-select.js';
import { readEstateCameras, type EstateCamera } from './estate-api.js';
import { explainIssue } from './estate-labels.js';
import { readSectors, sectorRefusal, type Sector } from './sector-api.js';
import './estate.css';
import './territory.css';

interface Draft {
  /** null: a new sector. */
  readonly id: string | null;
  readonly name: string;
  readonly sensitive: boolean;
  /** The area's outer ring, [lon, lat] corners (not closed); empty: no area. */
  readonly corners: readonly LonLat[];
  /** Whether the area is a drawn polygon this page may redraw (a MultiPolygon or holes are kept as they are). */
  readonly keptArea: unknown;
  readonly cameraIds: readonly string[];
}

const EMPTY: Draft = { id: null, name: '', sensitive: false, corners: [], keptArea: null, cameraIds: [] };

function draftOf(sector: Sector): Draft {
  const [polygon] = sector.polygons;
  const simple = sector.polygons.length === 1 && polygon?.length === 1;
  const ring = simple ? (polygon?.[0] ?? []) : [];
  return {
    id: sector.id,
    name: sector.name,
    sensitive: sector.sensitive,
    corners: ring.slice(0, -1).map(([lon, lat]) => ({ lon, lat })),
    keptArea: simple ? null : sector.area,
    cameraIds: sector.cameraIds,
  };
}

function areaOf(draft: Draft): unknown {
  if (draft.corners.length < 3) return draft.keptArea;
  const ring = [...draft.corners, draft.corners[0] as LonLat].map((p) => [Number(p.lon.toFixed(6)), Number(p.lat.toFixed(6))]);
  return { type: 'Polygon', coordinates: [ring] };
}

export function TerritoryPage() {
  const user = useUser();
  const editable = can(user, 'territory.manage');
  const map = useMapData(can(user, 'territory.read'));
  const [communes, setCommunes] = useState<readonly Commune[]>([]);
  const [cameras, setCameras] = useState<readonly EstateCamera[]>([]);
  const [sectors, setSectors] = useState<readonly Sector[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [commune, setCommune] = useState('');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [drawing, setDrawing] = useState<readonly LonLat[] | null>(null);
  const [issues, setIssues] = useState<readonly string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [communePayload, cameraPayload, sectorPayload] = await Promise.all([apiGet('/api/communes'), apiGet('/api/cameras'), apiGet('/api/sectors')]);
      const list = readCommunes(communePayload).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
      setCommunes(list);
      setCameras(readEstateCameras(cameraPayload));
      setSectors(readSectors(sectorPayload));
      setFailed(false);
      return list;
    } catch {
      setFailed(true);
      return [];
    }
  }, []);
  useEffect(() => {
    document.title = 'Communes et secteurs — Vigie';
    void load().then((list) => setCommune((current) => current || (list.find((c) => c.insee === '28085') ?? list[0])?.insee || ''));
  }, [load]);

  const chooseCommune = (insee: string): void => {
    setCommune(insee);
    setDraft(EMPTY);
    setDrawing(null);
    setIssues([]);
    setNotice(null);
  };
  const edit = (next: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...next }));
    setNotice(null);
    setConfirmDelete(false);
  };
  const toggleCamera = (id: string, on?: boolean): void =>
    setDraft((d) => {
      const has = d.cameraIds.includes(id);
      const want = on ?? !has;
      return { ...d, cameraIds: want ? (has ? d.cameraIds : [...d.cameraIds, id]) : d.cameraIds.filter((c) => c !== id) };
    });

  const communeCameras = useMemo(() => cameras.filter((c) => c.commune === commune).sort((a, b) => a.name.localeCompare(b.name, 'fr')), [cameras, commune]);
  const communeSectors = useMemo(
    () => (sectors ?? []).filter((s) => s.commune === commune || (s.commune === null && s.cameraIds.some((id) => communeCameras.some((c) => c.id === id)))),
    [sectors, commune, communeCameras],
  );
  const sensitiveCameras = useMemo(() => new Set((sectors ?? []).filter((s) => s.sensitive).flatMap((s) => s.cameraIds)), [sectors]);
  const mapCameras = useMemo(
    (): MapCamera[] =>
      communeCameras.map((c) => ({
        id: c.id,
        name: c.name,
        commune: c.commune,
        communeName: c.communeName,
        // On this page a marker says whether the camera is in the sector being edited, not its stream's state.
        state: draft.cameraIds.includes(c.id) ? 'online' : 'idle',
        recording: null,
        lat: c.lat,
        lon: c.lon,
        fieldOfView: c.fieldOfView,
        sensitive: sensitiveCameras.has(c.id),
        watched: false,
      })),
    [communeCameras, draft.cameraIds, sensitiveCameras],
  );
  const areas = useMemo(
    (): MapArea[] =>
      communeSectors
        // The sector being edited is drawn from the form (its corners as a draft), unless its area is kept as imported.
        .filter((s) => s.polygons.length > 0 && (s.id !== draft.id || draft.keptArea !== null))
        .map((s) => ({ id: s.id, name: s.name, sensitive: s.sensitive, polygons: s.polygons, chosen: s.id === draft.id })),
    [communeSectors, draft.id, draft.keptArea],
  );

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (draft.name.trim() === '') {
      setIssues([explainIssue('sector.name', 'required')]);
      return;
    }
    setBusy(true);
    setIssues([]);
    const body = { name: draft.name, sensitive: draft.sensitive, area: areaOf(draft), cameraIds: draft.cameraIds, commune: commune === '' ? null : commune };
    try {
      const saved = readSectors([draft.id === null ? await apiPost('/api/sectors', body) : await apiRequest('PATCH', `/api/sectors/${encodeURIComponent(draft.id)}`, body)])[0];
      await load();
      if (saved !== undefined) setDraft(draftOf(saved));
      setNotice(draft.id === null ? `Secteur « ${draft.name} » créé.` : `Secteur « ${draft.name} » enregistré.`);
    } catch (failure) {
      setIssues(sectorRefusal(failure));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (): Promise<void> => {
    if (draft.id === null) return;
    setBusy(true);
    try {
      await apiRequest('DELETE', `/api/sectors/${encodeURIComponent(draft.id)}`);
      setNotice(`Secteur « ${draft.name} » supprimé ; ses caméras restent dans le parc.`);
      setDraft(EMPTY);
      setConfirmDelete(false);
      await load();
    } catch (failure) {
      setIssues(sectorRefusal(failure));
    } finally {
      setBusy(false);
    }
  };

  if (!mayReadEstate(user))
    return (
      <div className="estate-page">
        <EmptyState title="Communes et secteurs réservés">Cette page sert à administrer le territoire : elle est ouverte aux administrateurs, aux chefs de salle et aux auditeurs.</EmptyState>
      </div>
    );
  const communeName = communes.find((c) => c.insee === commune)?.name ?? '';
  return (
    <div className="estate-page estate-split territory-page" data-testid="territory-page">
      <section className="estate-list territory-side">
        <header className="estate-head">
          <h1>Communes et secteurs</h1>
          <Link to="/admin/cameras">← Parc de caméras</Link>
        </header>
        {failed && <p className="estate-error">Le territoire n’a pas pu être chargé (serveur injoignable ou erreur) ; rechargez la page.</p>}
        <CommuneSelect communes={communes} value={commune} onChange={chooseCommune} />
        {sectors === null && !failed && <p className="estate-note">Chargement du territoire…</p>}
        {sectors !== null && (
          <>
            <p className="estate-note" data-testid="commune-summary">
              {communeName} : {communeCameras.length} caméra(s), {communeSectors.length} secteur(s)
            </p>
            <ul className="territory-sectors" aria-label="Secteurs de la commune">
              {communeSectors.length === 0 && <li className="muted">Aucun secteur dans cette commune.</li>}
              {communeSectors.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className={`ghost small${s.id === draft.id ? ' selected' : ''}`}
                    onClick={() => {
                      setDraft(draftOf(s));
                      setDrawing(null);
                      setIssues([]);
                      setNotice(null);
                      setConfirmDelete(false);
                    }}
                  >
                    {s.name}
                  </button>
                  {s.sensitive && <span className="tag sensitive">Sensible</span>}
                  <span className="muted">
                    {s.cameraIds.length} caméra(s){s.polygons.length > 0 ? ' · zone dessinée' : ''}
                    {s.commune === null ? ' · plusieurs communes' : ''}
                  </span>
                </li>
              ))}
            </ul>
            {editable && (
              <button
                type="button"
                onClick={() => {
                  setDraft(EMPTY);
                  setDrawing(null);
                  setIssues([]);
                  setNotice(null);
                }}
              >
                Nouveau secteur
              </button>
            )}
            <SectorForm
              title={draft.id === null ? 'Nouveau secteur' : `Secteur « ${communeSectors.find((s) => s.id === draft.id)?.name ?? draft.name} »`}
              draft={draft}
              editable={editable}
              cameras={communeCameras}
              drawing={drawing}
              busy={busy}
              confirmDelete={confirmDelete}
              onEdit={edit}
              onToggleCamera={toggleCamera}
              onStartDrawing={() => setDrawing([])}
              onFinishDrawing={() => {
                if (drawing !== null && drawing.length >= 3) edit({ corners: drawing, keptArea: null });
                setDrawing(null);
              }}
              onCancelDrawing={() => setDrawing(null)}
              onSubmit={save}
              onDelete={() => (confirmDelete ? void remove() : setConfirmDelete(true))}
            />
            {issues.length > 0 && (
              <ul className="estate-error" role="alert" data-testid="sector-issues">
                {issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            )}
            {notice !== null && (
              <p className="estate-ok" role="status">
                {notice}
              </p>
            )}
            {editable && <CommuneImport onImported={() => void load()} />}
          </>
        )}
      </section>
      <section className="territory-map-pane" aria-label="Carte de la commune">
        {drawing === null && (
          <p className="estate-note">Sur cette carte, une caméra en vert fait partie du secteur ouvert, les autres sont en gris ; un clic sur une caméra l’y ajoute ou l’en retire.</p>
        )}
        {drawing !== null && (
          <p className="territory-drawing" role="status" data-testid="drawing-hint">
            Tracé de la zone : cliquez sur la carte pour placer chaque sommet ({drawing.length} placé{drawing.length > 1 ? 's' : ''}), puis « Terminer la zone ».
          </p>
        )}
        <TerritoryMap
          outlines={map.outlines}
          areas={areas}
          draft={drawing ?? draft.corners}
          cameras={mapCameras}
          settings={map.settings}
          selectedId={null}
          focusCommune={commune === '' ? null : commune}
          mayOpen={editable && drawing === null}
          markerHint="Clic : ajouter au secteur ou l’en retirer"
          onOpen={(ids) => {
            if (ids.length === 1) toggleCamera(ids[0] as string);
            else for (const id of ids) toggleCamera(id, true);
          }}
          {...(drawing !== null ? { onPick: (point: LonLat) => setDrawing((d) => [...(d ?? []), point]) } : {})}
        />
      </section>
    </div>
  );
}

interface FormProps {
  readonly title: string;
  readonly draft: Draft;
  readonly editable: boolean;
  readonly cameras: readonly EstateCamera[];
  readonly drawing: readonly LonLat[] | null;
  readonly busy: boolean;
  readonly confirmDelete: boolean;
  onEdit(next: Partial<Draft>): void;
  onToggleCamera(id: string): void;
  onStartDrawing(): void;
  onFinishDrawing(): void;
  onCancelDrawing(): void;
  onSubmit(event: FormEvent): Promise<void>;
  onDelete(): void;
}

function SectorForm({ title, draft, editable, cameras, drawing, busy, confirmDelete, onEdit, onToggleCamera, onStartDrawing, onFinishDrawing, onCancelDrawing, onSubmit, onDelete }: FormProps) {
  const areaText =
    draft.corners.length >= 3
      ? `Zone dessinée (${draft.corners.length} sommets).`
      : draft.keptArea !== null
        ? 'Zone importée (plusieurs polygones), conservée telle quelle.'
        : 'Aucune zone : le secteur est un groupe de caméras.';
  return (
    <form className="estate-form estate-panel" onSubmit={(e) => void onSubmit(e)} aria-label={draft.id === null ? 'Nouveau secteur' : `Secteur ${draft.name}`} data-testid="sector-form">
      <h2>{title}</h2>
      <fieldset disabled={!editable || busy}>
        <label className="estate-field">
          <span>Nom du secteur</span>
          <input value={draft.name} onChange={(e) => onEdit({ name: e.target.value })} placeholder="ex. Quartier de la gare" />
        </label>
        <label className="estate-check">
          <input type="checkbox" checked={draft.sensitive} onChange={(e) => onEdit({ sensitive: e.target.checked })} />
          Secteur sensible (surveillé en priorité par les opérateurs)
        </label>
        <div className="estate-field">
          <span>Zone sur la carte</span>
          <p className="estate-note" data-testid="sector-area">
            {areaText}
          </p>
          {drawing === null ? (
            <div className="estate-row">
              <button type="button" onClick={onStartDrawing}>
                {draft.corners.length >= 3 ? 'Redessiner la zone' : 'Dessiner la zone sur la carte'}
              </button>
              {(draft.corners.length > 0 || draft.keptArea !== null) && (
                <button type="button" className="ghost" onClick={() => onEdit({ corners: [], keptArea: null })}>
                  Effacer la zone
                </button>
              )}
            </div>
          ) : (
            <div className="estate-row">
              <button type="button" className="primary" disabled={drawing.length < 3} onClick={onFinishDrawing}>
                Terminer la zone
              </button>
              <button type="button" className="ghost" onClick={onCancelDrawing}>
                Annuler le tracé
              </button>
            </div>
          )}
        </div>
        <div className="estate-field">
          <span>
            Caméras du secteur ({draft.cameraIds.length} sur {cameras.length} de la commune)
          </span>
          <div className="territory-cameras" role="group" aria-label="Caméras du secteur">
            {cameras.length === 0 && <p className="estate-note">Aucune caméra dans cette commune.</p>}
            {cameras.map((c) => (
              <label key={c.id} className="estate-check">
                <input type="checkbox" checked={draft.cameraIds.includes(c.id)} onChange={() => onToggleCamera(c.id)} />
                {c.name}
              </label>
            ))}
          </div>
        </div>
      </fieldset>
      {editable && (
        <div className="estate-actions">
          <button type="submit" className="primary" disabled={busy || drawing !== null}>
            {draft.id === null ? 'Créer le secteur' : 'Enregistrer'}
          </button>
          {draft.id !== null && (
            <button type="button" className={confirmDelete ? 'danger' : 'ghost'} disabled={busy} onClick={onDelete}>
              {confirmDelete ? 'Confirmer la suppression' : 'Supprimer le secteur'}
            </button>
          )}
        </div>
      )}
    </form>
  );
}

/** Communes come from a file (the IGN's GeoJSON with outlines, or a CSV of codes, names and centroids), all or nothing. */
function CommuneImport({ onImported }: { onImported(): void }) {
  const [result, setResult] = useState<{ ok: boolean; lines: readonly string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const choose = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    setBusy(true);
    setResult(null);
    try {
      const report = (await apiPost('/api/communes/import', await file.text())) as { imported?: number; created?: number; updated?: number };
      setResult({ ok: true, lines: [`${report.imported ?? 0} commune(s) importée(s) : ${report.created ?? 0} nouvelle(s), ${report.updated ?? 0} mise(s) à jour.`] });
      onImported();
    } catch (failure) {
      const errors = failure instanceof ApiError && Array.isArray(failure.details['errors']) ? (failure.details['errors'] as Array<Record<string, unknown>>) : [];
      const lines =
        errors.length > 0
          ? errors.slice(0, 20).map((e) => `Ligne ${String(e['line'] ?? '?')} — ${explainIssue(String(e['field'] ?? ''), typeof e['reason'] === 'string' ? e['reason'] : undefined)}`)
          : [failure instanceof ApiError && failure.status === 0 ? 'Serveur Vigie injoignable.' : 'Fichier illisible : GeoJSON (FeatureCollection) ou CSV avec en-tête attendu.'];
      setResult({ ok: false, lines: [`Fichier refusé, aucune commune importée${errors.length > 20 ? ` (${errors.length} erreurs, les 20 premières ci-dessous)` : ''} :`, ...lines] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="estate-panel" aria-label="Importer des communes">
      <h2>Importer des communes</h2>
      <p className="estate-hint">Un fichier GeoJSON (contours compris) ou CSV (code INSEE, nom, centre). Une commune déjà connue est mise à jour ; une seule ligne fausse et rien n’est importé.</p>
      <label className="estate-file">
        {busy ? 'Import en cours…' : 'Choisir un fichier…'}
        <input type="file" accept=".geojson,.json,.csv,text/csv,application/geo+json" onChange={(e) => void choose(e)} disabled={busy} data-testid="commune-file" />
      </label>
      {result !== null && (
        <ul className={result.ok ? 'estate-ok' : 'estate-error'} role={result.ok ? 'status' : 'alert'} data-testid="commune-import-result">
          {result.lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

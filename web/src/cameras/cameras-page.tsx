// "Caméras": the navigator (tree by commune and sector) beside the map of the territory, both holding only
// the cameras and communes the user may see. A camera opens live from either; a lasso on the map or a
// commune's cameras open as a mosaic.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { layoutFor, mosaicPath } from '../live/mosaic-state.js';
import { TerritoryMap, type MapCamera } from '../map/territory-map.js';
import { useMapData, useSectorAreas } from '../map/use-map-data.js';
import { CameraNavigator } from '../navigator/camera-navigator.js';
import { useActiveWatches } from '../navigator/use-active-watches.js';
import { useFavourites } from '../navigator/use-favourites.js';
import { sectorsOf } from '../navigator/tree-model.js';
import { EmptyState } from '../ui/empty-state.js';
import { useInventory } from './inventory.js';
import './cameras-page.css';

/** An investigator lists no camera (he reaches his requisitions' by their viewing room): his home is « Réquisitions ». */
export function CamerasPage() {
  const user = useUser();
  if (!can(user, 'camera.list') && can(user, 'requisition.read')) return <Navigate to="/requisitions" replace />;
  return <CameraListPage />;
}

function CameraListPage() {
  const inventory = useInventory();
  const user = useUser();
  const navigate = useNavigate();
  const mayWatch = can(user, 'video.live');
  const favourites = useFavourites(can(user, 'camera.list'));
  const watches = useActiveWatches(can(user, 'watch.read'));
  const map = useMapData(can(user, 'territory.read'));
  const areas = useSectorAreas(can(user, 'territory.read'));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focusCommune, setFocusCommune] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Caméras — Vigie';
  }, []);

  const watchedCameras = useMemo(() => new Set(watches.flatMap((w) => w.cameraIds)), [watches]);
  const open = useCallback((ids: readonly string[]) => navigate(mosaicPath(layoutFor(ids.length), ids)), [navigate]);
  const mapCameras = useMemo(
    () =>
      inventory.cameras.flatMap((camera): MapCamera[] => {
        const placement = inventory.placements.get(camera.id);
        if (placement?.position == null) return [];
        return [
          {
            id: camera.id,
            name: camera.name,
            commune: camera.commune,
            communeName: inventory.communeName(camera.commune),
            state: camera.enabled ? camera.state : 'offline',
            recording: inventory.recording.get(camera.id) ?? null,
            lat: placement.position.lat,
            lon: placement.position.lon,
            fieldOfView: placement.fieldOfView,
            sensitive: sectorsOf(placement).some((s) => s.sensitive),
            watched: watchedCameras.has(camera.id),
          },
        ];
      }),
    [inventory, watchedCameras],
  );

  if (inventory.status === 'loading') return <div className="splash">Chargement des caméras…</div>;
  if (inventory.status === 'error')
    return <EmptyState title="Impossible de charger les caméras.">Le serveur Vigie n’a pas répondu. La page réessaie toute seule ; si cela dure, prévenez le chef de salle.</EmptyState>;
  if (inventory.cameras.length === 0)
    return (
      <EmptyState title="Aucune caméra ne vous est attribuée.">
        Votre compte n’a accès à aucune caméra. Si c’est une erreur, contactez l’administrateur de Vigie pour vérifier votre habilitation et votre commune.
      </EmptyState>
    );

  const counts = { online: 0, degraded: 0, offline: 0 };
  for (const camera of inventory.cameras) {
    const state = camera.enabled ? camera.state : 'offline';
    if (state === 'online' || state === 'degraded' || state === 'offline') counts[state] += 1;
  }
  const recordingCount = [...inventory.recording.values()].filter((s) => s === 'recording').length;

  return (
    <section className="cameras-page">
      <div className="toolbar">
        <h1>Caméras</h1>
        <div className="state-summary" data-testid="state-summary">
          <span className="summary state-online">
            <i /> {counts.online} en ligne
          </span>
          <span className="summary state-degraded">
            <i /> {counts.degraded} dégradée{counts.degraded > 1 ? 's' : ''}
          </span>
          <span className="summary state-offline">
            <i /> {counts.offline} hors ligne
          </span>
          {can(user, 'recording.read') && (
            <span className="summary recording">
              <i /> {recordingCount} en enregistrement
            </span>
          )}
          {watches.length > 0 && <span className="tag watched">{watches.length === 1 ? '1 veille en cours' : `${watches.length} veilles en cours`}</span>}
        </div>
        {focusCommune !== null && (
          <button type="button" className="ghost small" onClick={() => setFocusCommune(null)}>
            Tout le territoire
          </button>
        )}
      </div>
      {(favourites.problem ?? map.problem) !== null && (
        <p className="notice cameras-notice" role="alert">
          {favourites.problem ?? map.problem}
        </p>
      )}
      <div className="cameras-split">
        <CameraNavigator
          cameras={inventory.cameras}
          placements={inventory.placements}
          recording={inventory.recording}
          communeName={inventory.communeName}
          favourites={favourites.ids}
          favouritesEnabled={can(user, 'camera.list')}
          toggleFavourite={favourites.toggle}
          watchedCameras={watchedCameras}
          mayOpen={mayWatch}
          selectedId={selectedId}
          onSelect={setSelectedId}
          onOpen={open}
          onFocusCommune={setFocusCommune}
        />
        <TerritoryMap outlines={map.outlines} areas={areas} cameras={mapCameras} settings={map.settings} selectedId={selectedId} focusCommune={focusCommune} mayOpen={mayWatch} onOpen={open} />
      </div>
    </section>
  );
}
